"""Frozen questionnaires: the copy of each questionnaire a campaign keeps as it was created.

A campaign stores its questionnaires as canonical JSON with their sha256, so editing a file
later never changes an old campaign. Parsed copies are cached in-process by hash: a save does
not re-parse JSON. No access check here: a questionnaire is not Cité data.
"""

from __future__ import annotations

from collections import OrderedDict

from sqlmodel import Session, select

from cdm_quality.domain.loader import from_frozen
from cdm_quality.domain.questionnaire import Questionnaire
from cdm_quality.services.errors import NotFound
from cdm_quality.storage.engine import kept_for_the_transaction
from cdm_quality.storage.tables import CampaignQuestionnaire

_CACHE_SIZE = 64
_parsed: OrderedDict[str, Questionnaire] = OrderedDict()


def _parse_cached(sha256: str, content: str) -> Questionnaire:
    questionnaire = _parsed.get(sha256)
    if questionnaire is None:
        questionnaire = from_frozen(content)
        _parsed[sha256] = questionnaire
        while len(_parsed) > _CACHE_SIZE:
            _parsed.popitem(last=False)
    _parsed.move_to_end(sha256)
    return questionnaire


def frozen_questionnaire(
    session: Session, *, campaign_id: int, questionnaire_id: str
) -> Questionnaire:
    """The campaign's frozen copy of a questionnaire (no access check: not Cité data)."""
    row = kept_for_the_transaction(
        session,
        (CampaignQuestionnaire, campaign_id, questionnaire_id),
        lambda: session.exec(
            select(CampaignQuestionnaire.sha256).where(
                CampaignQuestionnaire.campaign_id == campaign_id,
                CampaignQuestionnaire.questionnaire_id == questionnaire_id,
            )
        ).first(),
    )
    if row is None:
        raise NotFound("campaign.no_questionnaire", questionnaire=questionnaire_id)
    return frozen_by_hash(session, sha256=row)


def frozen_by_hash(session: Session, *, sha256: str) -> Questionnaire:
    """A frozen questionnaire by its hash: read and parsed once per process."""
    if sha256 in _parsed:
        return _parse_cached(sha256, "")
    content = session.exec(
        select(CampaignQuestionnaire.content).where(CampaignQuestionnaire.sha256 == sha256)
    ).first()
    return _parse_cached(sha256, content or "")
