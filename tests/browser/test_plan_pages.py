"""The synthesis (8.1.1) and plan (8.1.2) pages in Debian's Chromium against the real server
over the demo: the score chart is drawn at full height, proposals fill the table, and a row
added in the table editor (title, then dates) is saved — what AppTest cannot click.

Set `CDM_QUALITY_SCREENSHOTS=docs/screenshots` to also save `synthesis.png` and `plan.png`
(README's screenshots).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import Campaign, Cite, ImprovementAction
from tests.browser.support import (
    Server,
    app_drawn,
    playwright_or_skip,
    screenshot,
    settle,
    sign_in,
)

pytestmark = pytest.mark.browser

# the synthesis page of a closed campaign is the heaviest; CI machines are shared
TIMEOUT_MS = 60_000

playwright_or_skip()  # the server and browser fixtures: conftest.py

# The plan editor at 1400 px: a cell's centre from the grid's left edge (the columns' widths
# are set in ui/plan_view.py), and the first row's middle from its top (under the header).
CENTRES = {"Titre": 230, "Début": 498, "Échéance": 608, "Efficacité": 710}
FIRST_ROW = 35 + 18


def _signed_in(browser, url: str, login: str, password: str, height: int = 1000):  # noqa: ANN001, ANN202
    page = browser.new_page(viewport={"width": 1400, "height": height}, locale="fr-FR")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    sign_in(page, login, password)
    app_drawn(page, TIMEOUT_MS)
    return page


def _open(page, title: str) -> None:  # noqa: ANN001
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    settle(page, TIMEOUT_MS)


def _choose_campaign(page, name: str) -> None:  # noqa: ANN001
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Campagne").first.click()
    page.get_by_role("option").filter(has_text=name).first.click()
    settle(page, TIMEOUT_MS)


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
    screenshot(page, "synthesis", 1370)
    _open(page, "Plan d'amélioration")
    _choose_campaign(page, "Autoévaluation 2026")
    page.get_by_role("button", name="Proposer des actions").click()
    proposed = re.compile(r"actions? proposées?\.")
    page.get_by_text(proposed).first.wait_for(timeout=TIMEOUT_MS)  # after rerun
    screenshot(page, "plan", 1200)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="Télécharger le PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "8.1.2 Plan d’amélioration" in text and "Améliorer :" in text
    page.close()


def _edit_cell(page, grid: str, column: str, text: str) -> None:  # noqa: ANN001
    """Double-click the first row's cell under `column`, type `text` in its editor, Enter."""
    box = page.locator(grid).first.bounding_box()
    page.mouse.dblclick(box["x"] + CENTRES[column], box["y"] + FIRST_ROW)
    field = page.locator("#portal textarea, #portal input").first  # the cell's editor
    field.wait_for(timeout=TIMEOUT_MS)
    field.fill(text)
    field.press("Enter")


def test_cells_typed_across_saves_are_each_saved(server: Server, browser) -> None:  # noqa: ANN001
    """A row added, then filled cell by cell as a user does: each Enter saves, and the next
    cell is opened and typed at once, while that save runs (the editor stays the same across
    saves: nothing typed meanwhile is lost, issue 19). Dates typed as the reader writes them;
    a score out of the 1–4 scale refused with the row named and the 7 kept, then corrected.
    Drawn afresh, the cells read as a screen reader says them."""
    url, database_url = server.url, server.database_url()
    page = _signed_in(browser, url, "directeur-namur", "demo-namur")
    _open(page, "Plan d'amélioration")
    editor_grid = '[class*="st-key-plan-editor-"] [data-testid="stDataFrame"]'  # not the review
    box = page.locator(editor_grid).first.bounding_box()
    page.mouse.click(box["x"] + CENTRES["Titre"], box["y"] + FIRST_ROW)  # the empty last row
    title = page.locator("#portal textarea").first  # a row added, its title open
    title.wait_for(timeout=TIMEOUT_MS)
    title.fill("Déménager le pôle « emploi »")
    title.press("Enter")  # saved: the action is created
    for column, text in (("Début", "01/09/2026"), ("Échéance", "15/12/2026"), ("Efficacité", "7")):
        _edit_cell(page, editor_grid, column, text)  # no wait: the last save may still run
    # 7 on a 1–4 scale: refused with a message naming the row, the 7 kept in the table
    page.get_by_text("Ligne 1, « Efficacité » : « 7 » n’est pas une note").wait_for()
    cells = page.locator(f'{editor_grid} td[role="gridcell"]')
    assert "7" in cells.all_inner_texts()
    _edit_cell(page, editor_grid, "Efficacité", "3")
    page.get_by_text("Enregistré le").wait_for()
    settle(page, TIMEOUT_MS)
    assert _namur_actions(database_url) == [
        ("Déménager le pôle « emploi »", "2026-09-01", "2026-12-15", 3)
    ]
    page.reload()  # drawn afresh from what is stored
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    settle(page, TIMEOUT_MS)
    # what a screen reader says of each cell: the status's label, the date as written
    cells.filter(has_text="Prévue").first.wait_for(state="attached")
    said = cells.all_inner_texts()
    assert {"Déménager le pôle « emploi »", "Prévue", "01/09/2026", "15/12/2026"} <= set(said)
    assert not [c for c in said if c in {"planned", "2026-09-01", "2026-12-15"}], said
    page.close()


def _namur_actions(database_url: str) -> list[tuple[str, str, str, int | None]]:
    """Title, start, due and effectiveness of each action of Namur's 2026 plan."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        namur = session.exec(select(Cite.id).where(Cite.name.contains("Namur"))).one()
        open_id = session.exec(select(Campaign.id).where(Campaign.year == 2026)).one()
        saved = session.exec(
            select(ImprovementAction).where(
                ImprovementAction.cite_id == namur, ImprovementAction.campaign_id == open_id
            )
        ).all()
        found = [(a.title, _iso(a.start_on), _iso(a.due_on), a.effectiveness) for a in saved]
    engine.dispose()
    return found


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
