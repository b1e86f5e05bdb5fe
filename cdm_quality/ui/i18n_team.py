"""Interface strings of the team's work on a campaign: individual ratings, the consensus,
inviting an assessor (issue 16). Kept apart from `i18n.py` while several people write pages
at once; `i18n.STRINGS` takes them in, so `t(key)` and the i18n tests see one catalogue."""

from __future__ import annotations

from cdm_quality.domain.questionnaire import Lang

STRINGS: dict[str, dict[Lang, str]] = {
    "role.assessor": {"fr": "Évaluateur ou évaluatrice invitée", "en": "Invited assessor"},
}
