"""The synthesis (8.1.1) and plan (8.1.2) pages in Debian's Chromium against the real server
over the demo: the score chart is drawn at full height, proposals fill the table, and a row
added in the table editor (title, then dates) is saved — what AppTest cannot click.

Set `CDM_QUALITY_SCREENSHOTS=docs/screenshots` to also save `synthesis.png` and `plan.png`
(README's screenshots).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import Campaign, Cite, ImprovementAction
from tests.browser.support import Server, playwright_or_skip

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("CDM_QUALITY_SCREENSHOTS")
# the synthesis page of a closed campaign is the heaviest; CI machines are shared
TIMEOUT_MS = 60_000
IDLE = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""

playwright_or_skip()  # the server and browser fixtures: conftest.py


def _settle(page) -> None:  # noqa: ANN001
    page.wait_for_timeout(400)
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_timeout(400)


def _signed_in(browser, url: str, login: str, password: str, height: int = 1000):  # noqa: ANN001, ANN202
    page = browser.new_page(viewport={"width": 1400, "height": height}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    _settle(page)
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    _settle(page)
    return page


def _open(page, title: str) -> None:  # noqa: ANN001
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    _settle(page)


def _choose_campaign(page, name: str) -> None:  # noqa: ANN001
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Campagne").first.click()
    page.get_by_role("option").filter(has_text=name).first.click()
    _settle(page)


def _shot(page, name: str, height: int) -> None:  # noqa: ANN001
    """The top `height` pixels of the page, no tooltip or focus ring showing."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.locator("h1").first.click()  # blur the last widget used
        page.mouse.move(5, 5)
        page.wait_for_timeout(1500)  # charts finish drawing, tooltips fade
        clip = {"x": 0, "y": 0, "width": 1400, "height": height}
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), clip=clip)


def test_synthesis_chart_and_proposed_plan(server: Server, browser) -> None:  # noqa: ANN001
    url = server.url
    page = _signed_in(browser, url, "directrice", "demo-directrice", height=2000)
    _open(page, "Synthèse des remarques")
    _choose_campaign(page, "Autoévaluation 2025")
    # The summary and the method come first: bring the first grid's chart into view.
    page.get_by_text("Scores par section").first.scroll_into_view_if_needed()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=TIMEOUT_MS)
    # Nine sections × three series: the chart must not collapse to Streamlit's default height.
    assert chart.bounding_box()["height"] > 350
    assert "Médiane du réseau : 8 autres Cités" in page.inner_text("body")
    _shot(page, "synthesis", 1370)
    _open(page, "Plan d'amélioration")
    _choose_campaign(page, "Autoévaluation 2026")
    page.get_by_role("button", name="Proposer des actions").click()
    _settle(page)
    proposed = re.compile(r"actions? proposées?\.")
    page.get_by_text(proposed).first.wait_for(timeout=TIMEOUT_MS)  # after rerun
    _shot(page, "plan", 1200)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="Télécharger le PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "8.1.2 Plan d’amélioration" in text and "Améliorer :" in text
    page.close()


def test_a_row_added_in_the_editor_is_saved(server: Server, browser) -> None:  # noqa: ANN001
    url, database_url = server.url, server.database_url()
    page = _signed_in(browser, url, "directeur-namur", "demo-namur")
    _open(page, "Plan d'amélioration")
    editor_grid = '[class*="st-key-plan-editor-"] [data-testid="stDataFrame"]'  # not the review
    grid = page.locator(editor_grid).first.bounding_box()
    first_row = grid["y"] + 35 + 18  # under the header row
    title_x = grid["x"] + 160
    page.mouse.click(title_x, first_row)  # the empty table's last row: adds a row
    _settle(page)
    page.wait_for_timeout(1000)  # the grid redraws with the new row
    page.mouse.dblclick(title_x, first_row)
    editor = page.locator("#portal textarea").first  # the grid's cell editor
    editor.wait_for(timeout=TIMEOUT_MS)
    editor.fill("Déménager le pôle « emploi »")
    editor.press("Enter")
    _settle(page)
    for moves, day in ((2, "01/09/2026"), (3, "15/12/2026")):  # Début, Échéance
        page.wait_for_timeout(800)  # the grid redrawn after the last save takes the click
        grid = page.locator(editor_grid).first.bounding_box()  # where it is drawn now
        title_x, first_row = grid["x"] + 160, grid["y"] + 35 + 18
        page.mouse.click(title_x, first_row)
        page.wait_for_timeout(300)
        for _ in range(moves):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        field = page.locator("#portal textarea").first  # dates are typed as the reader writes them
        field.wait_for(timeout=TIMEOUT_MS)
        field.fill(day)
        field.press("Enter")
        _settle(page)
    assert "Enregistré le" in page.inner_text("body")
    # what a screen reader says of each cell: the status's label, the date as written
    cells = page.locator(f'{editor_grid} td[role="gridcell"]')
    page.get_by_text("15/12/2026").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    said = cells.all_inner_texts()
    assert {"Prévue", "01/09/2026", "15/12/2026"} <= set(said), said
    assert not [c for c in said if c in {"planned", "2026-09-01", "2026-12-15"}], said
    # 7 on a 1–4 scale: refused with a message, the 7 kept in the table (it was brought to 4)
    grid = page.locator(editor_grid).first.bounding_box()
    page.mouse.click(grid["x"] + 160, grid["y"] + 35 + 18)
    for _ in range(4):  # Efficacité
        page.keyboard.press("ArrowRight")
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    _settle(page)
    page.get_by_text("« 7 » n’est pas une note").wait_for(timeout=TIMEOUT_MS)
    assert "7" in cells.all_inner_texts()
    page.close()
    engine = make_engine(database_url)
    with Session(engine) as session:
        namur = session.exec(select(Cite.id).where(Cite.name.contains("Namur"))).one()
        open_id = session.exec(select(Campaign.id).where(Campaign.year == 2026)).one()
        saved = session.exec(
            select(ImprovementAction).where(
                ImprovementAction.cite_id == namur, ImprovementAction.campaign_id == open_id
            )
        ).all()
    engine.dispose()
    assert [
        (a.title, a.start_on.isoformat(), a.due_on.isoformat(), a.effectiveness) for a in saved
    ] == [("Déménager le pôle « emploi »", "2026-09-01", "2026-12-15", None)]
