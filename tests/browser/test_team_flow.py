"""The team rates, the director agrees the answer and submits, the label authority answers
back, in a real browser against the real server (issue 16, README "How a team works through a
campaign").

The demo's Val-de-Loire director has answered the quality grid but for two scored questions
(set up through the services: the browser test is about the team, not about answering 40
questions). She invites two partners' counsellors as assessors on the overview; each signs in
and rates those two questions on their own, differently, with a remark, and marks their
ratings done. The director then sees both ratings and the spread of each question, the one
two levels apart flagged, sets the agreed answer with its rationale, and submits (asked to
confirm first). The label authority opens the submitted grid and writes a recommendation on
the disputed question, with a due date; the director reads it beside the question, turns it
into a plan action, and finds it in 8.1.2 of the downloaded plan PDF, which names the
recommendation it answers.

Set `CDM_QUALITY_SCREENSHOTS=docs/screenshots` to also save the screenshots shown in README.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from cdm_quality.domain.answers import missing_required
from cdm_quality.domain.questionnaire import Item, ItemKind, Questionnaire
from cdm_quality.domain.synthesis import format_date
from cdm_quality.services import responses
from cdm_quality.services.network import campaigns
from cdm_quality.services.people import auth
from cdm_quality.services.people.access import Actor
from cdm_quality.storage.engine import make_engine
from cdm_quality.ui.review_view import item_name, shortened
from tests.browser.support import Server, playwright_or_skip, screenshot, settle, sign_in

pytestmark = pytest.mark.browser

DIRECTOR = ("directrice", "demo-directrice")
ASSESSORS = (  # login, name, email, password: invited on the overview
    ("lucie.garnier", "Lucie Garnier", "lucie.garnier@exemple.fr", "partenaire-ft-2026"),
    ("malik.ouedraogo", "Malik Ouédraogo", "malik.ouedraogo@exemple.fr", "partenaire-cio-2026"),
)
REMARKS = (  # each assessor's remarks on the two questions
    ("Peu de suivi des engagements vus côté partenaires.", "Démarche lancée, à consolider."),
    ("Conventions signées et bilan annuel partagé.", "En place pour la plupart des pôles."),
)
QUESTIONNAIRE = "qualite"
TIMEOUT_MS = 20_000
FORM = '[data-testid="stForm"]'  # forms carry no key class
ANSWER = '[class*="st-key-fill-"][class*="-value"]'  # the item's answer widget

playwright_api = playwright_or_skip()  # the server and browser fixtures: conftest.py
expect = playwright_api.expect


# --- the questionnaire, all but two questions answered -----------------------------------------


@dataclass(frozen=True)
class Rated:
    """A question the team rates: its section's title and its levels' French labels."""

    item: Item
    section: str
    levels: list[str]

    @property
    def css(self) -> str:
        return self.item.id.replace(".", "-")


@dataclass(frozen=True)
class Target:
    response_id: int
    apart: Rated  # rated two levels apart: flagged
    close: Rated  # rated one level apart


def _target(server: Server) -> Target:
    """Answer every required question of the director's quality grid but two rated ones with
    four levels or more; return those two."""
    engine = make_engine(server.database_url())
    with Session(engine) as session:
        actor = auth.authenticate(session, *DIRECTOR)
        rid = _response_id(session, actor)
        view = responses.response_view(session, actor, response_id=rid)
        q = view.questionnaire
        missing = missing_required(q, view.values(), view.response.phase)
        kept = [i for i in missing if i.kind is ItemKind.rating and len(_levels(q, i)) >= 4][:2]
        for item in missing:
            if item not in kept:
                responses.save_answer(
                    session, actor, response_id=rid, item_id=item.id, value=_any_value(q, item)
                )
    engine.dispose()
    apart, close = (Rated(i, q.section_of(i.id).title.fr, _levels(q, i)) for i in kept)
    return Target(rid, apart, close)


def _response_id(session: Session, actor: Actor) -> int:
    campaign = campaigns.current_campaign(session, actor)
    assert campaign is not None
    found = responses.find_response(
        session,
        actor,
        cite_id=actor.cite_id,
        campaign_id=campaign.id,
        questionnaire_id=QUESTIONNAIRE,
    )
    assert found is not None
    return found.id


def _levels(q: Questionnaire, item: Item) -> list[str]:
    scale = q.scale(item.scale)
    return [] if scale is None else [level.label.fr for level in scale.levels]


def _any_value(q: Questionnaire, item: Item) -> object:
    if item.kind is ItemKind.yes_no:
        return True
    if item.kind is ItemKind.rating:
        scale = q.scale(item.scale)
        assert scale is not None
        return scale.level_ids()[-1]
    pytest.fail(f"no answer written for kind {item.kind}")


# --- page helpers ------------------------------------------------------------------------------


def _page(browser, server: Server, path: str, account: tuple[str, str]):  # noqa: ANN001, ANN202
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server.url}{path}")
    sign_in(page, *account)
    return page


def _open_fill(browser, server: Server, account: tuple[str, str]):  # noqa: ANN001, ANN202
    page = _page(browser, server, f"/fill?q={QUESTIONNAIRE}", account)
    page.get_by_text("Sections").first.wait_for()
    settle(page)
    return page


def _open_section(page, rated: Rated) -> None:  # noqa: ANN001
    page.locator('[data-testid="stRadio"] label').filter(has_text=rated.section).first.click()
    settle(page)
    _item(page, rated).wait_for()


def _item(page, rated: Rated):  # noqa: ANN001, ANN202
    return page.locator(f".st-key-item-{rated.css}")


# Resolves once the element and what it holds run no animation (an expander unfolding).
ANIMATIONS_DONE = """async element => {
  let running = element.getAnimations({subtree: true});
  while (running.length) {
    await Promise.allSettled(running.map(animation => animation.finished));
    running = element.getAnimations({subtree: true});
  }
}"""
TEAM_PANEL = re.compile("Ma note|Notes de l'équipe")  # the expander's title, own or all


def _team_panel(page, rated: Rated):  # noqa: ANN001, ANN202
    """The item's ratings expander, opened."""
    title = page.locator("summary", has_text=TEAM_PANEL)
    panel = _item(page, rated).locator('[data-testid="stExpander"]').filter(has=title)
    details = panel.locator("details")
    if details.get_attribute("open") is None:
        panel.locator("summary").click()
        details.evaluate(ANIMATIONS_DONE)  # a list opened while it unfolds would close
    return panel


# Scrolls an element to the middle of the window and resolves once the scroll event has been
# dispatched (scroll events fire before the next frame's callbacks).
SCROLLED_TO_CENTRE = """async element => {
  element.scrollIntoView({block: 'center'});
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""


def _choose(page, scope, label: str, option: str | re.Pattern[str]) -> None:  # noqa: ANN001
    """Pick `option` in the selectbox labelled `label` inside `scope`. The box is brought to the
    middle of the window first and its scroll event let pass (its list closes when the page
    scrolls), then opened from the keyboard (a click on a box that has the focus closes it)."""
    box = scope.get_by_role("combobox", name=label)
    box.evaluate(SCROLLED_TO_CENTRE)
    box.focus()
    if box.get_attribute("aria-expanded") != "true":
        page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-expanded", "true")
    listbox = page.get_by_role("listbox", name=label)
    listbox.get_by_role("option", name=option, exact=isinstance(option, str)).click()
    if isinstance(option, str):
        expect(box).to_have_value(option)


def _invite(page, login: str, name: str, email: str, password: str) -> None:  # noqa: ANN001
    field = ".st-key-team-invite-{} input"
    if not page.locator(field.format("login")).is_visible():
        page.get_by_text("Inviter un évaluateur ou une évaluatrice").click()
    page.locator(field.format("login")).fill(login)
    page.locator(field.format("name")).fill(name)
    page.locator(field.format("email")).fill(email)
    page.locator(field.format("password")).fill(password)
    page.get_by_role("button", name="Inviter", exact=True).click()
    page.get_by_text(f"({login}) est invité·e à noter la campagne").wait_for()
    settle(page)
    expect(page.locator(field.format("login"))).to_have_value("")  # ready for the next one


def _rate(page, rated: Rated, level: int, remark: str) -> None:  # noqa: ANN001
    _open_section(page, rated)
    panel = _team_panel(page, rated)
    form = panel.locator(FORM).filter(has_text="Ma remarque")
    _choose(page, form, "Ma note", rated.levels[level])
    form.get_by_label("Ma remarque").fill(remark)
    form.get_by_role("button", name="Enregistrer ma note").click()
    panel.get_by_text("Note enregistrée.").wait_for()
    settle(page)


def _finish(page, rid: int) -> None:  # noqa: ANN001
    page.locator(f".st-key-team-finish-{rid} button").click()
    page.get_by_text("Terminer vos notes ?").wait_for()  # asked before they are sealed
    page.locator(f".st-key-team-finish-{rid}-yes button").click()
    page.get_by_text("Vos notes sont terminées").wait_for()
    settle(page)


def _agree(page, rated: Rated, level: int, rationale: str) -> None:  # noqa: ANN001
    panel = _team_panel(page, rated)
    form = panel.locator(FORM).filter(has_text="Réponse retenue")
    _choose(page, form, "Réponse retenue (consensus)", rated.levels[level])
    form.get_by_label("Justification").fill(rationale)
    form.get_by_role("button", name="Retenir comme réponse").click()
    panel.get_by_text("Consensus enregistré").wait_for()
    settle(page)
    chosen = _item(page, rated).locator(f"{ANSWER} button[aria-checked='true']")
    expect(chosen).to_have_text(rated.levels[level])  # the agreed level is the item's answer


def _whole_item_shot(page, rated: Rated, name: str) -> None:  # noqa: ANN001
    """README's picture of one question from its title to its team panel (a taller window)."""
    page.set_viewport_size({"width": 1400, "height": 1500})
    _item(page, rated).evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, name)
    page.set_viewport_size({"width": 1400, "height": 1000})


# --- the flow ----------------------------------------------------------------------------------


def test_the_team_rates_agrees_submits_and_plans_the_authoritys_recommendation(
    server: Server,
    browser,  # noqa: ANN001
) -> None:
    target = _target(server)
    director = _page(browser, server, "/", DIRECTOR)
    director.get_by_text("L'équipe de la Cité").wait_for()
    settle(director)
    for assessor in ASSESSORS:
        _invite(director, *assessor)
    director.get_by_role("heading", name="L'équipe de la Cité").scroll_into_view_if_needed()
    screenshot(director, "team-invite")
    _assessors_rate(browser, server, target)
    _director_agrees_and_submits(director, server, target)
    _authority_recommends(browser, server, target.apart)
    _director_plans_it(director, server, target.apart)
    director.close()


def _assessors_rate(browser, server: Server, target: Target) -> None:  # noqa: ANN001
    """Each assessor rates both questions on their own, one two levels apart, and finishes."""
    for (login, _name, _email, password), shift, remarks in zip(
        ASSESSORS, (0, 2), REMARKS, strict=True
    ):
        page = _open_fill(browser, server, (login, password))
        page.get_by_text("Les notes des autres vous restent cachées").wait_for()
        _rate(page, target.apart, shift, remarks[0])
        _rate(page, target.close, 1 + shift // 2, remarks[1])
        _finish(page, target.response_id)
        page.close()


def _director_agrees_and_submits(director, server: Server, target: Target) -> None:  # noqa: ANN001
    rid, apart, close = target.response_id, target.apart, target.close
    director.goto(f"{server.url}/fill?q={QUESTIONNAIRE}")
    director.get_by_text("Sections").first.wait_for()
    settle(director)
    director.get_by_text("Avis divergents (deux niveaux d'écart ou plus) sur").wait_for()
    _open_section(director, apart)
    flagged = _team_panel(director, apart)
    expect(flagged.locator("summary")).to_contain_text("avis divergents")
    expect(flagged).to_contain_text("Lucie Garnier")
    expect(flagged).to_contain_text("Malik Ouédraogo")
    expect(flagged).to_contain_text(f"Écart : de « {apart.levels[0]} » à « {apart.levels[2]} ».")
    expect(flagged).to_contain_text("Les notes diffèrent de deux niveaux ou plus")
    _agree(director, apart, 1, "Pratique réelle mais pas encore formalisée.")
    _whole_item_shot(director, apart, "team-ratings")

    _open_section(director, close)
    calm = _team_panel(director, close)
    expect(calm.locator("summary")).not_to_contain_text("avis divergents")
    expect(calm).to_contain_text(f"Écart : de « {close.levels[1]} » à « {close.levels[2]} ».")
    _agree(director, close, 2, "Accord de l'équipe.")

    director.get_by_text("Toutes les questions obligatoires ont une réponse.").wait_for()
    director.locator(f".st-key-submit-{rid} button").click()
    director.get_by_text("Envoyer le questionnaire").wait_for()  # asked before it is sent
    director.locator(f".st-key-submit-{rid}-yes button").click()
    director.get_by_text("Autoévaluation envoyée le").first.wait_for()


# --- the authority's review, then the plan -----------------------------------------------------

AUTHORITY = ("autorite", "demo-autorite")
CITE = "Cité des métiers du Val-de-Loire"
RECOMMENDATION = "Formaliser le suivi annuel des engagements de chaque partenaire."
DUE = dt.date(2027, 3, 31)


def _authority_recommends(browser, server: Server, rated: Rated) -> None:  # noqa: ANN001
    """The authority opens the Cité's submitted grid and writes a recommendation on the
    question the team disagreed on, with the date an answer is due."""
    page = _page(browser, server, "/", AUTHORITY)
    page.get_by_role("heading", name="Vue d'ensemble").wait_for()
    settle(page)
    _choose(page, page, "Cité", re.compile(re.escape(CITE)))
    settle(page)
    page.locator("strong", has_text=CITE).wait_for()  # the overview shows that Cité now
    page.locator(f".st-key-open-{QUESTIONNAIRE} button").click()
    page.get_by_text("Sections").first.wait_for()
    settle(page)
    _open_section(page, rated)
    form = page.locator('[class*="st-key-review-write-"]')
    _choose(page, form, "Sur", shortened(item_name(rated.item, "fr")))
    form.get_by_text("Recommandation", exact=True).click()
    form.get_by_label("Texte").fill(RECOMMENDATION)
    day = form.get_by_role("spinbutton", name="day, Réponse attendue le")
    day.click()  # a date field of three parts (day, month, year); typing moves along
    page.keyboard.type(DUE.strftime("%d%m%Y"), delay=30)
    expect(form.get_by_role("spinbutton", name="year, Réponse attendue le")).to_have_attribute(
        "aria-valuenow", str(DUE.year)
    )
    form.get_by_role("button", name="Enregistrer la note").click()
    form.get_by_text("Note enregistrée.").wait_for()
    settle(page)
    expect(_item(page, rated)).to_contain_text(RECOMMENDATION)  # beside the question
    page.close()


def _director_plans_it(director, server: Server, rated: Rated) -> None:  # noqa: ANN001
    """The director reads the recommendation beside the question, turns it into a plan
    action, and finds it in 8.1.2 of the plan PDF, naming the recommendation."""
    director.goto(f"{server.url}/fill?q={QUESTIONNAIRE}")
    director.get_by_text("Sections").first.wait_for()
    settle(director)
    _open_section(director, rated)
    note = _item(director, rated).locator('[class*="st-key-note-"]').filter(has_text=RECOMMENDATION)
    note.get_by_role("button", name="En faire une action du plan").click()
    note.get_by_text("Action ajoutée au plan d'amélioration.").wait_for()
    settle(director)
    expect(note).to_contain_text(f"Action du plan : {RECOMMENDATION}")
    note.get_by_role("button", name="Voir le plan").click()
    director.get_by_role("heading", name="Plan d'amélioration").wait_for()
    settle(director)
    with director.expect_download(timeout=60_000) as download:
        director.get_by_role("button", name="Télécharger le PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    plan = text[text.index("8.1.2") :]
    assert RECOMMENDATION in plan
    written = format_date(dt.date.today(), "fr")  # the day the authority wrote it
    assert f"Recommandation de l’autorité de label du {written}" in plan
