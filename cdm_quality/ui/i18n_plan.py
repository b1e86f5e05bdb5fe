"""Interface strings of the synthesis (8.1.1) and improvement plan (8.1.2) pages.

Kept apart from `i18n.py` while several people write pages at once; `i18n.STRINGS` takes
them in, so `t(key)` and the i18n tests see one catalogue. Words shared with the PDF (field
names, statuses, classifications) come from `domain.labels`, not from here.
"""

from __future__ import annotations

from cdm_quality.domain.questionnaire import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "nav.synthesis": {"fr": "Synthèse des remarques", "en": "Synthesis of remarks"},
    "nav.plan": {"fr": "Plan d'amélioration", "en": "Improvement plan"},
    # synthesis (8.1.1)
    "synthesis.title": {
        "fr": "8.1.1 Synthèse des remarques",
        "en": "8.1.1 Synthesis of remarks",
    },
    "synthesis.intro": {
        "fr": "Ce que l'autoévaluation dit de la Cité, grille par grille : le niveau de chaque "
        "item, sa remarque et son classement, les scores des sections à côté de la campagne "
        "précédente et de la médiane des autres Cités.",
        "en": "What the self-assessment says about the Cité, grid by grid: each item's level, "
        "its remark and classification, and the section scores beside the previous campaign "
        "and the median of the other Cités.",
    },
    "synthesis.missing": {
        "fr": "Pas encore commencé par la Cité : {grids}.",
        "en": "Not started by the Cité yet: {grids}.",
    },
    "synthesis.no_grid": {
        "fr": "Aucune grille notée n'est commencée : la synthèse se remplit au fil des réponses.",
        "en": "No scored grid is started: the synthesis fills in as answers come.",
    },
    "synthesis.score": {"fr": "Score", "en": "Score"},
    "synthesis.compliance": {"fr": "Conformité", "en": "Compliance"},
    "synthesis.strengths": {"fr": "Points forts", "en": "Strengths"},
    "synthesis.improvements": {"fr": "Axes d'amélioration", "en": "Areas for improvement"},
    "synthesis.state": {"fr": "État : {state}", "en": "State: {state}"},
    "synthesis.sections": {"fr": "Scores par section", "en": "Scores by section"},
    "synthesis.items": {"fr": "Items et remarques", "en": "Items and remarks"},
    "synthesis.previous_from": {
        "fr": "Campagne précédente : {campaign}.",
        "en": "Previous campaign: {campaign}.",
    },
    "synthesis.no_previous": {
        "fr": "Pas de campagne précédente pour cette grille.",
        "en": "No previous campaign for this grid.",
    },
    "synthesis.network": {
        "fr": "Médiane du réseau : {count} autres Cités ayant envoyé leur autoévaluation, "
        "sans qu'aucune ne soit nommée.",
        "en": "Network median: {count} other Cités that submitted their self-assessment, "
        "none of them named.",
    },
    "synthesis.network_withheld": {
        "fr": "Médiane du réseau non donnée quand moins de {min} autres Cités ont envoyé leur "
        "autoévaluation ({count} pour l'instant) : elle désignerait une Cité.",
        "en": "The network median is not given while fewer than {min} other Cités have "
        "submitted their self-assessment ({count} so far): it would point at one Cité.",
    },
    "synthesis.no_scores": {
        "fr": "Aucun item noté n'a encore de réponse.",
        "en": "No scored item is answered yet.",
    },
    "synthesis.show": {"fr": "Afficher", "en": "Show"},
    "synthesis.show.all": {"fr": "Tous les items", "en": "Every item"},
    "synthesis.show.improvement": {
        "fr": "Axes d'amélioration",
        "en": "Areas for improvement",
    },
    "synthesis.show.strength": {"fr": "Points forts", "en": "Strengths"},
    "synthesis.show.remarks": {"fr": "Items avec remarque", "en": "Items with a remark"},
    "synthesis.no_rows": {
        "fr": "Aucun item ne correspond à ce choix.",
        "en": "No item matches this choice.",
    },
    "synthesis.read_remark": {
        "fr": "Lire une remarque en entier",
        "en": "Read a remark in full",
    },
    "synthesis.col.section": {"fr": "Section", "en": "Section"},
    "synthesis.col.score": {"fr": "Score", "en": "Score"},
    "synthesis.col.previous": {"fr": "Campagne précédente", "en": "Previous campaign"},
    "synthesis.col.network": {"fr": "Médiane du réseau", "en": "Network median"},
    "synthesis.col.change": {"fr": "Évolution", "en": "Change"},
    "synthesis.col.item": {"fr": "Critère", "en": "Criterion"},
    "synthesis.col.dossier": {"fr": "Dossier", "en": "File"},
    "synthesis.col.text": {"fr": "Question", "en": "Question"},
    "synthesis.col.answer": {"fr": "Niveau ou réponse", "en": "Level or answer"},
    "synthesis.col.remark": {"fr": "Remarque", "en": "Remark"},
    "synthesis.col.class": {"fr": "Classement", "en": "Classification"},
    "synthesis.to_plan": {"fr": "Aller au plan d'amélioration", "en": "Go to the improvement plan"},
    # plan (8.1.2)
    "plan.title": {"fr": "8.1.2 Plan d'amélioration", "en": "8.1.2 Improvement plan"},
    "plan.intro": {
        "fr": "Les actions d'amélioration et leur calendrier. Priorité = efficacité × "
        "faisabilité (de 1 à 4 chacune). Chaque modification du tableau est enregistrée "
        "aussitôt ; ajoutez une action sur la dernière ligne.",
        "en": "The improvement actions and their schedule. Priority = effectiveness × "
        "feasibility (1 to 4 each). Every change in the table is saved at once; add an "
        "action on the last row.",
    },
    "plan.read_only": {
        "fr": "Lecture seule : seule l'équipe de la Cité modifie son plan.",
        "en": "Read-only: only the Cité's team changes its plan.",
    },
    "plan.closed": {
        "fr": "Lecture seule : la campagne {campaign} est close.",
        "en": "Read-only: campaign {campaign} is closed.",
    },
    "plan.propose": {"fr": "Proposer des actions", "en": "Propose actions"},
    "plan.propose_help": {
        "fr": "Ajoute une action prévue pour chaque axe d'amélioration de la synthèse qu'aucune "
        "action ne couvre encore.",
        "en": "Adds a planned action for each area for improvement of the synthesis that no "
        "action covers yet.",
    },
    "plan.proposed": {"fr": "{count} action(s) proposée(s).", "en": "{count} action(s) proposed."},
    "plan.nothing_to_propose": {
        "fr": "Chaque axe d'amélioration a déjà son action.",
        "en": "Every area for improvement already has its action.",
    },
    "plan.carry": {"fr": "Reprendre l'an dernier", "en": "Carry over last year"},
    "plan.carry_help": {
        "fr": "{count} action(s) prévue(s) ou en cours du plan {campaign}, reprises avec un "
        "lien vers l'action d'origine.",
        "en": "{count} planned or in-progress action(s) of the {campaign} plan, carried over "
        "with a link to the original action.",
    },
    "plan.carried": {
        "fr": "{count} action(s) reprise(s).",
        "en": "{count} action(s) carried over.",
    },
    "plan.pending_help": {
        "fr": "Corrigez ou abandonnez d'abord les modifications non enregistrées.",
        "en": "First correct or discard the changes not saved.",
    },
    "plan.pdf": {
        "fr": "Télécharger le PDF (8.1.1 et 8.1.2)",
        "en": "Download the PDF (8.1.1 and 8.1.2)",
    },
    "plan.empty": {
        "fr": "Aucune action pour l'instant : proposez-en à partir de la synthèse, reprenez "
        "celles de l'an dernier ou ajoutez-en une dans le tableau.",
        "en": "No action yet: propose some from the synthesis, carry over last year's, or add "
        "one in the table.",
    },
    "plan.col.continues": {"fr": "Suite de", "en": "Continues"},
    "plan.saved_at": {
        "fr": "Tout est enregistré — dernière modification le {when} par {who}.",
        "en": "Everything is saved — last change on {when} by {who}.",
    },
    "plan.saved_now": {
        "fr": "Enregistré le {time} ({count} modification(s)).",
        "en": "Saved on {time} ({count} change(s)).",
    },
    "plan.nothing_saved_yet": {
        "fr": "Rien à enregistrer pour l'instant.",
        "en": "Nothing to save yet.",
    },
    "plan.not_saved": {
        "fr": "Non enregistré : {count} problème(s) à corriger dans le tableau. Rien n'est "
        "enregistré tant qu'une ligne est invalide.",
        "en": "Not saved: {count} problem(s) to correct in the table. Nothing is saved while "
        "a row is invalid.",
    },
    "plan.conflict": {
        "fr": "Non enregistré : {who} a modifié l'action « {title} » le {when} pendant que vous "
        "modifiiez le plan. Rechargez le plan pour voir sa version, puis refaites votre "
        "modification.",
        "en": "Not saved: {who} changed the action “{title}” on {when} while you were editing "
        "the plan. Reload the plan to see their version, then make your change again.",
    },
    "plan.refused": {"fr": "Non enregistré : {reason}", "en": "Not saved: {reason}"},
    "plan.reload": {
        "fr": "Recharger le plan (abandonner mes modifications)",
        "en": "Reload the plan (discard my changes)",
    },
    "plan.timeline": {"fr": "Calendrier", "en": "Schedule"},
    "plan.timeline_description": {
        "fr": "Calendrier des actions ; leurs dates sont dans le tableau du plan.",
        "en": "Schedule of the actions; their dates are in the plan table.",
    },
    "plan.no_dates": {
        "fr": "Donnez un début ou une échéance aux actions pour les voir sur le calendrier.",
        "en": "Give actions a start or due date to see them on the schedule.",
    },
    # synthesis: summary, method, validation, section by section
    "synthesis.summary": {"fr": "Synthèse d'ensemble", "en": "Executive summary"},
    "synthesis.top_strengths": {"fr": "Principaux points forts", "en": "Main strengths"},
    "synthesis.top_improvements": {
        "fr": "Principaux axes d'amélioration",
        "en": "Main areas for improvement",
    },
    "synthesis.none": {"fr": "Aucun.", "en": "None."},
    "synthesis.vs_previous": {"fr": "par rapport à {campaign}", "en": "against {campaign}"},
    "synthesis.median": {"fr": "Médiane du réseau", "en": "Network median"},
    "synthesis.method": {"fr": "Méthode et validation", "en": "Method and validation"},
    "synthesis.period": {
        "fr": "**{grid}** : commencée le {start}, {end}.",
        "en": "**{grid}**: started on {start}, {end}.",
    },
    "synthesis.submitted_by": {
        "fr": "soumise le {date} par {who}",
        "en": "submitted on {date} by {who}",
    },
    "synthesis.not_submitted": {"fr": "pas encore soumise", "en": "not submitted yet"},
    "synthesis.participants": {
        "fr": "Participants à l'autoévaluation « {grid} » (nom et rôle, un par ligne)",
        "en": "Who took part in “{grid}” (name and role, one a line)",
    },
    "synthesis.participants_none": {
        "fr": "Participants : non renseignés.",
        "en": "Participants: not recorded.",
    },
    "synthesis.participants_shown": {"fr": "Participants : {who}", "en": "Participants: {who}"},
    "synthesis.save_participants": {
        "fr": "Enregistrer les participants",
        "en": "Save participants",
    },
    "synthesis.saved": {"fr": "Enregistré.", "en": "Saved."},
    "synthesis.validated": {
        "fr": "Synthèse et plan validés par **{body}** le {date} (enregistré par {who}).",
        "en": "Synthesis and plan validated by **{body}** on {date} (recorded by {who}).",
    },
    "synthesis.not_validated": {
        "fr": "La validation par le comité de pilotage n'est pas encore enregistrée.",
        "en": "The steering committee's validation is not recorded yet.",
    },
    "synthesis.validate": {
        "fr": "Enregistrer la validation par le comité de pilotage",
        "en": "Record the steering committee's validation",
    },
    "synthesis.body": {"fr": "Instance", "en": "Body"},
    "synthesis.body_default": {"fr": "Comité de pilotage", "en": "Steering committee"},
    "synthesis.validated_on": {"fr": "Date de la réunion", "en": "Date of the meeting"},
    "synthesis.note": {"fr": "Note (facultative)", "en": "Note (optional)"},
    "synthesis.record": {"fr": "Enregistrer la validation", "en": "Record the validation"},
    "synthesis.details": {"fr": "Section par section", "en": "Section by section"},
    "synthesis.all_answers": {
        "fr": "Toutes les réponses (annexe)",
        "en": "Every answer (annex)",
    },
    "synthesis.col.finding": {"fr": "Constat", "en": "Finding"},
    "synthesis.remark_kind": {"fr": "Remarque", "en": "Remark"},
    # plan: review, tracking, uncovered areas
    "plan.review": {
        "fr": "Bilan du plan précédent ({campaign})",
        "en": "Review of the previous plan ({campaign})",
    },
    "plan.review_counts": {
        "fr": "{done} réalisée(s) · {carried} reprise(s) cette année · {unfinished} non "
        "terminée(s) et non reprise(s) · {abandoned} abandonnée(s)",
        "en": "{done} done · {carried} carried over this year · {unfinished} unfinished and "
        "not carried over · {abandoned} abandoned",
    },
    "plan.col.outcome": {"fr": "Issue", "en": "Outcome"},
    "plan.col.target_result": {"fr": "Cible → résultat", "en": "Target → result"},
    "plan.col.when_why": {
        "fr": "Réalisée le · raison de l'abandon",
        "en": "Completed on · reason abandoned",
    },
    "plan.col.criterion": {"fr": "Critère", "en": "Criterion"},
    "plan.col.section": {"fr": "Grille · section", "en": "Grid · section"},
    "plan.col.level": {"fr": "Niveau", "en": "Level"},
    "plan.col.remark": {"fr": "Remarque", "en": "Remark"},
    "plan.uncovered": {
        "fr": "Axes d'amélioration sans action",
        "en": "Areas for improvement without an action",
    },
    "plan.all_covered": {
        "fr": "Chaque axe d'amélioration relevé est couvert par une action.",
        "en": "Every area for improvement found is covered by an action.",
    },
    "plan.overdue": {
        "fr": "Échéance dépassée pour : {titles}. Donnez de nouvelles dates ou changez le statut.",
        "en": "Past due: {titles}. Give new dates or change the status.",
    },
    "plan.annex": {
        "fr": "Joindre au PDF toutes les réponses (annexe)",
        "en": "Add every answer to the PDF (annex)",
    },
}
