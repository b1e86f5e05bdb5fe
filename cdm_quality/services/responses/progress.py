"""How far a response is filled in, per section and overall."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain.questionnaire import Questionnaire
from cdm_quality.services.people.access import (
    Actor,
)
from cdm_quality.services.responses.common import (
    Progress,
    SectionProgress,
    _questionnaire,
    _readable,
    _values,
)
from cdm_quality.storage.tables import (
    id_of,
)

# --- progress -----------------------------------------------------------------------------


def compute_progress(
    questionnaire: Questionnaire, values: dict[str, Any], phase: str, opened: bool = False
) -> Progress:
    """Counts per section of visible items: required answered / total, answered / visible."""
    sections = []
    for section in questionnaire.sections:
        visible = [
            i
            for i in section.items
            if domain_answers.is_visible(questionnaire, i, values, phase, opened)
        ]
        if not visible:
            continue
        answered = [i for i in visible if domain_answers.is_answered(values.get(i.id))]
        sections.append(
            SectionProgress(
                section_id=section.id,
                title=section.title,
                required_answered=sum(1 for i in answered if i.required),
                required_total=sum(1 for i in visible if i.required),
                answered=len(answered),
                visible=len(visible),
            )
        )
    return Progress(
        sections=sections,
        required_answered=sum(s.required_answered for s in sections),
        required_total=sum(s.required_total for s in sections),
        answered=sum(s.answered for s in sections),
        visible=sum(s.visible for s in sections),
    )


def progress(session: Session, actor: Actor, *, response_id: int) -> Progress:
    """Progress of one response, per section and overall."""
    response = _readable(session, actor, response_id)
    return compute_progress(
        _questionnaire(session, response),
        _values(session, id_of(response)),
        response.phase,
        response.opened,
    )
