"""The score cache is filled when a response is submitted and when a campaign closes (and after
a restore or the demo), so that no comparison has to compute the sums of submitted responses
when someone reads; a read never writes it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import delete, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from cdm_quality.services import compare, plan
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.errors import KeysMissing
from cdm_quality.services.network import campaigns
from cdm_quality.services.responses import submit_response
from cdm_quality.services.scores import aggregates, keys
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.storage.keys import ItemKey, KeySet, ScoreCache, ScoreKey
from cdm_quality.storage.tables import CampaignQuestionnaire, Response, ResponseState
from tests.databases import seeded
from tests.network import AUTHORITY, Network, build_network

pytestmark = pytest.mark.also_postgres("the score cache is filled and read in SQL")

APPROX = pytest.approx


@pytest.fixture
def net(session: Session) -> Network:
    return seeded(session, build_network)


def cached_sections(session: Session, response_id: int) -> dict[str, float]:
    rows = session.exec(select(ScoreCache).where(ScoreCache.response_id == response_id)).all()
    return {row.section_id: row.weighted for row in rows}


@contextmanager
def statements_seen(session: Session) -> Iterator[list[str]]:
    """The statements sent meanwhile on the session's engine."""
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        seen.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def writes_seen(session: Session) -> Iterator[list[str]]:
    """The INSERT, UPDATE and DELETE statements sent meanwhile on the session's engine."""
    with statements_seen(session) as seen:
        yield seen
    writes = [s for s in seen if s.lstrip().split(" ", 1)[0].upper() in _WRITES]
    seen[:] = writes


_WRITES = {"INSERT", "UPDATE", "DELETE"}


def test_a_submission_stores_its_section_sums(session: Session, net: Network) -> None:
    # Nobody has read a comparison yet: the submissions themselves filled the cache.
    namur = cached_sections(session, net.responses[(2026, "Namur")])
    # b: "yes" (2 × 1) + "low" (0) + "high" (1 × 1) to b.si, shown because b.oui is yes
    assert namur == {"": 0.0, "a": APPROX(2.5), "b": APPROX(3.0)}
    # Porto answered b.si too, but said no to b.oui: b.si is not shown, not counted
    assert cached_sections(session, net.responses[(2026, "Porto")])["b"] == APPROX(0.0)
    assert cached_sections(session, net.responses[(2026, "Turin")]) == {}  # a draft


def test_each_cached_row_names_its_responses_campaign(session: Session, net: Network) -> None:
    # A comparison finds a campaign's cached sums by this column (and its index): a row
    # naming another campaign would leave its response summed live from its answers.
    campaigns.close_campaign(session, AUTHORITY, campaign_id=net.new.id)  # conditional rows too
    pairs = session.exec(
        select(ScoreCache.campaign_id, Response.campaign_id).join(
            Response, col(Response.id) == ScoreCache.response_id
        )
    ).all()
    assert {net.old.id, net.new.id} <= {cached for cached, _ in pairs}
    assert all(cached == own for cached, own in pairs)


def test_a_comparison_reads_no_answer_of_a_cached_response(session: Session, net: Network) -> None:
    # The cache holds the conditional items' answers too: a comparison of submitted
    # responses reads the cache alone, and finds what scoring the answers gives.
    with statements_seen(session) as seen:
        found = compare.heatmap(
            session, net.authority, campaign_id=net.old.id, questionnaire_id="tiny"
        )
    assert not [s for s in seen if "answer" in s.lower()]
    porto = next(r for r in found.rows if r.cite.endswith("Porto"))
    assert porto.sections["b"] == APPROX(100 * (2 * 1 + 1 * 0.5) / 3)  # b.si shown: b.oui yes


def test_reading_a_comparison_after_submissions_writes_nothing(
    session: Session, net: Network
) -> None:
    with writes_seen(session) as seen:
        compare.heatmap(session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny")
        compare.evolution(session, net.authority, questionnaire_id="tiny", cite_id=net.id("Lyon"))
    assert seen == []


def test_closing_a_campaign_fills_what_submissions_did_not(session: Session, net: Network) -> None:
    # As in a database from before the cache was filled at submission, or after a failed fill.
    session.exec(delete(ScoreCache))
    session.commit()
    campaigns.close_campaign(session, AUTHORITY, campaign_id=net.new.id)
    submitted = session.exec(
        select(Response.id).where(
            Response.campaign_id == net.new.id, Response.state == ResponseState.submitted
        )
    ).all()
    cached = set(session.exec(select(ScoreCache.response_id).distinct()).all())
    assert cached == set(submitted) and len(submitted) == 4


def test_a_failed_cache_fill_does_not_fail_the_submission(
    session: Session, net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_args: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(aggregates, "_fill_cache_of", locked)
    turin = net.responses[(2026, "Turin")]
    submitted = submit_response(session, net.directors["Turin"], response_id=turin)
    assert submitted.state is ResponseState.submitted
    assert session.get(Response, turin).state is ResponseState.submitted
    assert cached_sections(session, turin) == {}
    monkeypatch.undo()
    with writes_seen(session) as seen:  # a reader sums it live, and writes nothing
        found = compare.heatmap(
            session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny"
        )
    assert next(r for r in found.rows if r.cite.endswith("Turin")).overall == APPROX(0)
    assert seen == [] and cached_sections(session, turin) == {}
    campaigns.close_campaign(session, AUTHORITY, campaign_id=net.new.id)  # the next fill
    assert cached_sections(session, turin) != {}


def drop_keys(session: Session) -> None:
    for table in (ScoreKey, ItemKey, KeySet):
        session.exec(delete(table))
    session.commit()


def test_a_campaign_is_read_without_writing_its_keys_are_built_when_frozen(
    session: Session, net: Network
) -> None:
    # Keys are written with the campaign's frozen questionnaires; the synthesis, the plan
    # page (its synthesis without comparisons) and the heatmap only read them.
    drop_keys(session)
    tiny = frozen_questionnaire(session, campaign_id=net.new.id, questionnaire_id="tiny")
    campaigns.create_campaign(session, AUTHORITY, year=2027, questionnaires=[tiny])
    frozen = session.exec(select(CampaignQuestionnaire.sha256)).all()
    assert set(session.exec(select(KeySet.sha256)).all()) == set(frozen)
    namur = {"cite_id": net.id("Namur"), "campaign_id": net.new.id}
    director = net.directors["Namur"]
    with writes_seen(session) as seen:
        found = synthesis.cite_synthesis(session, director, **namur, lang="fr")
        page = plan.plan_view(session, director, **namur, lang="fr")
        compare.heatmap(session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny")
    assert seen == []
    assert found.grids and page.cite.id == namur["cite_id"]


def test_missing_keys_are_reported_by_a_read_and_built_by_an_upgrade(
    session: Session, net: Network
) -> None:
    # A database restored or upgraded by hand: the read says so, writes nothing, and
    # `db upgrade` (keys.ensure_every_key) builds them.
    drop_keys(session)
    namur = {"cite_id": net.id("Namur"), "campaign_id": net.new.id}
    with writes_seen(session) as seen, pytest.raises(KeysMissing):
        synthesis.cite_synthesis(session, net.directors["Namur"], **namur, lang="fr")
    assert seen == []
    keys.ensure_every_key(session)
    found = synthesis.cite_synthesis(session, net.directors["Namur"], **namur, lang="fr")
    assert found.grids[0].synthesis.score is not None
