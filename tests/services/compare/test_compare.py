"""Comparison services against the hand-computed network of `tests/network.py`, the
domain scoring on the same answers, and the access rules (a director sees no other Cité)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlmodel import Session, func, select

from cdm_quality.domain import scoring
from cdm_quality.domain.answers import is_visible
from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import ItemKind, Phase
from cdm_quality.services import compare
from cdm_quality.services.compare import common as compare_common
from cdm_quality.services.errors import AccessDenied
from cdm_quality.services.network import campaigns
from cdm_quality.services.responses import (
    get_or_create_response,
    reopen_response,
    response_view,
    save_answer,
    submit_response,
)
from cdm_quality.services.scores import aggregates, keys
from cdm_quality.storage.keys import KeySet, ScoreCache, ScoreKey
from cdm_quality.storage.tables import Response, ResponseState, Role
from tests.databases import seeded
from tests.factories import make_campaign, make_cite, make_user
from tests.network import Network, build_network

pytestmark = pytest.mark.also_postgres(
    "comparisons aggregate in SQL, with each dialect's JSON functions"
)

APPROX = pytest.approx


@pytest.fixture
def net(session: Session) -> Network:
    return seeded(session, build_network)


def heat(session: Session, net: Network, **kw: object) -> dict[str, tuple]:
    found = compare.heatmap(
        session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny", **kw
    )
    return {
        row.cite.removeprefix("Cité des métiers "): (
            row.sections.get("a"),
            row.sections.get("b"),
            row.overall,
        )
        for row in found.rows
    }


# --- heatmap ------------------------------------------------------------------------------


def test_heatmap_matches_the_hand_computed_network(session: Session, net: Network) -> None:
    assert heat(session, net) == {
        "Geneve": APPROX((100, 75, 87.5)),
        "Lyon": APPROX((75, 50, 70)),
        "Namur": APPROX((62.5, 75, 68.75)),
        "Porto": APPROX((50, 0, 100 / 6)),
    }


def test_heatmap_with_drafts_phase_and_country_filters(session: Session, net: Network) -> None:
    assert heat(session, net, include_drafts=True)["Turin"] == APPROX((0, 0, 0))
    assert set(heat(session, net, phase=Phase.fonctionnement)) == {"Geneve", "Lyon", "Namur"}
    assert set(heat(session, net, country="Portugal")) == {"Porto"}
    assert heat(session, net, country="Belgique", phase=Phase.projet) == {}


def test_heatmap_lists_sections_with_titles(session: Session, net: Network) -> None:
    found = compare.heatmap(session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny")
    assert [s.section_id for s in found.sections] == ["a", "b"]
    assert found.sections[1].title.en == "Section B"
    assert (found.campaign.year, found.questionnaire_id) == (2026, "tiny")


def test_heatmap_equals_the_domain_scoring_of_each_response(session: Session, net: Network) -> None:
    found = compare.heatmap(
        session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny", include_drafts=True
    )
    for row in found.rows:
        name = row.cite.removeprefix("Cité des métiers ")
        view = response_view(session, net.authority, response_id=net.responses[(2026, name)])
        expected = scoring.score_questionnaire(
            view.questionnaire, view.values(), view.response.phase
        )
        assert row.overall == APPROX(expected.score)
        assert row.sections == APPROX(same_sections(row.sections, expected))


def same_sections(
    shown: dict[str, float | None], expected: scoring.QuestionnaireScore
) -> dict[str, float | None]:
    """The domain's section scores on the heatmap's columns (a section the domain leaves
    out, or scores None, is None on the heatmap)."""
    by_section = scoring.section_scores(expected)
    assert set(by_section) <= set(shown)
    return {section_id: by_section.get(section_id) for section_id in shown}


def _random_value(rng: random.Random, questionnaire, item) -> object:
    if item.kind == ItemKind.yes_no:
        return rng.random() < 0.5
    if item.kind == ItemKind.rating:
        return rng.choice(questionnaire.scale(item.scale).level_ids())
    if item.kind == ItemKind.single_choice:
        return rng.choice([o.id for o in item.options])
    if item.kind == ItemKind.multiple_choice:
        return [o.id for o in item.options if rng.random() < 0.5]
    return None


@pytest.mark.parametrize("qid", ["qualite", "charte"])
def test_sql_scores_equal_domain_scores_on_the_real_grids(session: Session, qid: str) -> None:
    """Random answers (N/A, gaps, every phase) on a real grid: GROUP BY = domain."""
    rng = random.Random(qid)
    questionnaire = load_directory("questionnaires")[qid]
    campaign = make_campaign(session, 2030, questionnaires=[questionnaire])
    authority = make_user(session, "autorite", Role.authority)
    expected = {}
    for n, phase in enumerate(list(Phase) * 2):
        cite = make_cite(session, f"Cité {n}", phase=phase)
        director = make_user(session, f"d{n}", Role.director, cite_id=cite.id)
        response = get_or_create_response(
            session, director, cite_id=cite.id, campaign_id=campaign.id, questionnaire_id=qid
        )
        values: dict[str, object] = {}
        for item in questionnaire.items():
            value = _random_value(rng, questionnaire, item)
            asked = keys.asked_in(questionnaire, item, phase)
            if value is not None and asked and rng.random() < 0.85:
                values[item.id] = value
                save_answer(
                    session, director, response_id=response.id, item_id=item.id, value=value
                )
        expected[cite.id] = scoring.score_questionnaire(questionnaire, values, phase)
    found = compare.heatmap(
        session, authority, campaign_id=campaign.id, questionnaire_id=qid, include_drafts=True
    )
    assert_scored_as(found, expected)
    # Sent as they are (gaps and all) and read from the score cache, conditional items included
    for response in session.exec(select(Response).where(Response.campaign_id == campaign.id)):
        response.state = ResponseState.submitted
        response.submitted_at = dt.datetime(2030, 5, 1, tzinfo=dt.UTC)
    session.commit()
    aggregates.cache_submitted(session, campaign_id=campaign.id)
    assert aggregates.uncached(session, aggregates.Scope(campaign_ids=(campaign.id,))) == {}
    assert_scored_as(
        compare.heatmap(session, authority, campaign_id=campaign.id, questionnaire_id=qid),
        expected,
    )


def assert_scored_as(
    found: compare.Heatmap, expected: dict[int, scoring.QuestionnaireScore]
) -> None:
    assert len(found.rows) == len(expected)
    for row in found.rows:
        assert row.overall == APPROX(expected[row.cite_id].score)
        assert row.sections == APPROX(same_sections(row.sections, expected[row.cite_id]))


# --- distribution -------------------------------------------------------------------------


def counts(found: compare.Distribution, item_id: str) -> dict[str, int]:
    item = next(i for i in found.items if i.item_id == item_id)
    return {level.value.strip('"'): level.count for level in item.levels}


def test_distribution_counts_levels_across_the_network(session: Session, net: Network) -> None:
    found = compare.item_distribution(
        session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny"
    )
    assert found.responses == 4 and not found.suppressed
    assert counts(found, "a.un") == {"bas": 1, "moyen": 1, "haut": 2, "na": 0}
    assert counts(found, "a.deux") == {"bas": 0, "moyen": 1, "haut": 2, "na": 1}
    assert counts(found, "b.oui") == {"true": 2, "false": 1}
    assert counts(found, "b.plus") == {"bas": 1, "moyen": 1, "haut": 1, "na": 0}
    # Porto's b.si is hidden (b.oui is no): only Namur's and Genève's count
    assert counts(found, "b.si") == {"bas": 1, "moyen": 0, "haut": 1, "na": 0}
    na = next(lv for lv in found.items[1].levels if lv.value == '"na"')
    assert na.not_applicable and na.label.en == "Not applicable"
    assert [i.item_id for i in found.items] == ["a.un", "a.deux", "b.oui", "b.plus", "b.si"]


def test_distribution_for_a_cite_leaves_it_out_and_gives_its_answers(
    session: Session, net: Network
) -> None:
    found = compare.item_distribution(
        session,
        net.authority,
        campaign_id=net.new.id,
        questionnaire_id="tiny",
        cite_id=net.id("Namur"),
    )
    assert found.responses == 3
    assert counts(found, "a.un") == {"bas": 1, "moyen": 1, "haut": 1, "na": 0}
    assert found.items[0].own == '"haut"' and found.items[2].own == "true"


# --- one Cité against the network ---------------------------------------------------------


def test_benchmark_gives_quartiles_of_the_other_cites(session: Session, net: Network) -> None:
    found = compare.cite_benchmark(
        session,
        net.authority,
        campaign_id=net.new.id,
        questionnaire_id="tiny",
        cite_id=net.id("Namur"),
    )
    assert found.network_count == 3  # Porto, Lyon, Genève (Turin is a draft)
    assert found.overall.own == APPROX(68.75)
    overall = found.overall.network
    assert (overall.q1, overall.median, overall.q3) == APPROX((130 / 3, 70, 78.75))
    a, b = found.sections
    assert (a.own, a.network.q1, a.network.median, a.network.q3) == APPROX((62.5, 62.5, 75, 87.5))
    assert (b.own, b.network.q1, b.network.median, b.network.q3) == APPROX((75, 25, 50, 62.5))


def test_benchmark_with_drafts_counts_four_cites(session: Session, net: Network) -> None:
    found = compare.cite_benchmark(
        session,
        net.authority,
        campaign_id=net.new.id,
        questionnaire_id="tiny",
        cite_id=net.id("Namur"),
        include_drafts=True,
    )
    overall = found.overall.network
    assert overall.count == 4
    assert (overall.q1, overall.median, overall.q3) == APPROX((12.5, 130 / 3, 74.375))


def test_benchmark_withholds_quartiles_below_three_cites(session: Session, net: Network) -> None:
    found = compare.cite_benchmark(
        session,
        net.authority,
        campaign_id=net.new.id,
        questionnaire_id="tiny",
        cite_id=net.id("Namur"),
        country="Belgique",
    )
    assert found.network_count == 0 and found.overall.network is None
    assert found.overall.own == APPROX(68.75)
    elsewhere = compare.cite_benchmark(
        session,
        net.authority,
        campaign_id=net.new.id,
        questionnaire_id="tiny",
        cite_id=net.id("Namur"),
        country="Suisse",
        phase=Phase.projet,
    )
    assert elsewhere.overall.own == APPROX(68.75)  # the Cité itself is never filtered out


def test_a_draft_of_the_compared_cite_still_counts_for_itself(
    session: Session, net: Network
) -> None:
    found = compare.cite_benchmark(
        session,
        net.authority,
        campaign_id=net.new.id,
        questionnaire_id="tiny",
        cite_id=net.id("Turin"),
    )
    assert found.overall.own == 0 and found.network_count == 4


# --- evolution ----------------------------------------------------------------------------


def test_evolution_of_a_cite_and_of_the_network(session: Session, net: Network) -> None:
    found = compare.evolution(
        session, net.authority, questionnaire_id="tiny", cite_id=net.id("Namur")
    )
    assert [p.campaign.year for p in found.points] == [2025, 2026]
    old, new = found.points
    assert old.overall.own == APPROX(200 / 7)
    assert old.network_count == 2 and old.overall.network is None  # too few to show
    assert [s.own for s in old.sections] == APPROX([50, 0])
    assert new.overall.own == APPROX(68.75)
    assert new.overall.network.median == APPROX(70)


def test_network_evolution_without_a_cite(session: Session, net: Network) -> None:
    found = compare.evolution(session, net.authority, questionnaire_id="tiny")
    old = found.points[0].overall.network
    assert (old.q1, old.median, old.q3) == APPROX(
        ((200 / 7 + 250 / 7) / 2, 250 / 7, (250 / 7 + 62.5) / 2)
    )
    assert found.cite is None and found.points[0].overall.own is None
    section_b = found.points[0].sections[1].network  # only Namur and Porto scored in b
    assert section_b is None


def test_evolution_plots_the_cites_draft_only_when_drafts_are_counted(
    session: Session, net: Network
) -> None:
    """Turin's 2026 self-assessment is a draft: no point for it unless drafts are counted."""

    def own_2026(include_drafts: bool) -> float | None:
        found = compare.evolution(
            session,
            net.authority,
            questionnaire_id="tiny",
            cite_id=net.id("Turin"),
            include_drafts=include_drafts,
        )
        return next(p for p in found.points if p.campaign.year == 2026).overall.own

    assert own_2026(False) is None
    assert own_2026(True) == 0


def test_evolution_leaves_out_draft_campaigns(session: Session, net: Network) -> None:
    make_campaign(session, 2027, questionnaires=[net_tiny(session, net)], open_it=False)
    found = compare.evolution(session, net.authority, questionnaire_id="tiny")
    assert [p.campaign.year for p in found.points] == [2025, 2026]


def net_tiny(session: Session, net: Network):
    return compare_common._questionnaire(session, net.new.id, "tiny")


# --- access: a director sees no other Cité ------------------------------------------------


@pytest.mark.parametrize("role", ["director", "contributor"])
def test_directors_get_no_heatmap(session: Session, net: Network, role: str) -> None:
    actor = net.directors["Namur"]
    if role == "contributor":
        actor = make_user(session, "contrib", Role.contributor, cite_id=net.id("Namur"))
    with pytest.raises(AccessDenied):
        compare.heatmap(session, actor, campaign_id=net.new.id, questionnaire_id="tiny")


def test_a_director_cannot_compare_another_cite(session: Session, net: Network) -> None:
    director = net.directors["Namur"]
    for call in (compare.cite_benchmark, compare.item_distribution):
        with pytest.raises(AccessDenied):
            call(
                session,
                director,
                campaign_id=net.new.id,
                questionnaire_id="tiny",
                cite_id=net.id("Porto"),
            )
    with pytest.raises(AccessDenied):
        compare.evolution(session, director, questionnaire_id="tiny", cite_id=net.id("Porto"))


def _others(net: Network, own: str) -> list[str]:
    return [c.name for name, c in net.cites.items() if name != own]


def test_director_results_name_no_other_cite(session: Session, net: Network) -> None:
    director = net.directors["Namur"]
    common = {"questionnaire_id": "tiny"}
    results = [
        compare.cite_benchmark(session, director, campaign_id=net.new.id, **common),
        compare.item_distribution(session, director, campaign_id=net.new.id, **common),
        compare.evolution(session, director, **common),
    ]
    for result in results:
        text = result.model_dump_json()
        assert "Namur" in text or "cite" not in type(result).model_fields
        for name in _others(net, "Namur"):
            assert name not in text
        assert set(_cite_ids(result.model_dump())) <= {net.id("Namur")}


def _cite_ids(data: object) -> list[int]:
    """Every value under a key naming a Cité id, anywhere in a dumped result."""
    found: list[int] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "cite_id" and value is not None:
                found.append(value)
            found += _cite_ids(value)
    elif isinstance(data, list):
        for value in data:
            found += _cite_ids(value)
    return found


def test_director_gets_no_network_figure_from_three_other_cites(
    session: Session, net: Network
) -> None:
    """Three scores are given back by their quartiles: a director gets none (the disclosure
    rule: a median from 5 other Cités, quartiles from 10; test_disclosure.py beside this one)."""
    campaigns.close_campaign(session, net.authority, campaign_id=net.new.id)  # publishes it
    found = compare.cite_benchmark(
        session, net.directors["Namur"], campaign_id=net.new.id, questionnaire_id="tiny"
    )
    assert found.cite_id == net.id("Namur") and found.overall.own == APPROX(68.75)
    assert found.published and found.anonymous
    assert found.network_count is None  # no count beside withheld figures either
    assert found.overall.network is None and all(s.network is None for s in found.sections)


def test_director_distribution_is_withheld_below_five_other_cites_or_filtered(
    session: Session, net: Network
) -> None:
    director = net.directors["Namur"]
    common = {"campaign_id": net.new.id, "questionnaire_id": "tiny"}
    unpublished = compare.item_distribution(session, director, **common)
    assert not unpublished.published and unpublished.responses == 0
    campaigns.close_campaign(session, net.authority, campaign_id=net.new.id)
    whole = compare.item_distribution(session, director, **common)
    assert whole.published and whole.suppressed and whole.responses == 0  # 3: not said
    assert not whole.filtered
    narrow = compare.item_distribution(session, director, country="Suisse", **common)
    assert narrow.suppressed and narrow.filtered and narrow.responses == 0
    assert all(level.count == 0 for item in narrow.items for level in item.levels)
    assert narrow.items[0].own == '"haut"'  # the director's own answer is still given


def test_authority_sees_small_groups_as_they_are(session: Session, net: Network) -> None:
    found = compare.item_distribution(
        session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny", country="Suisse"
    )
    assert not found.suppressed and counts(found, "a.un")["haut"] == 1


def test_director_without_a_cite_is_refused(session: Session, net: Network) -> None:
    from cdm_quality.services.people.access import Actor

    orphan = Actor(id=None, login="x", name="X", role=Role.director, cite_id=None)
    with pytest.raises(AccessDenied):
        compare.cite_benchmark(session, orphan, campaign_id=net.new.id, questionnaire_id="tiny")


# --- keys ---------------------------------------------------------------------------------


def test_keys_are_built_once_per_questionnaire_hash(session: Session, net: Network) -> None:
    keys.ensure_campaign_keys(session, campaign_ids=[net.old.id, net.new.id])
    keys.ensure_campaign_keys(session, campaign_ids=[net.old.id, net.new.id])
    assert session.exec(select(func.count()).select_from(KeySet)).one() == 1  # same tiny
    # 3 levels + N/A of a.un, a.deux, b.si in 3 phases and of b.plus in 1; yes/no in 3 phases
    assert session.exec(select(func.count()).select_from(ScoreKey)).one() == 4 * 3 * 3 + 4 + 6


def test_score_keys_are_the_domain_item_scores(session: Session, net: Network) -> None:
    questionnaire = net_tiny(session, net)
    for row in keys.score_keys(questionnaire, "sha"):
        item = questionnaire.item(row["item_id"])
        value = keys.possible_values(questionnaire, item)
        stored = {keys.stored_text(v): v for v in value}[row["value"]]
        assert row["score"] == scoring.item_score(questionnaire, item, stored)
        assert row["conditional"] == (item.visible_if is not None)
        assert is_visible(questionnaire, item, {"b.oui": True}, row["phase"])


def test_a_second_submission_changes_the_heatmap(session: Session, net: Network) -> None:
    """Nothing is cached between calls: a new submitted response shows at once."""
    turin = net.directors["Turin"]
    submit_response(session, turin, response_id=net.responses[(2026, "Turin")])
    assert heat(session, net)["Turin"] == APPROX((0, 0, 0))


# --- the score cache of submitted responses -----------------------------------------------


def test_submitted_sums_are_cached_once_with_a_marker(session: Session, net: Network) -> None:
    heat(session, net)
    rows = session.exec(select(ScoreCache).order_by(ScoreCache.response_id)).all()
    namur = [r for r in rows if r.response_id == net.responses[(2026, "Namur")]]
    assert {r.section_id for r in namur} == {"", "a", "b"}
    assert all(r.response_id != net.responses[(2026, "Turin")] for r in rows)  # a draft
    assert next(r for r in namur if r.section_id == "a").weighted == APPROX(2.5)
    heat(session, net)
    assert len(session.exec(select(ScoreCache)).all()) == len(rows)


def test_a_reopened_then_resubmitted_response_is_scored_afresh(
    session: Session, net: Network
) -> None:
    assert heat(session, net)["Lyon"] == APPROX((75, 50, 70))
    lyon = net.responses[(2026, "Lyon")]
    reopen_response(session, net.authority, response_id=lyon, reason="à revoir")
    assert "Lyon" not in heat(session, net)  # no longer submitted
    assert heat(session, net, include_drafts=True)["Lyon"] == APPROX((75, 50, 70))
    director = net.directors["Lyon"]
    save_answer(session, director, response_id=lyon, item_id="a.un", value="haut")
    submit_response(session, director, response_id=lyon)
    # a: (1·1 + 1·3) / 4; b unchanged; overall (1 + 3 + 0.5) / 5
    assert heat(session, net)["Lyon"] == APPROX((100, 50, 90))
    stale = session.exec(select(ScoreCache).where(ScoreCache.response_id == lyon)).all()
    assert {r.section_id for r in stale} == {"", "a", "b"}


def test_distribution_colours_follow_each_scale_from_worst_to_best(
    session: Session, net: Network
) -> None:
    """Best level darkest green, worst red, yes greener than no, not applicable grey and
    last; the legend sits above the bars and the count axis shows whole Cités."""
    from cdm_quality.reports import compare_charts as charts
    from cdm_quality.ui.compare_view import level_legend

    found = compare.item_distribution(
        session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny"
    )
    levels, colours = level_legend(found, "fr")
    colour = dict(zip(levels, colours, strict=True))
    assert levels[-1] == "Sans objet" and colour["Sans objet"] == charts.NOT_APPLICABLE_COLOUR
    assert colour["Haut"] == charts.LEVEL_STOPS[-1]  # the best: darkest green
    assert colour["Bas"] == charts.LEVEL_STOPS[0]
    # yes and no apart from the rated levels: one colour per level of one scale
    assert (colour["Oui"], colour["Non"]) == (charts.YES_COLOUR, charts.NO_COLOUR)
    assert len(set(colours)) == len(levels)
    assert colour["Moyen"] == charts.LEVEL_STOPS[2]
    assert levels.index("Bas") < levels.index("Moyen") < levels.index("Haut")
    records = [{"item": "Un", "level": "Bas", "rank": 0, "count": 1}]
    spec = charts.distribution_chart(
        records, levels=levels, colours=colours, titles={"item": "", "level": "", "count": ""}
    ).to_dict()
    assert spec["encoding"]["color"]["legend"]["orient"] == "top"
    assert spec["encoding"]["color"]["scale"]["range"] == colours
    assert spec["encoding"]["x"]["axis"]["tickMinStep"] == 1


def test_the_distribution_legend_reads_each_scale_in_order_and_every_label_whole(
    session: Session, net: Network
) -> None:
    """The scale's levels worst to best, then no and yes (not "Bas, Non, Moyen…"); a single
    choice's options are sentences: listed one a line, never cut."""
    from cdm_quality.reports import compare_charts as charts
    from cdm_quality.ui.compare_view import level_legend

    found = compare.item_distribution(
        session, net.authority, campaign_id=net.new.id, questionnaire_id="tiny"
    )
    levels, colours = level_legend(found, "fr")
    assert levels.index("Haut") < levels.index("Non") < levels.index("Oui") < len(levels) - 1
    long = "Structure juridique propre réunissant les partenaires (association, groupement…)"
    records = [{"item": "Gouvernance", "level": long, "rank": 0, "count": 3}]
    titles = {"item": "", "level": "", "count": ""}
    chart = charts.distribution_chart(
        records, levels=[long, "Autre"], colours=colours[:2], titles=titles
    )
    legend = chart.to_dict()["encoding"]["color"]["legend"]
    assert (legend["labelLimit"], legend["columns"]) == (0, 1)  # 0: no limit
    short = charts.distribution_chart(records, levels=levels, colours=colours, titles=titles)
    assert short.to_dict()["encoding"]["color"]["legend"]["columns"] == 4


def test_the_heatmap_legend_is_whole_with_one_cite_or_many() -> None:
    from cdm_quality.reports import compare_charts as charts

    one = [{"cite": "Namur", "section": "Accueil", "score": 100.0}]
    spec = charts.heatmap_chart(
        one, sections=["Accueil"], titles={"cite": "", "section": "", "score": "Score"}
    ).to_dict()
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend["values"] == [0, 25, 50, 75, 100]  # not "100" alone
    assert (legend["orient"], legend["direction"]) == ("bottom", "horizontal")


def test_the_comparison_opens_on_the_latest_campaign_with_submissions(
    session: Session, net: Network
) -> None:
    """A newer campaign opened but with nothing sent yet is not where the comparison opens."""
    from cdm_quality.storage.tables import Campaign, CampaignState

    assert compare.campaign_to_compare(session, net.directors["Lyon"]) == net.new.id
    newer = make_campaign(session, 2027, questionnaires=[net_tiny(session, net)], open_it=False)
    row = session.get(Campaign, newer.id)
    assert row is not None
    row.state = CampaignState.open  # the open campaign, still empty
    session.add(row)
    session.commit()
    assert compare.campaign_to_compare(session, net.authority) == net.new.id
