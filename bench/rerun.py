"""Rerun bench: the questionnaire page after an answer, with persistence and without.

    python bench/rerun.py [--runs 20] [--strict]

Server-side time of one rerun of the heaviest questionnaire page — the section with the most
questions of the largest real questionnaire, for a Cité in `fonctionnement` that answered the
previous campaign (so last year's answers are shown too) — measured with Streamlit's AppTest:
each run changes one answer (alternating levels of a rating) and times `AppTest.run()`, which
runs the on_change save (a committed transaction on an SQLite file) and the whole page.

In the same process, the same widgets — the frame of `common.setup` (language switch, account
box), the campaign and questionnaire choices and the page body `ui/fill_view.show` (section list,
answer widgets, remarks, last year's answers, submit area; same keys) — are rendered by a bare
script from the same data held in memory, where a change saves nothing. The two pages run
in turn, so that both meet the same load of the machine. The difference is what persistence
costs: reading the account again, loading the response (last year's answers and the
campaign and questionnaire choices are remembered in the session), the save itself, and
the navigation menu. Both medians (of `--runs` reruns, after two warm-up runs) are
printed with their ratio. Targets on this machine: ≤ 150 ms and ratio ≤ 1.5; `--strict`
exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from cdm_quality.domain.loader import load_directory
from cdm_quality.domain.questionnaire import ItemKind, Phase, Questionnaire, Section
from cdm_quality.services import database, responses
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.people import sessions
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.migrations import upgrade
from cdm_quality.storage.tables import CiteCreate, Role, User
from cdm_quality.ui import auth, fill_state
from cdm_quality.ui.selection import QUESTIONNAIRE_KEY, widget_key_of

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
TARGET_MS = 150.0
TARGET_RATIO = 1.5


@dataclass(frozen=True)
class Setup:
    director: Actor
    response_id: int
    questionnaire: Questionnaire
    section: Section
    item_id: str  # the rating changed on every run
    levels: list[str]


def _largest(found: dict[str, Questionnaire]) -> tuple[Questionnaire, Section]:
    q = max(found.values(), key=lambda q: len(q.items()))
    shown = [s for s in q.sections if s.applies_to(Phase.fonctionnement, True)]
    return q, max(shown, key=lambda s: len(s.items))


def _user(session: Session, login: str, role: Role, cite_id: int | None) -> Actor:
    user = User(login=login, name=login.title(), role=role, cite_id=cite_id, password_hash="-")
    session.add(user)
    session.commit()
    return Actor.of(user)


def build(session: Session) -> Setup:
    """A Cité, its director, last year's answers to every rating, this year's response."""
    found = load_directory(ROOT / "questionnaires")
    q, section = _largest(found)
    data = CiteCreate(  # open to the public since 2019: every practice question is asked
        name="Cité du banc",
        city="Banc",
        country="France",
        phase="fonctionnement",
        opened_on=dt.date(2019, 9, 1),
    )
    cite = cites.create_cite(session, SYSTEM, data=data)
    director = _user(session, "bench-director", Role.director, cite.id)
    authority = _user(session, "bench-authority", Role.authority, None)
    last = campaigns.create_campaign(session, authority, year=2025, questionnaires=[q])
    campaigns.open_campaign(session, authority, campaign_id=last.id)
    target = {"cite_id": cite.id, "questionnaire_id": q.id}
    old = responses.get_or_create_response(session, director, campaign_id=last.id, **target)
    ratings = [
        i
        for i in section.items
        if i.kind is ItemKind.rating and i.applies_to(Phase.fonctionnement, True)
    ]
    for item in ratings:
        level = q.scale(item.scale).levels[-1].id
        responses.save_answer(
            session, director, response_id=old.id, item_id=item.id, value=level, remark="2025"
        )
    campaigns.close_campaign(session, authority, campaign_id=last.id)
    now = campaigns.create_campaign(session, authority, year=2026, questionnaires=[q])
    campaigns.open_campaign(session, authority, campaign_id=now.id)
    new = responses.get_or_create_response(session, director, campaign_id=now.id, **target)
    levels = [lvl.id for lvl in q.scale(ratings[0].scale).levels]
    return Setup(director, new.id, q, section, ratings[0].id, levels)


IN_MEMORY_RID = 10**9  # the in-memory copy's response id: its saves are skipped


@dataclass
class Page:
    """One AppTest on the page and the rating it changes on every run."""

    at: AppTest
    key: str
    levels: list[str]
    times: list[float]

    def rerun_after_answer(self, n: int, *, keep: bool) -> None:
        self.at.pills(key=self.key).set_value(self.levels[n % len(self.levels)])
        start = time.perf_counter()
        self.at.run()
        elapsed = (time.perf_counter() - start) * 1000
        if self.at.exception:
            raise SystemExit(f"the page failed: {self.at.exception[0].value}")
        if keep:
            self.times.append(elapsed)


def interleaved(pages: list[Page], runs: int) -> None:
    """Run the pages in turn, `runs` times each after two warm-up runs, so that both meet the
    same load of the machine."""
    for n in range(runs + 2):
        for page in pages:
            page.rerun_after_answer(n, keep=n >= 2)


def persisted_page(setup: Setup) -> Page:
    """The real app: app.py → fill page, signed in, on the heaviest section."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    with database.session() as session:  # signed in as the server's sign-in route does
        at.session_state[auth.TOKEN_KEY] = sessions.open_session(session, setup.director)
    at.session_state[QUESTIONNAIRE_KEY] = setup.questionnaire.id
    at.session_state[fill_state.section_key(setup.response_id)] = setup.section.id
    at.run()
    at.switch_page("cdm_quality/ui/pages/fill.py").run()
    assert at.radio(key=widget_key_of(fill_state.section_key(setup.response_id), "fr"))
    key = fill_state.widget_key(setup.response_id, setup.item_id, "value")
    return Page(at, key, setup.levels, [])


def in_memory_page(view_json: str, previous_json: str) -> None:
    """The same widgets over the same data held in memory: the frame (`common.setup`: page
    configuration, language switch, account box), the campaign and questionnaire choices, and
    the page body (`fill_view.show`: sections, answer widgets, remarks, last year, submit
    area). Nothing is read from a database and a change saves nothing."""
    import streamlit as st

    from cdm_quality.services.responses import PreviousAnswers, ResponseView
    from cdm_quality.ui import common, fill_view, selection

    if "bench.data" not in st.session_state:  # held in memory: parsed once, not per run
        st.session_state["bench.data"] = (
            ResponseView.model_validate_json(view_json),
            PreviousAnswers.model_validate_json(previous_json),
        )
    view, previous = st.session_state["bench.data"]
    common.setup()
    top = st.columns(2)
    campaign = view.campaign
    labels = {campaign.id: campaign.name}
    selection.sticky_select(
        "Campagne",
        list(labels),
        key="c",
        default=campaign.id,
        format_func=labels.get,
        container=top[0],
    )
    titles = {view.questionnaire.id: view.questionnaire.title.fr}
    selection.sticky_select(
        "Questionnaire",
        list(titles),
        key="q",
        default=view.questionnaire.id,
        format_func=titles.get,
        container=top[1],
    )
    st.title(view.questionnaire.title.fr)
    st.caption(f"{view.cite.name} · {campaign.name}")
    fill_view.show(view, previous, "fr")


def skip_in_memory_saves() -> None:
    """Saves of the in-memory copy do nothing; the real page's saves are untouched."""
    real_save = fill_state.save

    def save(rid: int, *args: object, **kwargs: object) -> None:
        if rid != IN_MEMORY_RID:
            real_save(rid, *args, **kwargs)

    fill_state.save = save


def unpersisted_page(setup: Setup) -> Page:
    with Session(database.current_engine()) as session:
        view = responses.response_view(session, setup.director, response_id=setup.response_id)
        previous = responses.previous_answers(
            session, setup.director, response_id=setup.response_id
        )
    response = view.response.model_copy(update={"id": IN_MEMORY_RID})
    view = view.model_copy(update={"response": response})
    at = AppTest.from_function(
        in_memory_page,
        args=(view.model_dump_json(), previous.model_dump_json()),
        default_timeout=60,
    )
    at.session_state[fill_state.section_key(IN_MEMORY_RID)] = setup.section.id
    at.session_state[auth.ACTOR_KEY] = setup.director  # signed in, without the database:
    at.session_state[auth.TOKEN_KEY] = "bench"  # the sign-in that actor was read from
    at.session_state[auth.SIGN_IN_KEY] = sessions.token_hash("bench")
    at.run()
    key = fill_state.widget_key(IN_MEMORY_RID, setup.item_id, "value")
    return Page(at, key, setup.levels, [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        database.use_engine(engine)
        with Session(engine, expire_on_commit=False) as session:
            setup = build(session)
        skip_in_memory_saves()
        persisted, bare = persisted_page(setup), unpersisted_page(setup)
        interleaved([persisted, bare], args.runs)
        database.use_engine(None)
        engine.dispose()
    return report(setup, statistics.median(persisted.times), statistics.median(bare.times), args)


def report(setup: Setup, persisted: float, bare: float, args: argparse.Namespace) -> int:
    ratio = persisted / bare
    items = len(setup.section.items)
    print(
        f"page: {setup.questionnaire.id} / {setup.section.id} ({items} questions), "
        f"median of {args.runs} reruns after an answer, the two pages in turn"
    )
    print(f"with persistence (app.py, save + page):   {persisted:7.1f} ms  target ≤ {TARGET_MS:g}")
    print(f"same widgets, no persistence:             {bare:7.1f} ms")
    print(f"ratio:                                    {ratio:7.2f}     target ≤ {TARGET_RATIO:g}")
    missed = persisted > TARGET_MS or ratio > TARGET_RATIO
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
