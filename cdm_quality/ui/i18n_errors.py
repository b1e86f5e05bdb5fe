"""The texts of every error the services raise, by code, in French and English.

A service raises `ServiceError(code, **params)` (and the answer rules `AnswerError(item_id,
code, **params)`); `describe` words it (pages call it through `ui.errors.error_text`, which
adds the session's language and time zone; the CLI calls it in English). No streamlit here.
`tests/ui/test_errors.py` fails when a raised code has no entry, or an entry lacks a
language. `part.*` entries name the fields and parts that some errors list (`what=`, `fields=`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from babel.dates import format_datetime

from cdm_quality.domain import formats
from cdm_quality.domain.formats import LOCALES
from cdm_quality.domain.questionnaire import Lang

NAMED_PARTS = ("what", "fields")  # parameters holding field or part names, worded per language
NUMBERS = ("value", "min", "max")  # parameters holding a number a person typed or must respect


class Coded(Protocol):
    """What an error gives to be worded: its code and parameters."""

    code: str
    params: dict[str, Any]


ERRORS: dict[str, dict[Lang, str]] = {
    # generic (an error class raised without a code of its own)
    "unexpected": {
        "fr": "L'opération n'a pas abouti ; réessayez.",
        "en": "The operation did not succeed; please try again.",
    },
    "denied": {"fr": "Vous n'avez pas accès à ceci.", "en": "You do not have access to this."},
    "not_found": {"fr": "Introuvable.", "en": "Not found."},
    "invalid": {"fr": "Saisie refusée.", "en": "Input refused."},
    "state": {
        "fr": "Cette opération n'est pas possible dans l'état actuel.",
        "en": "This operation is not possible in the current state.",
    },
    # access
    "denied.read": {
        "fr": "Vous ne pouvez voir que votre propre Cité.",
        "en": "You can only see your own Cité.",
    },
    "denied.fill": {
        "fr": "Vous ne pouvez répondre que pour votre propre Cité.",
        "en": "You can only answer for your own Cité.",
    },
    "denied.rate": {
        "fr": "Seule l'équipe de cette Cité peut y donner ses notes.",
        "en": "Only this Cité's team can rate its items.",
    },
    "denied.consensus": {
        "fr": "Seule la direction de cette Cité fixe le consensus et invite des évaluateurs.",
        "en": "Only the director of this Cité sets the consensus and invites assessors.",
    },
    "denied.campaign": {
        "fr": "Votre compte d'évaluateur vaut pour une autre campagne.",
        "en": "Your assessor account is for another campaign.",
    },
    "rating.not_scored": {
        "fr": "Cette question n'est pas notée : elle se remplit directement.",
        "en": "This question is not scored: it is answered directly.",
    },
    "rating.done": {
        "fr": "Vous avez terminé vos notes : elles ne peuvent plus changer.",
        "en": "You have finished your ratings: they can no longer change.",
    },
    "rating.none_to_finish": {
        "fr": "Donnez au moins une note avant de terminer.",
        "en": "Give at least one rating before finishing.",
    },
    "consensus.too_long": {
        "fr": "La justification du consensus dépasse {max} caractères.",
        "en": "The consensus rationale is longer than {max} characters.",
    },
    "account.campaign_for_assessor": {
        "fr": "Un compte d'évaluateur vaut pour une campagne ; les autres comptes pour aucune.",
        "en": "An assessor account is for one campaign; other accounts for none.",
    },
    "denied.submit": {
        "fr": "Seule la direction de cette Cité peut envoyer son autoévaluation.",
        "en": "Only the director of this Cité can submit its self-assessment.",
    },
    "denied.reopen": {
        "fr": "Seule l'autorité de label peut rouvrir une autoévaluation envoyée.",
        "en": "Only the label authority can reopen a submitted self-assessment.",
    },
    "denied.run_campaigns": {
        "fr": "Seule l'autorité de label peut conduire les campagnes.",
        "en": "Only the label authority can run campaigns.",
    },
    "denied.record_phase": {
        "fr": "Seule l'autorité de label peut enregistrer une décision de phase.",
        "en": "Only the label authority can record a phase decision.",
    },
    "denied.review": {
        "fr": "Seule l'autorité de label peut formuler des avis et fixer des échéances.",
        "en": "Only the label authority can write review notes and set due dates.",
    },
    "denied.manage_cites": {
        "fr": "Seul un administrateur peut gérer les Cités.",
        "en": "Only an administrator can manage Cités.",
    },
    "denied.manage_users": {
        "fr": "Seul un administrateur peut gérer les comptes.",
        "en": "Only an administrator can manage user accounts.",
    },
    "denied.backup": {
        "fr": "Seul un administrateur peut sauvegarder ou restaurer la base.",
        "en": "Only an administrator can back up or restore the database.",
    },
    # signing in, accounts, passwords
    "auth.failed": {
        "fr": "Identifiant ou mot de passe incorrect.",
        "en": "Login or password incorrect.",
    },
    "auth.throttled": {
        "fr": "Trop d'essais infructueux. Réessayez dans {minutes} minute(s) environ, ou "
        "demandez à un administrateur de réinitialiser votre mot de passe.",
        "en": "Too many failed attempts. Try again in about {minutes} minute(s), or ask an "
        "administrator to reset your password.",
    },
    "password.length": {
        "fr": "Un mot de passe compte entre {min} et {max} caractères.",
        "en": "A password needs between {min} and {max} characters.",
    },
    "password.current_wrong": {
        "fr": "Le mot de passe actuel n'est pas le bon.",
        "en": "The current password is not right.",
    },
    "account.invalid": {"fr": "Saisie refusée : {fields}.", "en": "Input refused: {fields}."},
    "account.cite_for_role": {
        "fr": "Direction, contributeurs et évaluateurs appartiennent à une Cité ; l'autorité "
        "de label et les administrateurs à aucune.",
        "en": "Directors, contributors and assessors belong to one Cité; the authority and "
        "admins to none.",
    },
    "account.login_taken": {
        "fr": "L'identifiant « {login} » est déjà pris.",
        "en": "The login “{login}” is already taken.",
    },
    "account.not_found": {
        "fr": "Aucun compte « {login} ».",
        "en": "No account “{login}”.",
    },
    "account.changed": {
        "fr": "Votre compte a été désactivé ou modifié (rôle, Cité) depuis l'ouverture de cette "
        "page : rien n'a été enregistré.",
        "en": "Your account was disabled or changed (role or Cité) since this page was opened, "
        "so nothing was saved.",
    },
    "session.ended": {
        "fr": "Votre session est terminée (déconnexion, inactivité ou changement du compte) : "
        "rien n'a été enregistré. Reconnectez-vous.",
        "en": "Your session has ended (signed out, idle, or the account changed), so nothing "
        "was saved. Sign in again.",
    },
    "account.no_cite": {
        "fr": "Votre compte n'est rattaché à aucune Cité.",
        "en": "Your account belongs to no Cité.",
    },
    # Cités
    "cite.not_found": {"fr": "Cette Cité n'existe pas.", "en": "No such Cité."},
    "cite.name_taken": {
        "fr": "Une Cité nommée « {name} » existe déjà.",
        "en": "A Cité named “{name}” already exists.",
    },
    # campaigns
    "campaign.not_found": {"fr": "Cette campagne n'existe pas.", "en": "No such campaign."},
    "campaign.no_questionnaire": {
        "fr": "La campagne ne comporte pas le questionnaire « {questionnaire} ».",
        "en": "The campaign has no questionnaire “{questionnaire}”.",
    },
    "campaign.no_questionnaires": {
        "fr": "Une campagne comporte au moins un questionnaire.",
        "en": "A campaign needs at least one questionnaire.",
    },
    "campaign.dates_reversed": {
        "fr": "La date de clôture précède la date d'ouverture.",
        "en": "The closing date is before the opening date.",
    },
    "campaign.year_taken": {
        "fr": "Une campagne existe déjà pour {year}.",
        "en": "A campaign for {year} already exists.",
    },
    "campaign.not_draft": {
        "fr": "« {name} » n'est pas en préparation : seule une campagne en préparation s'ouvre.",
        "en": "“{name}” is not a draft: only a draft campaign can open.",
    },
    "campaign.other_open": {
        "fr": "Une autre campagne est ouverte ; clôturez-la d'abord.",
        "en": "Another campaign is open; close it first.",
    },
    "campaign.not_open": {
        "fr": "« {name} » n'est pas ouverte : seule une campagne ouverte se clôture.",
        "en": "“{name}” is not open: only an open campaign can close.",
    },
    "campaign.not_closed": {
        "fr": "« {name} » n'est pas clôturée : seule une campagne clôturée se rouvre.",
        "en": "“{name}” is not closed: only a closed campaign can be reopened.",
    },
    "campaign.not_open_to_start": {
        "fr": "« {name} » n'est pas ouverte : aucune autoévaluation ne peut y commencer.",
        "en": "“{name}” is not open: no new self-assessment can start.",
    },
    "campaign.no_file": {
        "fr": "Aucun fichier de questionnaire pour {ids} dans {directory}.",
        "en": "No questionnaire file for {ids} in {directory}.",
    },
    # self-assessments and answers
    "response.not_found": {
        "fr": "Cette autoévaluation n'existe pas.",
        "en": "No such self-assessment.",
    },
    "response.no_cite_or_campaign": {
        "fr": "Cette Cité ou cette campagne n'existe pas.",
        "en": "No such Cité or campaign.",
    },
    "response.not_started": {
        "fr": "L'autoévaluation n'a pas pu commencer ; réessayez.",
        "en": "The self-assessment could not be started; try again.",
    },
    "response.no_item": {
        "fr": "Le questionnaire ne comporte pas cette question.",
        "en": "The questionnaire has no such question.",
    },
    "response.locked": {
        "fr": "Cette autoévaluation ne peut plus changer.",
        "en": "This self-assessment can no longer change.",
    },
    "response.submitted": {
        "fr": "Cette autoévaluation est envoyée ; demandez à l'autorité de label de la rouvrir.",
        "en": "This self-assessment is submitted; ask the label authority to reopen it.",
    },
    "response.campaign_closed": {
        "fr": "La campagne est clôturée ; cette autoévaluation ne peut plus changer.",
        "en": "The campaign is closed; this self-assessment can no longer change.",
    },
    "response.missing": {
        "fr": "{count} question(s) obligatoire(s) encore sans réponse.",
        "en": "{count} required question(s) still unanswered.",
    },
    "response.not_submitted": {
        "fr": "Seule une autoévaluation envoyée peut être rouverte.",
        "en": "Only a submitted self-assessment can be reopened.",
    },
    "response.reason_required": {
        "fr": "Indiquez le motif de la réouverture : il est communiqué à la Cité.",
        "en": "Give the reason for reopening: the Cité is told it.",
    },
    "answer.conflict": {
        "fr": "{who} a modifié cette réponse le {when} (version {version}) pendant que vous la "
        "modifiiez. Comparez avec votre saisie, puis enregistrez à nouveau.",
        "en": "{who} changed this answer on {when} (version {version}) while you were editing "
        "it. Compare with your input, then save again.",
    },
    "answer.no_version": {
        "fr": "La version {version} de cette réponse n'existe pas.",
        "en": "Version {version} of this answer does not exist.",
    },
    "answer.not_in_phase": {
        "fr": "Cette question n'est pas posée dans la phase de votre Cité.",
        "en": "This question is not asked in your Cité's phase.",
    },
    "answer.not_text": {"fr": "{what} doit être du texte.", "en": "The {what} must be text."},
    "answer.nul": {
        "fr": "{what} contient un caractère nul ; retirez-le.",
        "en": "The {what} contains a NUL character; remove it.",
    },
    "answer.bad_character": {
        "fr": "{what} contient un caractère invalide ; saisissez-le à nouveau.",
        "en": "The {what} contains an invalid character; type it again.",
    },
    "answer.too_long": {
        "fr": "{what} a {length} caractères ; {max} au plus.",
        "en": "The {what} has {length} characters; at most {max} are allowed.",
    },
    "answer.not_level": {
        "fr": "Choisissez un des niveaux proposés.",
        "en": "Choose one of the levels offered.",
    },
    "answer.not_yes_no": {"fr": "Répondez oui ou non.", "en": "Answer yes or no."},
    "answer.not_option": {
        "fr": "Choisissez parmi les options proposées.",
        "en": "Choose among the options offered.",
    },
    "answer.not_number": {"fr": "Saisissez un nombre.", "en": "Type a number."},
    "answer.not_whole": {
        "fr": "{value} n'est pas un nombre entier.",
        "en": "{value} is not a whole number.",
    },
    "answer.below_min": {
        "fr": "{value} est inférieur au minimum, {min}.",
        "en": "{value} is below the minimum, {min}.",
    },
    "answer.above_max": {
        "fr": "{value} est supérieur au maximum, {max}.",
        "en": "{value} is above the maximum, {max}.",
    },
    "answer.not_date": {"fr": "Saisissez une date.", "en": "Type a date."},
    "answer.not_entries": {
        "fr": "Saisissez une entrée par ligne.",
        "en": "Type one entry per line.",
    },
    "answer.too_many_entries": {
        "fr": "{count} entrées ; {max} au plus.",
        "en": "{count} entries; at most {max}.",
    },
    "answer.not_status": {
        "fr": "Choisissez un état, puis écrivez le texte.",
        "en": "Choose a status, then write the text.",
    },
    "answer.unchanged_not_to_update": {
        "fr": "Seule une rubrique « à actualiser » peut être marquée inchangée depuis le dernier "
        "dossier ; choisissez un autre état.",
        "en": "Only a part of the file “to update” can be marked unchanged since the last "
        "file; choose another status.",
    },
    "answer.no_remark": {
        "fr": "Cette question ne prend pas de remarque.",
        "en": "This question takes no remark.",
    },
    "answer.no_evidence": {
        "fr": "Cette question ne prend pas de justificatif.",
        "en": "This question takes no evidence.",
    },
    # improvement plan
    "plan.closed": {
        "fr": "« {name} » est clôturée : son plan ne peut plus changer.",
        "en": "“{name}” is closed: its plan can no longer change.",
    },
    "plan.unknown_item": {
        "fr": "La question « {item} » n'est pas dans les grilles de la campagne.",
        "en": "The question “{item}” is not in the campaign's grids.",
    },
    "plan.unknown_continued": {
        "fr": "L'action à poursuivre ({action}) est introuvable.",
        "en": "The action to continue ({action}) cannot be found.",
    },
    "plan.not_in_plan": {
        "fr": "Cette action n'est pas dans ce plan.",
        "en": "This action is not in this plan.",
    },
    "plan.no_action": {"fr": "Cette action n'existe pas.", "en": "No such action."},
    "plan.deleted": {
        "fr": "{who} a supprimé cette action le {when}. Rechargez le plan.",
        "en": "{who} deleted this action on {when}. Reload the plan.",
    },
    "plan.conflict": {
        "fr": "{who} a modifié l'action « {title} » le {when} (version {version}) pendant que "
        "vous la modifiiez. Rien n'a été enregistré : rechargez le plan pour voir sa "
        "modification, puis refaites la vôtre.",
        "en": "{who} changed the action “{title}” on {when} (version {version}) while you "
        "were editing it. Nothing was saved: reload the plan to see their change, then make "
        "yours again.",
    },
    "review.not_found": {
        "fr": "Cet avis n'existe plus.",
        "en": "This review note no longer exists.",
    },
    "review.not_submitted": {
        "fr": "L'autorité donne son avis une fois l'autoévaluation remise.",
        "en": "The authority reviews a self-assessment once it has been submitted.",
    },
    "review.text_empty": {
        "fr": "Écrivez le texte de l'avis.",
        "en": "Write the text of the note.",
    },
    "review.text_long": {
        "fr": "Le texte compte au plus {max} caractères ; raccourcissez-le.",
        "en": "The text may hold at most {max} characters; shorten it.",
    },
    "review.due_missing": {
        "fr": "Une recommandation ou une réserve demande une échéance : choisissez une date.",
        "en": "A recommendation or a reservation needs a due date: pick one.",
    },
    "review.reply_empty": {
        "fr": "Écrivez votre réponse avant de l'envoyer.",
        "en": "Write your answer before sending it.",
    },
    "review.comment_no_action": {
        "fr": "Seules les recommandations et les réserves deviennent des actions du plan.",
        "en": "Only recommendations and reservations become plan actions.",
    },
    "review.already_action": {
        "fr": "Cet avis est déjà devenu une action du plan.",
        "en": "This note has already become a plan action.",
    },
    "review.basis_foreign": {
        "fr": "Une décision ne peut s'appuyer que sur les recommandations et réserves de "
        "cette Cité.",
        "en": "A decision can only rest on this Cité's recommendations and reservations.",
    },
    "plan.carried_on": {
        "fr": "« {title} » est poursuivie dans un plan ultérieur et ne peut pas être "
        "supprimée ; passez son état à « abandonnée ».",
        "en": "“{title}” is carried on in a later plan and cannot be deleted; set its status "
        "to abandoned instead.",
    },
    # synthesis: participants and validation
    "text.too_long": {
        "fr": "Ce texte compte {length} caractères ; {max} au plus, raccourcissez-le.",
        "en": "This text is {length} characters long; {max} at most, shorten it.",
    },
    "synthesis.closed": {
        "fr": "« {name} » est clôturée : on ne peut plus changer ses participants.",
        "en": "“{name}” is closed: its participants can no longer change.",
    },
    "validation.no_body": {
        "fr": "Nommez l'instance qui a validé (par exemple le comité de pilotage).",
        "en": "Name the body that validated (for example the steering committee).",
    },
    "validation.future": {
        "fr": "Le {date} est dans le futur : donnez le jour de la réunion.",
        "en": "{date} is in the future: give the day of the meeting.",
    },
    # comparison
    "compare.by_name": {
        "fr": "Seule l'autorité de label compare les Cités nommément.",
        "en": "Only the label authority compares Cités by name.",
    },
    "compare.choose_cite": {
        "fr": "Choisissez la Cité à comparer.",
        "en": "Choose the Cité to compare.",
    },
    # storage, backups, demo
    "storage.unavailable": {
        "fr": "La base de données est injoignable ou occupée : rien n'a été enregistré. "
        "Gardez votre saisie et réessayez dans un instant.",
        "en": "The database cannot be reached or is busy right now, so nothing was saved. "
        "Keep what you typed and try again in a moment.",
    },
    "storage.busy": {
        "fr": "La base de données est trop occupée pour enregistrer cette réponse ; réessayez.",
        "en": "The database is too busy to save this answer; please try again.",
    },
    "backup.header": {
        "fr": "Ce fichier n'est pas une sauvegarde de cdm-quality (en-tête inattendu).",
        "en": "This file is not a cdm-quality backup (wrong header).",
    },
    "backup.unknown_table": {
        "fr": "Ligne {line} : table inconnue « {table} ».",
        "en": "Line {line}: unknown table “{table}”.",
    },
    "backup.not_text": {
        "fr": "Ligne {line} : ce n'est pas du texte UTF-8 (un fichier binaire, ou enregistré "
        "dans un autre encodage) ; ce n'est pas une sauvegarde intacte. Rien n'a été restauré.",
        "en": "Line {line}: not UTF-8 text (a binary file, or saved in another encoding); this "
        "is not an intact backup. Nothing was restored.",
    },
    "backup.not_json": {
        "fr": "Ligne {line} : ce n'est pas une ligne de sauvegarde (un objet JSON). Rien n'a "
        "été restauré.",
        "en": "Line {line}: not a backup line (a JSON object). Nothing was restored.",
    },
    "backup.row_not_object": {
        "fr": "Ligne {line} : la ligne de la table « {table} » n'est pas un objet JSON. Rien "
        "n'a été restauré.",
        "en": "Line {line}: the row of table “{table}” is not a JSON object. Nothing was restored.",
    },
    "backup.unknown_column": {
        "fr": "Ligne {line} : la table « {table} » n'a pas de colonne « {column} ». Rien n'a "
        "été restauré.",
        "en": "Line {line}: table “{table}” has no column “{column}”. Nothing was restored.",
    },
    "backup.bad_value": {
        "fr": "Ligne {line} : la valeur {value} ne convient pas à la colonne « {column} » de "
        "la table « {table} ». Rien n'a été restauré.",
        "en": "Line {line}: the value {value} does not fit column “{column}” of table "
        "“{table}”. Nothing was restored.",
    },
    "backup.incomplete": {
        "fr": "La sauvegarde est incomplète : sa ligne de fin manque (le fichier a été coupé, "
        "ou la sauvegarde ne s'est pas terminée). Rien n'a été restauré ; reprenez une "
        "sauvegarde complète.",
        "en": "The backup is incomplete: its end line is missing (the file was cut short, or "
        "the backup did not finish). Nothing was restored; use a complete backup.",
    },
    "backup.checksum": {
        "fr": "La sauvegarde ne correspond pas à sa ligne de fin (nombre de lignes par table "
        "ou somme de contrôle sha256) : elle a été modifiée ou abîmée. Rien n'a été restauré.",
        "en": "The backup does not match its end line (rows per table or sha256 checksum): it "
        "was changed or damaged. Nothing was restored.",
    },
    "backup.after_end": {
        "fr": "Ligne {line} : du texte suit la ligne de fin de la sauvegarde. Rien n'a été "
        "restauré.",
        "en": "Line {line}: text follows the backup's end line. Nothing was restored.",
    },
    "backup.rows_refused": {
        "fr": "La base a refusé des lignes de la table « {table} » (lignes {first} à {last} du "
        "fichier : {reason}) : elles ne tiennent pas ensemble, le fichier a sans doute été "
        "modifié à la main. Rien n'a été restauré.",
        "en": "The database refused rows of table “{table}” (lines {first} to {last} of the "
        "file: {reason}): they do not fit together, the file was probably edited by hand. "
        "Nothing was restored.",
    },
    "backup.revision": {
        "fr": "La sauvegarde vient d'une version inconnue du schéma ({revision}).",
        "en": "The backup comes from an unknown schema revision ({revision}).",
    },
    "backup.not_empty": {
        "fr": "La restauration demande une base vide, et celle-ci contient des données. "
        "Indiquez une nouvelle base dans CDM_QUALITY_DATABASE_URL (ou un nouveau dossier).",
        "en": "Restore needs an empty database, and this one holds data. Point "
        "CDM_QUALITY_DATABASE_URL at a new database (or a new data directory).",
    },
    "demo.not_empty": {
        "fr": "La base contient déjà des données ; la démonstration ne se charge que dans une "
        "base vide.",
        "en": "The database already holds data; the demo loads only into an empty one.",
    },
    # parts and fields named by the errors above
    "part.text": {"fr": "Le texte", "en": "text"},
    "part.remark": {"fr": "La remarque", "en": "remark"},
    "part.evidence": {"fr": "Le justificatif", "en": "evidence"},
    "part.login": {"fr": "identifiant", "en": "login"},
    "part.name": {"fr": "nom", "en": "name"},
    "part.email": {"fr": "adresse électronique", "en": "email"},
    "part.role": {"fr": "rôle", "en": "role"},
    "part.cite_id": {"fr": "Cité", "en": "Cité"},
    "part.city": {"fr": "ville", "en": "city"},
    "part.country": {"fr": "pays", "en": "country"},
    "part.phase": {"fr": "phase", "en": "phase"},
    "part.year": {"fr": "année", "en": "year"},
    # the labelling file and evidence attachments
    "labelling_file.no_plan": {
        "fr": "La campagne « {campaign} » ne contient pas de plan du dossier de labellisation.",
        "en": "The campaign “{campaign}” holds no labelling-file plan.",
    },
    "attachment.not_found": {"fr": "Cette pièce jointe n’existe pas.", "en": "No such attachment."},
    "attachment.is_link": {
        "fr": "Cette pièce est un lien : ouvrez son adresse.",
        "en": "This attachment is a link: open its address.",
    },
    "attachment.empty": {
        "fr": "Fichier refusé : il est vide.",
        "en": "File refused: it is empty.",
    },
    "attachment.too_big": {
        "fr": "Fichier refusé : {size_mb} Mo, pour {limit_mb} Mo au plus par fichier.",
        "en": "File refused: {size_mb} MB, where a file may hold at most {limit_mb} MB.",
    },
    "attachment.executable": {
        "fr": "Fichier refusé : c’est un programme ou un script, pas une pièce justificative.",
        "en": "File refused: it is a program or a script, not a piece of evidence.",
    },
    "attachment.not_allowed": {
        "fr": "Fichier refusé : ce type de fichier n’est pas accepté (PDF, images, documents "
        "bureautiques, CSV ou texte seulement).",
        "en": "File refused: this type of file is not accepted (PDF, images, office documents, "
        "CSV or text only).",
    },
    "attachment.macro": {
        "fr": "Fichier refusé : le document contient des macros ou des programmes ; "
        "enregistrez-le sans macros.",
        "en": "File refused: the document holds macros or programs; save it without macros.",
    },
    "attachment.name_mismatch": {
        "fr": "Fichier refusé : son contenu ne correspond pas à son nom (attendu : {expected}).",
        "en": "File refused: its content does not match its name (expected: {expected}).",
    },
    "attachment.name_empty": {
        "fr": "Fichier refusé : il n’a pas de nom.",
        "en": "File refused: it has no name.",
    },
    "attachment.name_long": {
        "fr": "Fichier refusé : son nom dépasse {limit} caractères.",
        "en": "File refused: its name is longer than {limit} characters.",
    },
    "attachment.name_path": {
        "fr": "Fichier refusé : son nom contient un chemin (/, \\, ..) ; renommez-le.",
        "en": "File refused: its name holds a path (/, \\, ..); rename it.",
    },
    "attachment.quota": {
        "fr": "Fichier refusé : avec lui, cette autoévaluation dépasserait {limit_mb} Mo de "
        "pièces jointes ({used_mb} Mo déjà utilisés). Retirez une pièce ou réduisez le fichier.",
        "en": "File refused: with it, this self-assessment would hold more than {limit_mb} MB "
        "of attachments ({used_mb} MB used already). Remove an attachment or shrink the file.",
    },
    "attachment.link_scheme": {
        "fr": "Lien refusé : donnez une adresse web complète, commençant par https:// ou http://.",
        "en": "Link refused: give a full web address starting with https:// or http://.",
    },
    "attachment.link_long": {
        "fr": "Lien refusé : l’adresse dépasse {limit} caractères.",
        "en": "Link refused: the address is longer than {limit} characters.",
    },
}


def describe(
    error: Coded, lang: Lang, *, moment: Callable[[dt.datetime, Lang], str] | None = None
) -> str:
    """`error` (a ServiceError or AnswerError: `.code`, `.params`) worded in `lang`; a time is
    given by `moment` (default: UTC, `dd/mm/yyyy hh:mm UTC`)."""
    entry = ERRORS.get(error.code) or ERRORS["unexpected"]
    shown = moment or _utc_time
    params = {name: _worded(name, value, lang, shown) for name, value in error.params.items()}
    try:
        return entry[lang].format(**params)
    except (KeyError, IndexError):  # a parameter missing: the text without the details
        return entry[lang].split("{", 1)[0].rstrip(" :") + "."


def _worded(name: str, value: Any, lang: Lang, moment: Callable[[dt.datetime, Lang], str]) -> str:
    if name in NAMED_PARTS:
        names = value if isinstance(value, list | tuple) else [value]
        return ", ".join(part_name(str(part), lang) for part in names)
    if isinstance(value, dt.datetime):
        return moment(value, lang)
    if name in NUMBERS and isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def part_name(name: str, lang: Lang) -> str:
    """A field or part named by an error (`login`, `remark`…) in `lang`."""
    entry = ERRORS.get(f"part.{name}")
    return entry[lang] if entry else name


def _utc_time(moment: dt.datetime, lang: Lang) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return format_datetime(aware.astimezone(dt.UTC), "dd/MM/yyyy HH:mm 'UTC'", locale=LOCALES[lang])
