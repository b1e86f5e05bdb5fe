"""The differencing attack on the anonymous network figures a director gets.

A director's Cité, Lyon, and 14 other Cités in four countries and three phases, two of them
with a draft in 2026. The director asks for every figure they can (benchmark, evolution,
distribution of answers, synthesis) under every filter they can set: campaign,
questionnaire, phase, country, drafts. The attacker is assumed to know which Cités sit in
which phase and country, and which have a draft — the worst case.

An other Cité's score counts as recovered when
- a figure comes from fewer than `MEDIAN_MIN` Cités (with 3, the quartiles solve for the three
  scores: the attack of issue 13 is run as such), or quartiles from fewer than
  `QUARTILES_MIN` (with 5 they are the middle three scores);
- two figures of the same statistic come from groups of Cités that differ, either way, by
  1 to `DIFFERENCE_MIN - 1` Cités: comparing them singles those out;
- two distributions of answers (counts, which add up) come from different groups.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from sqlmodel import Session

from cdm_quality.domain.disclosure import DIFFERENCE_MIN, MEDIAN_MIN, QUARTILES_MIN
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import compare
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.network import campaigns
from cdm_quality.services.people.access import Actor
from cdm_quality.services.responses import get_or_create_response, save_answer, submit_response
from cdm_quality.storage.tables import Role
from tests.databases import seeded
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user
from tests.network import tiny

pytestmark = pytest.mark.also_postgres("the network figures a director reads are aggregated in SQL")

F, P, J = Phase.fonctionnement, Phase.prefiguration, Phase.projet
LEVELS = ("bas", "moyen", "haut")
OWN = "Lyon"
# name → (country, phase, has a draft in 2026 instead of a submitted response)
CITES: dict[str, tuple[str, Phase, bool]] = {
    "Lyon": ("France", F, False),
    "Paris": ("France", F, False),
    "Rouen": ("France", F, False),
    "Limoges": ("France", F, False),
    "Nantes": ("France", F, False),
    "Lille": ("France", P, False),
    "Brest": ("France", P, False),
    "Dijon": ("France", F, True),
    "Namur": ("Belgique", F, False),
    "Charleroi": ("Belgique", F, False),
    "Bruxelles": ("Belgique", P, True),
    "Liege": ("Belgique", J, False),
    "Porto": ("Portugal", F, False),
    "Braga": ("Portugal", P, False),
    "Geneve": ("Suisse", F, False),
}
OTHERS = [name for name in CITES if name != OWN]


def _answers(index: int, year: int, phase: Phase) -> dict[str, Any]:
    """Scores spread over the network, different each year."""
    seed = index * 7 + year
    values: dict[str, Any] = {
        "a.un": LEVELS[seed % 3],
        "a.deux": LEVELS[(seed // 3) % 3],
        "b.oui": seed % 2 == 0,
    }
    if phase is F:
        values["b.plus"] = LEVELS[(seed // 2) % 3]
    return values


@dataclass(frozen=True)
class World:
    director: Actor
    own_id: int
    campaigns: dict[int, int]  # year → id
    scores: dict[tuple[int, str], dict[str, float | None]]  # (year, Cité) → key → score
    drafts: set[tuple[int, str]]


@pytest.fixture
def world(session: Session) -> World:
    return seeded(session, build_disclosure_world)


def build_disclosure_world(session: Session) -> World:
    """Ten Cités answering two campaigns (the first closed), some still drafting."""
    cites = {
        name: make_cite(session, f"Cité des métiers {name}", phase=phase, country=country)
        for name, (country, phase, _) in CITES.items()
    }
    directors = {
        name: make_user(session, f"dir.{name.lower()}", Role.director, cite_id=cite.id)
        for name, cite in cites.items()
    }
    ids: dict[int, int] = {}
    drafts: set[tuple[int, str]] = set()
    for year in (2025, 2026):
        campaign = make_campaign(session, year, questionnaires=[tiny()])
        ids[year] = campaign.id
        for index, (name, (_, phase, draft)) in enumerate(CITES.items()):
            response = get_or_create_response(
                session,
                directors[name],
                cite_id=cites[name].id,
                campaign_id=campaign.id,
                questionnaire_id="tiny",
            )
            for item_id, value in _answers(index, year, phase).items():
                save_answer(
                    session, directors[name], response_id=response.id, item_id=item_id, value=value
                )
            if year == 2026 and draft:
                drafts.add((year, name))
            else:
                submit_response(session, directors[name], response_id=response.id)
        if year == 2025:
            campaigns.close_campaign(session, AUTHORITY, campaign_id=campaign.id)
    return World(
        director=directors[OWN],
        own_id=cites[OWN].id,
        campaigns=ids,
        scores=_true_scores(session, ids),
        drafts=drafts,
    )


def _true_scores(session: Session, ids: dict[int, int]) -> dict[tuple[int, str], dict]:
    """Every Cité's true scores, as the label authority sees them (drafts included)."""
    found = {}
    for year, campaign_id in ids.items():
        heat = compare.heatmap(
            session,
            AUTHORITY,
            campaign_id=campaign_id,
            questionnaire_id="tiny",
            include_drafts=True,
        )
        for row in heat.rows:
            name = row.cite.removeprefix("Cité des métiers ")
            found[(year, name)] = dict(row.sections) | {"": row.overall}
    return found


# --- what the director can obtain ---------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A released network figure and the group of Cités it was computed from."""

    year: int
    key: str  # section id, "" for the whole questionnaire
    group: frozenset[str]
    median: float
    q1: float | None
    q3: float | None
    source: str


FILTERS = list(
    itertools.product(
        [None, F, P, J], [None, "France", "Belgique", "Portugal", "Suisse"], [False, True]
    )
)


def _group(world: World, year: int, key: str, phase, country, drafts: bool) -> frozenset[str]:
    """The other Cités a figure of this selection is computed from, if drafts count as
    asked (the attacker's guess; the check below tries both guesses)."""
    return frozenset(
        name
        for name in OTHERS
        if (phase is None or CITES[name][1] == phase)
        and (country is None or CITES[name][0] == country)
        and (drafts or (year, name) not in world.drafts)
        and world.scores[(year, name)].get(key) is not None
    )


def _benchmark_figures(session: Session, world: World) -> Iterator[Figure]:
    for (phase, country, drafts), year in itertools.product(FILTERS, (2025, 2026)):
        found = compare.cite_benchmark(
            session,
            world.director,
            campaign_id=world.campaigns[year],
            questionnaire_id="tiny",
            phase=phase,
            country=country,
            include_drafts=drafts,
        )
        for row in [found.overall, *found.sections]:
            yield from _figures(world, year, row.section_id, row.network, phase, country, drafts)


def _evolution_figures(session: Session, world: World) -> Iterator[Figure]:
    for phase, country, drafts in FILTERS:
        found = compare.evolution(
            session,
            world.director,
            questionnaire_id="tiny",
            phase=phase,
            country=country,
            include_drafts=drafts,
        )
        for point in found.points:
            for row in [point.overall, *point.sections]:
                yield from _figures(
                    world, point.campaign.year, row.section_id, row.network, phase, country, drafts
                )


def _synthesis_figures(session: Session, world: World) -> Iterator[Figure]:
    for year, campaign_id in world.campaigns.items():
        found = synthesis.cite_synthesis(
            session, world.director, cite_id=world.own_id, campaign_id=campaign_id, lang="fr"
        )
        for grid in found.grids:
            for section in grid.synthesis.sections:
                if section.network_median is not None:
                    median = SimpleNamespace(
                        q1=None, median=section.network_median, q3=None, count=0
                    )
                    yield from _figures(world, year, section.section_id, median, None, None, False)


def _figures(
    world: World, year: int, key: str, network: Any, phase, country, drafts: bool
) -> Iterator[Figure]:
    if network is None:
        return
    source = f"{year} {key or 'overall'} phase={phase} country={country} drafts={drafts}"
    for counted in {False, drafts}:  # drafts asked for may or may not have been counted
        group = _group(world, year, key, phase, country, counted)
        if network.count and network.count != len(group):
            continue  # not this guess
        yield Figure(year, key, group, network.median, network.q1, network.q3, source)


# --- the attack ---------------------------------------------------------------------------


def _solved_from_quartiles(figure: Figure) -> list[float]:
    """The issue's attack: with 3 Cités, q1 = (x1+x2)/2, median = x2, q3 = (x2+x3)/2."""
    if figure.q1 is None or figure.q3 is None or len(figure.group) != 3:
        return []
    return [2 * figure.q1 - figure.median, figure.median, 2 * figure.q3 - figure.median]


def _recoveries(world: World, figures: list[Figure]) -> list[str]:
    found = []
    for figure in figures:
        true = sorted(world.scores[(figure.year, n)][figure.key] for n in figure.group)
        if _solved_from_quartiles(figure) and _solved_from_quartiles(figure) == pytest.approx(true):
            found.append(f"{figure.source}: the three scores {true} solved from the quartiles")
        if len(figure.group) < MEDIAN_MIN:
            found.append(f"{figure.source}: a median of {len(figure.group)} Cités")
        if figure.q1 is not None and len(figure.group) < QUARTILES_MIN:
            found.append(f"{figure.source}: quartiles of {len(figure.group)} Cités")
    for one, two in itertools.combinations(figures, 2):
        if (one.year, one.key) != (two.year, two.key):
            continue
        for extra in (one.group - two.group, two.group - one.group):
            if 0 < len(extra) < DIFFERENCE_MIN:
                found.append(f"{one.source} vs {two.source} singles out {sorted(extra)}")
    return found


def test_no_other_cite_score_is_recovered_from_the_director_figures(
    session: Session, world: World
) -> None:
    figures = [
        *_benchmark_figures(session, world),
        *_evolution_figures(session, world),
        *_synthesis_figures(session, world),
    ]
    assert _recoveries(world, figures) == []
    # not vacuous: the whole network keeps its median and quartiles, and the fonctionnement
    # phase its median, in the closed campaign (the open one publishes nothing to directors)
    whole = {f for f in figures if f.group == _group(world, 2025, "", None, None, False)}
    assert any(f.q1 is not None for f in whole)
    assert any(
        f.source.startswith("2025 overall phase=fonctionnement country=None") for f in figures
    )
    assert not any(f.year == 2026 for f in figures)


def test_the_attack_finds_what_a_three_cite_selection_gives_away(
    session: Session, world: World
) -> None:
    """The check is not vacuous: the label authority's figures (not anonymous) for
    Belgium in 2026 give the three Belgian scores back."""
    found = compare.cite_benchmark(
        session,
        AUTHORITY,
        campaign_id=world.campaigns[2026],
        questionnaire_id="tiny",
        cite_id=world.own_id,
        country="Belgique",
    )
    figures = list(_figures(world, 2026, "", found.overall.network, None, "Belgique", False))
    assert any("solved from the quartiles" in r for r in _recoveries(world, figures))


def test_distributions_of_answers_come_from_one_group_only(session: Session, world: World) -> None:
    """Counts add up: any two different groups could be subtracted. A director gets the
    distribution for the whole network only, the same with or without drafts asked."""
    released: dict[int, set[tuple]] = {2025: set(), 2026: set()}
    for (phase, country, drafts), year in itertools.product(FILTERS, (2025, 2026)):
        found = compare.item_distribution(
            session,
            world.director,
            campaign_id=world.campaigns[year],
            questionnaire_id="tiny",
            phase=phase,
            country=country,
            include_drafts=drafts,
        )
        if not found.suppressed:
            assert found.responses >= MEDIAN_MIN
            released[year].add(
                tuple((i.item_id, v.value, v.count) for i in found.items for v in i.levels)
            )
    assert [len(counts) for counts in released.values()] == [1, 0]  # 2026 is still open


def test_the_synthesis_median_is_the_median_of_the_other_submitted_cites(
    session: Session, world: World
) -> None:
    found = synthesis.cite_synthesis(
        session, AUTHORITY, cite_id=world.own_id, campaign_id=world.campaigns[2025], lang="en"
    )
    for section in found.grids[0].synthesis.sections:
        group = _group(world, 2025, section.section_id, None, None, False)
        scores = [world.scores[(2025, name)][section.section_id] for name in group]
        assert len(group) >= MEDIAN_MIN
        assert section.network_median == pytest.approx(statistics.median(scores))


# --- two readings over time (issue 20) ----------------------------------------------------


def _director_reading(session: Session, world: World, year: int) -> tuple:
    """Everything a director reads of the network for one campaign, counts included."""
    benchmark = compare.cite_benchmark(
        session, world.director, campaign_id=world.campaigns[year], questionnaire_id="tiny"
    )
    by_country = [
        compare.cite_benchmark(
            session,
            world.director,
            campaign_id=world.campaigns[year],
            questionnaire_id="tiny",
            country=country,
        ).network_count
        for country in ("France", "Belgique", "Portugal", "Suisse")
    ]
    distribution = compare.item_distribution(
        session, world.director, campaign_id=world.campaigns[year], questionnaire_id="tiny"
    )
    synthesis_grid = synthesis.cite_synthesis(
        session, world.director, cite_id=world.own_id, campaign_id=world.campaigns[year], lang="fr"
    ).grids[0]
    return (
        benchmark.network_count,
        [(row.section_id, row.network) for row in [benchmark.overall, *benchmark.sections]],
        by_country,
        distribution.responses,
        [(i.item_id, v.value, v.count) for i in distribution.items for v in i.levels],
        [s.network_median for s in synthesis_grid.synthesis.sections],
        synthesis_grid.network_count,
    )


def _porto(session: Session, world: World) -> tuple[Actor, int]:
    """A director of Porto, and Porto's 2025 self-assessment."""
    from cdm_quality.services.network.cites import list_cites

    cite_id = next(c.id for c in list_cites(session, AUTHORITY) if c.name.endswith("Porto"))
    director = make_user(session, "dir.porto.bis", Role.director, cite_id=cite_id)
    response = get_or_create_response(
        session,
        director,
        cite_id=cite_id,
        campaign_id=world.campaigns[2025],
        questionnaire_id="tiny",
    )
    return director, response.id


def test_a_reopening_a_late_sending_or_a_second_close_changes_nothing_a_director_reads(
    session: Session, world: World
) -> None:
    """The audit's attack: read, let the label authority reopen Porto, read again, subtract.
    The figures a director reads of a closed campaign are those published at its first close."""
    from cdm_quality.services.responses import reopen_response

    before = _director_reading(session, world, 2025)
    assert before[0] is not None and before[3] >= MEDIAN_MIN  # figures are given
    porto_director, porto_id = _porto(session, world)
    reopen_response(session, AUTHORITY, response_id=porto_id, reason="Une pièce manque.")
    assert _director_reading(session, world, 2025) == before
    campaigns.close_campaign(session, AUTHORITY, campaign_id=world.campaigns[2026])
    campaigns.reopen_campaign(session, AUTHORITY, campaign_id=world.campaigns[2025])
    save_answer(session, porto_director, response_id=porto_id, item_id="a.un", value="haut")
    save_answer(session, porto_director, response_id=porto_id, item_id="a.deux", value="haut")
    submit_response(session, porto_director, response_id=porto_id)
    campaigns.close_campaign(session, AUTHORITY, campaign_id=world.campaigns[2025])
    assert _director_reading(session, world, 2025) == before
    # the label authority reads live figures by name: Porto's change shows there
    assert _true_scores(session, world.campaigns) != world.scores


def test_an_open_campaign_gives_a_director_no_network_figure_and_no_count(
    session: Session, world: World
) -> None:
    benchmark = compare.cite_benchmark(
        session, world.director, campaign_id=world.campaigns[2026], questionnaire_id="tiny"
    )
    assert not benchmark.published and benchmark.network_count is None
    assert all(row.network is None for row in [benchmark.overall, *benchmark.sections])
    assert benchmark.overall.own is not None  # the Cité's own figures stay live
    distribution = compare.item_distribution(
        session, world.director, campaign_id=world.campaigns[2026], questionnaire_id="tiny"
    )
    assert not distribution.published and distribution.responses == 0
    assert all(v.count == 0 for i in distribution.items for v in i.levels)
    grid = synthesis.cite_synthesis(
        session, world.director, cite_id=world.own_id, campaign_id=world.campaigns[2026], lang="fr"
    ).grids[0]
    assert not grid.network_published and grid.network_count is None


def test_a_campaign_closed_before_the_published_sets_were_kept_is_published_on_upgrade(
    session: Session, world: World
) -> None:
    """`cdm-quality db upgrade` publishes such a campaign once, from its answers as they stand."""
    from sqlmodel import delete

    from cdm_quality.services.network import publication
    from cdm_quality.storage.tables import Campaign, NetworkMember

    before = _director_reading(session, world, 2025)
    session.exec(delete(NetworkMember))  # type: ignore[call-overload]
    closed = session.get(Campaign, world.campaigns[2025])
    assert closed is not None
    closed.published_at = None
    session.add(closed)
    session.commit()
    assert not compare.cite_benchmark(
        session, world.director, campaign_id=world.campaigns[2025], questionnaire_id="tiny"
    ).published
    assert publication.publish_closed(session) == [closed.name]
    assert publication.publish_closed(session) == []
    assert _director_reading(session, world, 2025) == before
