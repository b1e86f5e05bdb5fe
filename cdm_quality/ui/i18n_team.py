"""Interface strings of the team's work on a campaign: individual ratings, the consensus,
inviting an assessor (issue 16). Kept apart from `i18n.py` while several people write pages
at once; `i18n.STRINGS` takes them in, so `t(key)` and the i18n tests see one catalogue."""

from __future__ import annotations

from cdm_quality.domain.questionnaire import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "role.assessor": {"fr": "Évaluateur ou évaluatrice invitée", "en": "Invited assessor"},
    "team.title": {"fr": "Notes de l'équipe", "en": "The team's ratings"},
    "team.hidden_note": {
        "fr": "Notez chaque question notée de votre côté (sous la question, « Ma note »). Les "
        "notes des autres vous restent cachées tant que vous n'avez pas terminé les vôtres.",
        "en": 'Rate each scored question on your own (under the question, "My rating"). '
        "The others' ratings stay hidden from you until you have finished yours.",
    },
    "team.done_note": {
        "fr": "Vos notes sont terminées : vous voyez celles de toute l'équipe.",
        "en": "Your ratings are finished: you see the whole team's.",
    },
    "team.finish": {"fr": "J'ai terminé mes notes", "en": "My ratings are done"},
    "team.finish_confirm": {
        "fr": "Terminer vos notes ? Elles ne pourront plus changer, et vous verrez celles des "
        "autres.",
        "en": "Finish your ratings? They can no longer change, and you will see the others'.",
    },
    "team.divergent_count": {
        "fr": "Avis divergents (deux niveaux d'écart ou plus) sur {count} question(s).",
        "en": "Views diverge (two levels apart or more) on {count} question(s).",
    },
    "team.mine": {"fr": "Ma note", "en": "My rating"},
    "team.item_label": {"fr": "Notes de l'équipe ({count})", "en": "Team ratings ({count})"},
    "team.divergent": {"fr": "avis divergents", "en": "views diverge"},
    "team.divergent_help": {
        "fr": "Les notes diffèrent de deux niveaux ou plus : à discuter avant le consensus.",
        "en": "The ratings are two levels apart or more: discuss before the consensus.",
    },
    "team.spread": {
        "fr": "Écart : de « {low} » à « {high} ».",
        "en": 'Spread: from "{low}" to "{high}".',
    },
    "team.rationale_shown": {
        "fr": "Justification du consensus : {text}",
        "en": "Consensus rationale: {text}",
    },
    "team.my_rating": {"fr": "Ma note", "en": "My rating"},
    "team.my_remark": {"fr": "Ma remarque", "en": "My remark"},
    "team.choose": {"fr": "Choisissez un niveau", "en": "Choose a level"},
    "team.choose_first": {"fr": "Choisissez d'abord un niveau.", "en": "Choose a level first."},
    "team.save_rating": {"fr": "Enregistrer ma note", "en": "Save my rating"},
    "team.rating_saved": {"fr": "Note enregistrée.", "en": "Rating saved."},
    "team.consensus": {"fr": "Réponse retenue (consensus)", "en": "Agreed answer (consensus)"},
    "team.rationale": {"fr": "Justification", "en": "Rationale"},
    "team.set_consensus": {"fr": "Retenir comme réponse", "en": "Set as the answer"},
    "team.consensus_saved": {
        "fr": "Consensus enregistré : c'est la réponse de la Cité.",
        "en": "Consensus saved: it is the Cité's answer.",
    },
    "team.members_title": {"fr": "L'équipe de la Cité", "en": "The Cité's team"},
    "team.role_for": {"fr": "{role} ({campaign})", "en": "{role} ({campaign})"},
    "team.invite_title": {
        "fr": "Inviter un évaluateur ou une évaluatrice",
        "en": "Invite an assessor",
    },
    "team.invite_help": {
        "fr": "Un conseiller ou une conseillère d'une structure partenaire note avec l'équipe "
        "les grilles notées de la campagne « {campaign} ». Son compte appartient à votre Cité, "
        "ne sert qu'à noter dans cette campagne, et ne répond ni n'envoie rien ; il ne voit ni "
        "la synthèse, ni le plan, ni le dossier. Transmettez-lui son identifiant et son mot de "
        "passe initial.",
        "en": "A counsellor of a partner organisation rates the scored grids of the campaign "
        '"{campaign}" with the team. The account belongs to your Cité, only rates in this '
        "campaign, never answers nor submits, and sees neither the synthesis, the plan nor the "
        "labelling file. Give them their login and initial password.",
    },
    "team.login_help": {
        "fr": "De 2 à 64 caractères : lettres minuscules, chiffres, point, tiret, _ ou @.",
        "en": "2 to 64 characters: lower-case letters, digits, dot, hyphen, _ or @.",
    },
    "team.password_help": {
        "fr": "Au moins 8 caractères. La personne se connecte avec ce mot de passe.",
        "en": "At least 8 characters. The person signs in with this password.",
    },
    "team.invite_button": {"fr": "Inviter", "en": "Invite"},
    "team.invited": {
        "fr": "{name} ({login}) est invité·e à noter la campagne « {campaign} » de {cite}.",
        "en": '{name} ({login}) is invited to rate the campaign "{campaign}" of {cite}.',
    },
    "team.invite_closed": {
        "fr": "Les évaluateurs s'invitent pour une campagne ouverte.",
        "en": "Assessors are invited for an open campaign.",
    },
}
