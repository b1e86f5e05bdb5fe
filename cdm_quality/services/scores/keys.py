"""Fill the key tables (`storage.keys`) from frozen questionnaires, once per questionnaire hash.

Scores come from the domain itself (`scoring.item_score` applied to every level an item can
take), so an aggregate in SQL can only agree with `scoring.score_questionnaire`. Filling is
idempotent and safe when two processes race: the second one finds the keys there.

Keys are written where questionnaires are frozen (`campaigns.create_campaign`, in the same
transaction), and for every frozen questionnaire after a restore and by `db upgrade` (a
backup carries no keys; a database from before holds campaigns whose keys were built on a
first read). Reads never write: they only check (`require_campaign_keys`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from cdm_quality.domain import scoring
from cdm_quality.domain.answers import KINDS
from cdm_quality.domain.loader import from_frozen
from cdm_quality.domain.questionnaire import PHASES, Item, ItemKind, Phase, Questionnaire
from cdm_quality.services.errors import KeysMissing
from cdm_quality.storage.keys import ItemKey, KeySet, ScoreKey
from cdm_quality.storage.tables import CampaignQuestionnaire

KEYED_KINDS = frozenset(kind for kind, spec in KINDS.items() if spec.keyed)


def stored_text(value: Any) -> str:
    """The JSON text the `answer.value` column holds for `value` (as SQLAlchemy writes it)."""
    return json.dumps(value)


def possible_values(questionnaire: Questionnaire, item: Item) -> list[Any]:
    """Every value a closed item can store: levels (with N/A), true/false, or option ids."""
    if item.kind == ItemKind.yes_no:
        return [True, False]
    if item.kind == ItemKind.single_choice:
        return [option.id for option in item.options or []]
    scale = questionnaire.scale(item.scale)
    return list(scale.level_ids()) if scale else []


def asked_in(questionnaire: Questionnaire, item: Item, phase: Phase, opened: bool = False) -> bool:
    """Whether the item (and its section) is asked in `phase`, conditions aside."""
    section = questionnaire.section_of(item.id)
    return item.applies_to(phase, opened) and (section is None or section.applies_to(phase, opened))


def _conditional(questionnaire: Questionnaire, item: Item, phase: Phase) -> bool:
    """Decided per response: a `visible_if`, or asked in `phase` only once the Cité is open
    (or only until it opens)."""
    return item.visible_if is not None or asked_in(questionnaire, item, phase) != asked_in(
        questionnaire, item, phase, opened=True
    )


def item_keys(questionnaire: Questionnaire, sha256: str) -> Iterator[dict[str, Any]]:
    """Rows of `item_key`: each item in each phase where it is asked."""
    for section in questionnaire.sections:
        for item in section.items:
            for phase in PHASES:
                if any(asked_in(questionnaire, item, phase, opened) for opened in (False, True)):
                    yield {
                        "sha256": sha256,
                        "phase": phase,
                        "item_id": item.id,
                        "section_id": section.id,
                        "required": item.required,
                        "conditional": _conditional(questionnaire, item, phase),
                    }


def score_keys(questionnaire: Questionnaire, sha256: str) -> Iterator[dict[str, Any]]:
    """Rows of `score_key`: each closed item's possible values with the domain's score."""
    for key in item_keys(questionnaire, sha256):
        item = questionnaire.item(key["item_id"])
        if item is None or item.kind not in KEYED_KINDS:
            continue
        for value in possible_values(questionnaire, item):
            yield {
                "sha256": sha256,
                "phase": key["phase"],
                "item_id": item.id,
                "value": stored_text(value),
                "section_id": key["section_id"],
                "weight": item.weight,
                "score": scoring.item_score(questionnaire, item, value),
                "conditional": key["conditional"],
            }


def build_keys(session: Session, *, sha256s: Iterable[str]) -> None:
    """Add the keys of every given frozen questionnaire that has none yet to the session's
    transaction (its caller commits), each in a savepoint: when another process builds the
    same keys at the same moment, this one leaves them to it."""
    wanted = set(sha256s)
    if not wanted:
        return
    built = set(session.exec(select(KeySet.sha256).where(col(KeySet.sha256).in_(wanted))).all())
    for sha256 in sorted(wanted - built):
        _build(session, sha256)


def _build(session: Session, sha256: str) -> None:
    content = session.exec(
        select(CampaignQuestionnaire.content).where(CampaignQuestionnaire.sha256 == sha256)
    ).first()
    if content is None:
        return
    questionnaire = from_frozen(content)
    try:
        with session.begin_nested():
            session.add(KeySet(sha256=sha256))
            session.flush()
            _insert(session, ItemKey, list(item_keys(questionnaire, sha256)))
            _insert(session, ScoreKey, list(score_keys(questionnaire, sha256)))
    except IntegrityError:  # another process built them at the same moment
        return


def _insert(
    session: Session, table: type[ItemKey] | type[ScoreKey], rows: list[dict[str, Any]]
) -> None:
    if rows:
        session.execute(insert(table), rows)


def ensure_campaign_keys(session: Session, *, campaign_ids: Iterable[int]) -> None:
    """Build the keys of every questionnaire frozen in the given campaigns (committed)."""
    ids = list(campaign_ids)
    if not ids:
        return
    build_keys(session, sha256s=_hashes(session, ids))
    session.commit()


def ensure_every_key(session: Session) -> None:
    """Build the keys of every frozen questionnaire that has none (committed): after a
    restore, and by `db upgrade` for campaigns frozen before keys were built at freezing."""
    build_keys(session, sha256s=session.exec(select(CampaignQuestionnaire.sha256)).all())
    session.commit()


def require_campaign_keys(session: Session, *, campaign_ids: Iterable[int]) -> None:
    """Raise `KeysMissing` when a questionnaire frozen in these campaigns has no keys (a
    database restored or upgraded by hand, not by the tool): a read never builds them, and
    without them the SQL aggregates would find no score at all. One query, writes nothing."""
    ids = sorted(set(campaign_ids))
    if not ids:
        return
    missing = session.exec(
        select(CampaignQuestionnaire.campaign_id)
        .where(
            col(CampaignQuestionnaire.campaign_id).in_(ids),
            col(CampaignQuestionnaire.sha256).not_in(select(KeySet.sha256)),
        )
        .limit(1)
    ).first()
    if missing is not None:
        raise KeysMissing(campaign_id=missing)


def _hashes(session: Session, campaign_ids: list[int]) -> list[str]:
    return list(
        session.exec(
            select(CampaignQuestionnaire.sha256).where(
                col(CampaignQuestionnaire.campaign_id).in_(campaign_ids)
            )
        ).all()
    )
