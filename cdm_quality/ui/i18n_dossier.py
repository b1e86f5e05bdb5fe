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
}
