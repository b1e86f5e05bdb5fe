"""Interface strings of the label authority's and administrators' pages (administration,
follow-up, comparison) and of the directors' "my Cité and the network" page.

Kept apart from `i18n.py` while several people write pages at once; `i18n.STRINGS` takes
them in, so `t(key)` and the i18n tests see one catalogue.
"""

from __future__ import annotations

from cdm_quality.domain.questionnaire import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    # navigation
    "nav.cites": {"fr": "Cités", "en": "Cités"},
    "nav.users": {"fr": "Comptes", "en": "Accounts"},
    "nav.campaigns": {"fr": "Campagnes", "en": "Campaigns"},
    "nav.follow_up": {"fr": "Suivi de campagne", "en": "Campaign follow-up"},
    "nav.compare": {"fr": "Comparaison", "en": "Comparison"},
    "nav.network": {"fr": "Ma Cité et le réseau", "en": "My Cité and the network"},
    # shared
    "admin.invalid": {
        "fr": "Saisie refusée ({fields}) : vérifiez les champs obligatoires et leur longueur.",
        "en": "Input refused ({fields}): check the required fields and their length.",
    },
    "tables.chart": {"fr": "Graphique", "en": "Chart"},
    "tables.table": {"fr": "Tableau", "en": "Table"},
    "tables.chart_description": {
        "fr": "Graphique ; ses données sont dans le tableau de la page.",
        "en": "Chart; its data is in the table on this page.",
    },
    "tables.csv": {"fr": "Télécharger (CSV)", "en": "Download (CSV)"},
    "tables.xlsx": {"fr": "Télécharger (XLSX)", "en": "Download (XLSX)"},
    "tables.no_chart": {
        "fr": "Pas de graphique pour ces données.",
        "en": "No chart for these data.",
    },
    "filter.phase": {"fr": "Phase", "en": "Phase"},
    "filter.all_phases": {"fr": "Toutes les phases", "en": "Every phase"},
    "filter.country": {"fr": "Pays", "en": "Country"},
    "filter.all_countries": {"fr": "Tous les pays", "en": "Every country"},
    "filter.questionnaire": {"fr": "Questionnaire", "en": "Questionnaire"},
    "filter.no_scored": {
        "fr": "Cette campagne n'a aucun questionnaire noté à comparer.",
        "en": "This campaign has no scored questionnaire to compare.",
    },
    "decision.entered": {"fr": "entrée dans la phase", "en": "entered the phase"},
    "decision.prolonged": {"fr": "phase prolongée", "en": "phase prolonged"},
    "decision.confirmed": {"fr": "phase confirmée", "en": "phase confirmed"},
    # Cités
    "cites.title": {"fr": "Cités des métiers", "en": "Cités des métiers"},
    "cites.cite": {"fr": "Cité", "en": "Cité"},
    "cites.col.name": {"fr": "Nom", "en": "Name"},
    "cites.col.city": {"fr": "Ville", "en": "City"},
    "cites.col.country": {"fr": "Pays", "en": "Country"},
    "cites.col.phase": {"fr": "Phase", "en": "Phase"},
    "cites.col.opened": {"fr": "Ouverte au public le", "en": "Open to the public since"},
    "cites.opened.help": {
        "fr": "Laisser vide tant que la Cité ne reçoit pas le public. Les questions pour les "
        "Cités ouvertes au public suivent cette date, quelle que soit la phase du label.",
        "en": "Leave empty while the Cité does not receive the public. Questions for Cités "
        "open to the public follow this date, whatever the label phase.",
    },
    "cites.col.since": {"fr": "Dernière décision", "en": "Last decision on"},
    "cites.col.decision": {"fr": "Décision", "en": "Decision"},
    "cites.col.date": {"fr": "Date", "en": "Date"},
    "cites.col.note": {"fr": "Note", "en": "Note"},
    "cites.phase_title": {"fr": "Phase et décisions de label", "en": "Phase and label decisions"},
    "cites.decided_on": {"fr": "Date de la décision", "en": "Date of the decision"},
    "cites.note": {"fr": "Note (jury, motif…)", "en": "Note (jury, reason…)"},
    "cites.record": {"fr": "Enregistrer la décision", "en": "Record the decision"},
    "cites.recorded": {"fr": "Décision enregistrée.", "en": "Decision recorded."},
    "cites.create": {"fr": "Nouvelle Cité", "en": "New Cité"},
    "cites.create_button": {"fr": "Créer la Cité", "en": "Create the Cité"},
    "cites.created": {"fr": "Cité créée.", "en": "Cité created."},
    "cites.since": {"fr": "Dans cette phase depuis le", "en": "In this phase since"},
    "cites.edit": {"fr": "Modifier une Cité", "en": "Edit a Cité"},
    "cites.save": {"fr": "Enregistrer", "en": "Save"},
    "cites.saved": {"fr": "Cité enregistrée.", "en": "Cité saved."},
    # accounts
    "users.title": {"fr": "Comptes", "en": "Accounts"},
    "users.col.login": {"fr": "Identifiant", "en": "Login"},
    "users.col.name": {"fr": "Nom", "en": "Name"},
    "users.col.email": {"fr": "Courriel", "en": "Email"},
    "users.col.role": {"fr": "Rôle", "en": "Role"},
    "users.col.cite": {"fr": "Cité", "en": "Cité"},
    "users.col.active": {"fr": "Actif", "en": "Active"},
    "users.add": {"fr": "Nouveau compte", "en": "New account"},
    "users.manage": {"fr": "Gérer un compte", "en": "Manage an account"},
    "users.password": {"fr": "Mot de passe initial", "en": "Initial password"},
    "users.no_cite": {"fr": "(aucune)", "en": "(none)"},
    "users.cite_help": {
        "fr": "Obligatoire pour la direction et les contributeurs, sans objet sinon.",
        "en": "Required for directors and contributors, ignored otherwise.",
    },
    "users.add_button": {"fr": "Créer le compte", "en": "Create the account"},
    "users.added": {"fr": "Compte {login} créé.", "en": "Account {login} created."},
    "users.active": {"fr": "Ce compte est actif.", "en": "This account is active."},
    "users.inactive": {"fr": "Ce compte est désactivé.", "en": "This account is disabled."},
    "users.disable": {"fr": "Désactiver", "en": "Disable"},
    "users.enable": {"fr": "Réactiver", "en": "Enable"},
    "users.changed": {"fr": "Compte modifié.", "en": "Account changed."},
    "users.change_role": {"fr": "Changer le rôle ou la Cité", "en": "Change the role or Cité"},
    "users.role_changed": {
        "fr": "Rôle et Cité enregistrés ; les sessions ouvertes de ce compte sont fermées.",
        "en": "Role and Cité saved; this account's open sessions are ended.",
    },
    "users.new_password": {"fr": "Nouveau mot de passe", "en": "New password"},
    "users.set_password": {"fr": "Changer le mot de passe", "en": "Set the password"},
    "users.password_set": {"fr": "Mot de passe changé.", "en": "Password set."},
    # campaigns
    "campaigns.title": {"fr": "Campagnes", "en": "Campaigns"},
    "campaigns.intro": {
        "fr": "Une campagne garde une copie figée des questionnaires du jour de sa création : "
        "modifier un fichier ensuite ne change pas une campagne existante.",
        "en": "A campaign keeps a frozen copy of the questionnaires as they were when it was "
        "created: editing a file later does not change an existing campaign.",
    },
    "campaigns.col.year": {"fr": "Année", "en": "Year"},
    "campaigns.col.name": {"fr": "Nom", "en": "Name"},
    "campaigns.col.state": {"fr": "État", "en": "State"},
    "campaigns.col.opens": {"fr": "Ouverture", "en": "Opens"},
    "campaigns.col.closes": {"fr": "Clôture", "en": "Closes"},
    "campaigns.col.questionnaires": {"fr": "Questionnaires", "en": "Questionnaires"},
    "campaigns.open": {"fr": "Ouvrir une campagne", "en": "Open a campaign"},
    "campaigns.open_button": {"fr": "Ouvrir", "en": "Open"},
    "campaigns.opened": {"fr": "Campagne ouverte.", "en": "Campaign opened."},
    "campaigns.no_draft": {
        "fr": "Aucune campagne en préparation.",
        "en": "No campaign in preparation.",
    },
    "campaigns.close": {"fr": "Clôturer la campagne ouverte", "en": "Close the open campaign"},
    "campaigns.close_confirm": {
        "fr": "Je confirme : les autoévaluations ne pourront plus changer (sauf réouverture).",
        "en": "I confirm: self-assessments can no longer change (unless reopened).",
    },
    "campaigns.close_button": {"fr": "Clôturer", "en": "Close"},
    "campaigns.closed": {"fr": "Campagne clôturée.", "en": "Campaign closed."},
    "campaigns.none_open": {"fr": "Aucune campagne ouverte.", "en": "No campaign is open."},
    "campaigns.create": {"fr": "Nouvelle campagne", "en": "New campaign"},
    "campaigns.name_hint": {
        "fr": "Vide : « Autoévaluation <année> ».",
        "en": "Empty: “Autoévaluation <year>”.",
    },
    "campaigns.reopen": {"fr": "Rouvrir une campagne clôturée", "en": "Reopen a closed campaign"},
    "campaigns.reopen_button": {"fr": "Rouvrir la campagne", "en": "Reopen the campaign"},
    "campaigns.reopen_confirm": {
        "fr": "Rouvrir « {name} » ? Ses autoévaluations non envoyées redeviennent modifiables "
        "jusqu'à la prochaine clôture (l'opération est tracée).",
        "en": "Reopen “{name}”? Its self-assessments not submitted can change again until it "
        "closes again (the change is recorded).",
    },
    "campaigns.reopened": {"fr": "Campagne rouverte.", "en": "Campaign reopened."},
    "campaigns.create_button": {"fr": "Créer (en préparation)", "en": "Create (in preparation)"},
    "campaigns.created": {
        "fr": "Campagne créée en préparation ; ouvrez-la quand elle est prête.",
        "en": "Campaign created in preparation; open it when it is ready.",
    },
    # follow-up
    "followup.title": {"fr": "Suivi de campagne", "en": "Campaign follow-up"},
    "followup.state.not_started": {"fr": "Non commencé", "en": "Not started"},
    "followup.state.draft": {"fr": "En cours", "en": "In progress"},
    "followup.state.submitted": {"fr": "Envoyé", "en": "Submitted"},
    "followup.state.reopened": {"fr": "Rouvert", "en": "Reopened"},
    "followup.col.cite": {"fr": "Cité", "en": "Cité"},
    "followup.col.country": {"fr": "Pays", "en": "Country"},
    "followup.col.phase": {"fr": "Phase", "en": "Phase"},
    "followup.col.questionnaire": {"fr": "Questionnaire", "en": "Questionnaire"},
    "followup.col.state": {"fr": "État", "en": "State"},
    "followup.col.progress": {"fr": "Progression", "en": "Progress"},
    "followup.col.progress_help": {
        "fr": "Questions répondues sur les questions posées à la Cité dans sa phase",
        "en": "Questions answered out of those asked of the Cité in its phase",
    },
    "followup.col.answered": {"fr": "Réponses / questions", "en": "Answers / questions"},
    "followup.col.submitted": {"fr": "Envoyé le", "en": "Submitted on"},
    "followup.col.saved": {"fr": "Dernier enregistrement", "en": "Last saved"},
    "followup.exports": {"fr": "Exports", "en": "Exports"},
    "followup.export_table": {
        "fr": "Ce tableau de suivi (filtres appliqués)",
        "en": "This follow-up table (filters applied)",
    },
    "followup.export_answers": {
        "fr": "Toutes les réponses de la campagne, une ligne par réponse (filtres appliqués)",
        "en": "Every answer of the campaign, one row per answer (filters applied)",
    },
    "followup.read": {
        "fr": "Lire la synthèse ou le plan d'une Cité",
        "en": "Read a Cité's synthesis or plan",
    },
    "followup.reopen": {"fr": "Rouvrir une autoévaluation", "en": "Reopen a self-assessment"},
    "followup.none_submitted": {
        "fr": "Aucune autoévaluation envoyée dans cette sélection.",
        "en": "No submitted self-assessment in this selection.",
    },
    "followup.reopen_which": {"fr": "Autoévaluation envoyée", "en": "Submitted self-assessment"},
    "followup.reopen_reason": {
        "fr": "Motif (communiqué à la Cité)",
        "en": "Reason (shown to the Cité)",
    },
    "followup.reopen_button": {"fr": "Rouvrir", "en": "Reopen"},
    "followup.reopened": {
        "fr": "Rouverte : {what}. La Cité lit le motif et peut modifier puis renvoyer "
        "l'autoévaluation.",
        "en": "Reopened: {what}. The Cité reads the reason and can change the "
        "self-assessment, then submit it again.",
    },
    "followup.reopen_choose": {
        "fr": "Choisissez l'autoévaluation à rouvrir.",
        "en": "Choose the self-assessment to reopen.",
    },
    "followup.reopen_confirm": {
        "fr": "Rouvrir le questionnaire « {questionnaire} » de **{cite}** ? Elle pourra de "
        "nouveau le modifier. Motif communiqué à la Cité : « {reason} »",
        "en": "Reopen the questionnaire “{questionnaire}” of **{cite}**? It will be able to "
        "change it again. Reason shown to the Cité: “{reason}”",
    },
    # comparison
    "compare.title": {"fr": "Comparaison", "en": "Comparison"},
    "compare.intro": {
        "fr": "Scores de 0 à 100 : moyenne pondérée des questions notées, « sans objet » et "
        "questions sans réponse exclus. Par défaut, seules les autoévaluations envoyées comptent.",
        "en": "Scores from 0 to 100: weighted mean of the scored questions, 'not applicable' "
        "and unanswered questions left out. By default only submitted self-assessments count.",
    },
    "compare.include_drafts": {
        "fr": "Compter aussi les autoévaluations non envoyées",
        "en": "Also count self-assessments not yet submitted",
    },
    "compare.view": {"fr": "Vue", "en": "View"},
    "compare.view.heatmap": {"fr": "Carte des scores", "en": "Score heatmap"},
    "compare.view.distribution": {"fr": "Répartition des réponses", "en": "Answer distribution"},
    "compare.view.benchmark": {"fr": "Une Cité face au réseau", "en": "One Cité vs the network"},
    "compare.view.evolution": {"fr": "Évolution (8.3)", "en": "Evolution (8.3)"},
    "compare.network_only": {"fr": "Réseau seulement", "en": "Network only"},
    "compare.whole": {"fr": "Ensemble du questionnaire", "en": "Whole questionnaire"},
    "compare.empty": {
        "fr": "Aucune autoévaluation ne correspond à ces filtres. Pendant une campagne, "
        "comptez aussi les autoévaluations non envoyées, ou choisissez une campagne close.",
        "en": "No self-assessment matches these filters. During a campaign, also count the "
        "self-assessments not yet submitted, or choose a closed campaign.",
    },
    "compare.too_many": {
        "fr": "{count} Cités : au-delà de {limit}, le graphique serait illisible. Filtrez par "
        "pays ou par phase ; le tableau donne toutes les lignes.",
        "en": "{count} Cités: beyond {limit} the chart would be unreadable. Filter by country "
        "or phase; the table has every row.",
    },
    "compare.too_few": {
        "fr": "Les chiffres du réseau ne sont pas montrés : moins de {min} autres Cités ont un "
        "score dans cette sélection, ou elle diffère d'une sélection plus large de moins de "
        "{difference} Cités, qui seraient alors reconnaissables.",
        "en": "The network's figures are not shown: fewer than {min} other Cités have a score "
        "in this selection, or it differs from a broader selection by fewer than {difference} "
        "Cités, who could then be recognised.",
    },
    "compare.too_few_named": {
        "fr": "Moins de {min} autres Cités ont un score : les quartiles du réseau ne sont pas "
        "montrés.",
        "en": "Fewer than {min} other Cités have a score: the network's quartiles are not shown.",
    },
    "compare.quartiles_withheld": {
        "fr": "Les quartiles ne sont donnés qu'à partir de {min} autres Cités ; en dessous, "
        "seulement la médiane.",
        "en": "Quartiles are given from {min} other Cités on; below that, the median only.",
    },
    "compare.suppressed": {
        "fr": "Seulement {count} autre(s) Cité(s) dans cette sélection : la répartition n'est "
        "montrée qu'à partir de {min}, pour qu'aucune Cité ne soit reconnaissable.",
        "en": "Only {count} other Cité(s) in this selection: the distribution is shown from "
        "{min} on, so that no Cité can be recognised.",
    },
    "compare.suppressed_filtered": {
        "fr": "La répartition des réponses n'est montrée que pour tout le réseau : avec un "
        "filtre de phase ou de pays, deux répartitions pourraient être soustraites pour "
        "retrouver les réponses d'une Cité.",
        "en": "The distribution of answers is shown for the whole network only: with a phase "
        "or country filter, two distributions could be subtracted to find one Cité's answers.",
    },
    "compare.responses": {
        "fr": "{count} autoévaluation(s) comptée(s).",
        "en": "{count} self-assessment(s) counted.",
    },
    "compare.network_count": {
        "fr": "Réseau : {count} autre(s) Cité(s) avec un score.",
        "en": "Network: {count} other Cité(s) with a score.",
    },
    "compare.legend_benchmark": {
        "fr": "◆ {cite} · trait : médiane du réseau · barre grise : du 1er au 3e quartile",
        "en": "◆ {cite} · tick: network median · grey bar: 1st to 3rd quartile",
    },
    "compare.legend_evolution": {
        "fr": "Trait plein : {cite} · tirets : médiane du réseau · zone grise : du 1er au 3e "
        "quartile",
        "en": "Solid line: {cite} · dashes: network median · grey band: 1st to 3rd quartile",
    },
    "compare.col.cite": {"fr": "Cité", "en": "Cité"},
    "compare.col.country": {"fr": "Pays", "en": "Country"},
    "compare.col.phase": {"fr": "Phase", "en": "Phase"},
    "compare.col.overall": {"fr": "Ensemble", "en": "Overall"},
    "compare.col.section": {"fr": "Section", "en": "Section"},
    "compare.col.score": {"fr": "Score", "en": "Score"},
    "compare.col.item": {"fr": "Critère", "en": "Criterion"},
    "compare.col.question": {"fr": "Intitulé", "en": "Question"},
    "compare.col.level": {"fr": "Réponse", "en": "Answer"},
    "compare.col.count": {"fr": "Nombre de Cités", "en": "Number of Cités"},
    "compare.col.own_answer": {"fr": "Votre réponse", "en": "Your answer"},
    "compare.col.own": {"fr": "Cité", "en": "Cité"},
    "compare.col.q1": {"fr": "1er quartile", "en": "1st quartile"},
    "compare.col.median": {"fr": "Médiane du réseau", "en": "Network median"},
    "compare.col.q3": {"fr": "3e quartile", "en": "3rd quartile"},
    "compare.col.network_count": {"fr": "Cités du réseau", "en": "Network Cités"},
    "compare.col.campaign": {"fr": "Campagne", "en": "Campaign"},
    # my Cité and the network
    "network.title": {"fr": "Ma Cité et le réseau", "en": "My Cité and the network"},
    "network.intro": {
        "fr": "Votre Cité face aux chiffres anonymes du réseau (médiane, quartiles, nombres) : "
        "aucune autre Cité n'est nommée, et un chiffre fondé sur moins de trois Cités n'est "
        "pas montré.",
        "en": "Your Cité against the network's anonymous figures (median, quartiles, counts): "
        "no other Cité is named, and a figure based on fewer than three Cités is not shown.",
    },
    "network.benchmark": {"fr": "Par section", "en": "By section"},
    "network.evolution": {"fr": "Évolution (8.3)", "en": "Evolution (8.3)"},
    "network.distribution": {"fr": "Réponses du réseau", "en": "The network's answers"},
}
