"""Interface strings of the labelling file: the depth asked where a Cité writes, "unchanged
since the last file", readiness, attachments and the whole file as PDF.

Kept apart from `i18n.py` while several people write pages at once; `i18n.STRINGS` takes
them in, so `t(key)` and the i18n tests see one catalogue. The depth levels' own names come
from `domain.labels.DOSSIER_LEVEL`.
"""

from __future__ import annotations

from cdm_quality.domain.questionnaire import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    # depth asked, on the fill page
    "fill.depth": {"fr": "Profondeur attendue : {level}", "en": "Depth asked: {level}"},
    "fill.depth_help.signaler": {
        "fr": "Premières indications, sans viser l’exhaustivité.",
        "en": "First indications, not meant to be complete.",
    },
    "fill.depth_help.approfondir": {
        "fr": "À détailler pour que le comité de labellisation comprenne le projet.",
        "en": "Worked out in detail so that the labelling committee understands the project.",
    },
    "fill.depth_help.actualiser": {
        "fr": "À mettre à jour si quelque chose a changé depuis le dossier précédent ; sinon, "
        "déclarez-le inchangé.",
        "en": "Update it if anything has changed since the previous file; otherwise mark it "
        "unchanged.",
    },
    "fill.unchanged": {
        "fr": "Inchangé depuis le dernier dossier",
        "en": "Unchanged since the last file",
    },
    "fill.unchanged_help": {
        "fr": "Reprend le texte du dernier dossier avec sa date, au statut « inchangé ».",
        "en": "Carries the last file’s text forward with its date, with the status “unchanged”.",
    },
    "fill.unchanged_since": {
        "fr": ":material/history: Texte repris du dossier du {date}, inchangé depuis.",
        "en": ":material/history: Text carried forward from the file of {date}, unchanged since.",
    },
    # readiness page
    "nav.labelling_file": {"fr": "Dossier de labellisation", "en": "Labelling file"},
    "file.intro": {
        "fr": "Les rubriques que la phase de la Cité demande dans son dossier de labellisation, "
        "où en est chacune et ce qui manque encore pour le remettre.",
        "en": "The parts of the labelling file the Cité’s phase asks for, how far each has "
        "gone and what is still missing before the file can be handed in.",
    },
    "file.pdf": {
        "fr": "Télécharger le dossier (PDF)",
        "en": "Download the file (PDF)",
    },
    "file.pdf_name": {"fr": "Dossier de labellisation", "en": "Labelling file"},
    "file.no_plan": {
        "fr": "Cette campagne ne contient pas de plan du dossier de labellisation.",
        "en": "This campaign holds no labelling-file plan.",
    },
    "file.phase": {"fr": "phase {phase}", "en": "{phase} phase"},
    "file.readiness": {"fr": "Dossier prêt à", "en": "File ready at"},
    "file.readiness_help": {
        "fr": "Part des rubriques demandées qui sont prêtes ou inchangées depuis le dernier "
        "dossier.",
        "en": "Share of the parts asked that are ready or unchanged since the last file.",
    },
    "file.done": {
        "fr": "{done} rubrique(s) prête(s) ou inchangée(s) sur {asked}",
        "en": "{done} of {asked} parts ready or unchanged",
    },
    "file.missing": {"fr": "Reste à rédiger", "en": "Still to write"},
    "file.complete": {
        "fr": "Toutes les rubriques demandées sont prêtes : le dossier peut être remis.",
        "en": "Every part asked is ready: the file can be handed in.",
    },
    "file.items": {"fr": "Rubriques demandées", "en": "Parts asked"},
    "file.col.number": {"fr": "Rubrique", "en": "Part"},
    "file.col.title": {"fr": "Intitulé", "en": "Title"},
    "file.col.depth": {"fr": "Profondeur attendue", "en": "Depth asked"},
    "file.col.state": {"fr": "État", "en": "State"},
    "file.col.saved": {"fr": "Dernier enregistrement", "en": "Last saved"},
    "file.col.attachments": {"fr": "Pièces jointes", "en": "Attachments"},
    "file.state.missing": {"fr": "À rédiger", "en": "Missing"},
    "file.state.draft": {"fr": "Brouillon", "en": "Draft"},
    "file.state.ready": {"fr": "Prêt", "en": "Ready"},
    "file.state.unchanged": {"fr": "Inchangé", "en": "Unchanged"},
    # follow-up
    "followup.col.readiness": {"fr": "Dossier prêt", "en": "File ready"},
    "followup.col.readiness_help": {
        "fr": "Dossier de labellisation : rubriques prêtes ou inchangées sur celles que la "
        "phase demande.",
        "en": "Labelling file: parts ready or unchanged over those the phase asks for.",
    },
    # evidence attachments on the fill page
    "evidence.title": {"fr": "Pièces jointes ({count})", "en": "Attachments ({count})"},
    "evidence.upload": {"fr": "Joindre un fichier", "en": "Attach a file"},
    "evidence.upload_help": {
        "fr": "PDF, image, document bureautique, CSV ou texte ; 20 Mo au plus par fichier et "
        "{limit} Mo au plus pour toute l’autoévaluation.",
        "en": "PDF, image, office document, CSV or text; at most 20 MB per file and {limit} MB "
        "for the whole self-assessment.",
    },
    "evidence.added": {"fr": "« {name} » est joint.", "en": "“{name}” is attached."},
    "evidence.size_mb": {"fr": "{size} Mo", "en": "{size} MB"},
    "evidence.size_kb": {"fr": "{size} ko", "en": "{size} kB"},
    "evidence.file_meta": {
        "fr": "{size} · joint par {who} le {when}",
        "en": "{size} · attached by {who} on {when}",
    },
    "evidence.link_meta": {
        "fr": "Lien · ajouté par {who} le {when}",
        "en": "Link · added by {who} on {when}",
    },
    "evidence.link_url": {"fr": "Ou un lien (https://…)", "en": "Or a link (https://…)"},
    "evidence.link_name": {"fr": "Nom du lien (facultatif)", "en": "Link name (optional)"},
    "evidence.link_add": {"fr": "Ajouter le lien", "en": "Add the link"},
    "evidence.link_added": {"fr": "Le lien est ajouté.", "en": "The link is added."},
    "evidence.remove": {"fr": "Retirer", "en": "Remove"},
    "evidence.remove_confirm_text": {
        "fr": "Retirer « {name} » ? Le fichier sera supprimé ; le retrait est consigné.",
        "en": "Remove “{name}”? The file will be deleted; the removal is recorded.",
    },
    "evidence.remove_confirm": {"fr": "Oui, retirer", "en": "Yes, remove"},
    "evidence.removed": {"fr": "La pièce est retirée.", "en": "The attachment is removed."},
}
