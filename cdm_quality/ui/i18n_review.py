"""Interface strings of the authority's review and of deadlines (issue 16): notes on a
submitted self-assessment and the Cité's answers, the inbox of what is due, a campaign's due
date, the notes a labelling decision rests on. `i18n.STRINGS` takes them in."""

from __future__ import annotations

from cdm_quality.domain.questionnaire import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    # the inbox (overview)
    "inbox.title": {"fr": "À faire", "en": "What is due"},
    "inbox.empty": {"fr": "Rien n'est attendu de vous pour l'instant.", "en": "Nothing is due."},
    "inbox.due.submit": {"fr": "Envoyer « {title} »", "en": "Submit “{title}”"},
    "inbox.due.answer": {"fr": "Répondre : {title}", "en": "Answer: {title}"},
    "inbox.due.action": {
        "fr": "Action du plan à échéance : {title}",
        "en": "Plan action due: {title}",
    },
    "inbox.where": {"fr": "{cite} · {campaign}", "en": "{cite} · {campaign}"},
    "inbox.due_on": {"fr": "pour le {date}", "en": "due {date}"},
    "inbox.no_date": {"fr": "sans date limite", "en": "no due date"},
    "inbox.overdue": {"fr": "En retard", "en": "Overdue"},
    "inbox.more": {"fr": "{count} autre(s)", "en": "{count} more"},
    "inbox.go": {"fr": "Y aller", "en": "Go there"},
    "overview.due": {"fr": "à rendre le {date}", "en": "due {date}"},
    # a campaign's due date (campaigns page)
    "campaigns.col.due": {"fr": "À rendre le", "en": "Due"},
    "campaigns.due_title": {"fr": "Date limite d'envoi", "en": "Due date"},
    "campaigns.due_help": {
        "fr": "La date à laquelle les Cités doivent avoir envoyé leurs autoévaluations. Elle "
        "apparaît dans ce qui est à faire de chacun ; passée, les envois manquants sont "
        "signalés en retard.",
        "en": "The date by which the Cités hand in their self-assessments. Everyone's list "
        "of what is due shows it; once past, the missing ones are marked overdue.",
    },
    "campaigns.due_date": {"fr": "Date limite", "en": "Due date"},
    "campaigns.due_save": {"fr": "Enregistrer la date", "en": "Save the due date"},
    "campaigns.due_clear": {"fr": "Retirer la date", "en": "Remove the due date"},
    "campaigns.due_saved": {"fr": "Date limite enregistrée.", "en": "Due date saved."},
    "campaigns.due_cleared": {"fr": "Date limite retirée.", "en": "Due date removed."},
    "campaigns.due_pick": {
        "fr": "Choisissez d'abord une date.",
        "en": "Pick a date first.",
    },
    # notes: what they are and where they point
    "review.kind.comment": {"fr": "Commentaire", "en": "Comment"},
    "review.kind.recommendation": {"fr": "Recommandation", "en": "Recommendation"},
    "review.kind.reservation": {"fr": "Réserve", "en": "Reservation"},
    "review.title": {"fr": "Revue de l'autorité de label", "en": "The label authority's review"},
    "review.whole": {"fr": "Toute l'autoévaluation", "en": "The whole self-assessment"},
    "review.section": {"fr": "Section : {title}", "en": "Section: {title}"},
    "review.gone": {"fr": "(question retirée)", "en": "(question removed)"},
    "review.written": {"fr": "Écrit le {when} par {who}", "en": "Written {when} by {who}"},
    "review.due_on": {"fr": "Réponse attendue le {date}", "en": "Answer due {date}"},
    "review.awaiting": {"fr": "En attente de réponse", "en": "Awaiting an answer"},
    "review.answered": {"fr": "Répondu", "en": "Answered"},
    "review.reply_shown": {
        "fr": "Réponse de la Cité ({when}, {who}) : {text}",
        "en": "The Cité's answer ({when}, {who}): {text}",
    },
    "review.linked": {"fr": "Action du plan : {title}", "en": "Plan action: {title}"},
    "review.linked_plain": {"fr": "Devenue une action du plan", "en": "Now a plan action"},
    "review.open_plan": {"fr": "Voir le plan", "en": "See the plan"},
    "review.see_item": {"fr": "Voir dans le questionnaire", "en": "See in the questionnaire"},
    "review.none": {
        "fr": "L'autorité de label n'a rien écrit sur cette campagne.",
        "en": "The label authority has written nothing on this campaign.",
    },
    "review.on_page": {
        "fr": "Notes de l'autorité sur tout le questionnaire",
        "en": "The authority's notes on the whole questionnaire",
    },
    # the Cité's answer
    "review.your_answer": {"fr": "Votre réponse", "en": "Your answer"},
    "review.send_answer": {"fr": "Envoyer la réponse", "en": "Send the answer"},
    "review.answer_saved": {"fr": "Réponse enregistrée.", "en": "Answer saved."},
    "review.to_action": {"fr": "En faire une action du plan", "en": "Turn into an action"},
    "review.to_action_help": {
        "fr": "Ajoute au plan d'amélioration de la campagne une action reprenant le texte, la "
        "date et la question ; elle reste liée à cette note.",
        "en": "Adds an action to the campaign's improvement plan with this text, date and "
        "question; it stays linked to this note.",
    },
    "review.no_action_closed": {
        "fr": "La campagne {campaign} est close : son plan d'amélioration ne change plus, cette "
        "note ne peut plus en devenir une action.",
        "en": "Campaign {campaign} is closed: its improvement plan no longer changes, so this "
        "note can no longer become one of its actions.",
    },
    "review.action_made": {
        "fr": "Action ajoutée au plan d'amélioration.",
        "en": "Action added to the improvement plan.",
    },
    # the authority writes
    "review.write": {
        "fr": "Écrire une note (autorité de label)",
        "en": "Write a note (label authority)",
    },
    "review.about": {"fr": "Sur", "en": "About"},
    "review.kind": {"fr": "Nature", "en": "Kind"},
    "review.text": {"fr": "Texte", "en": "Text"},
    "review.due": {"fr": "Réponse attendue le", "en": "Answer due by"},
    "review.due_hint": {
        "fr": "Pour une recommandation ou une réserve (un commentaire n'a pas de date).",
        "en": "For a recommendation or a reservation (a comment has no date).",
    },
    "review.save": {"fr": "Enregistrer la note", "en": "Save the note"},
    "review.saved": {"fr": "Note enregistrée.", "en": "Note saved."},
    "review.not_yet": {
        "fr": "L'autorité écrit ses notes une fois l'autoévaluation envoyée.",
        "en": "The authority writes its notes once the self-assessment is submitted.",
    },
    # labelling decisions
    "cites.basis": {"fr": "Fondée sur", "en": "Rests on"},
    "cites.basis_help": {
        "fr": "Les recommandations et réserves de l'autorité sur cette Cité sur lesquelles la "
        "décision s'appuie.",
        "en": "The authority's recommendations and reservations on this Cité that the "
        "decision rests on.",
    },
    "cites.col.basis": {"fr": "Fondée sur", "en": "Rests on"},
}
