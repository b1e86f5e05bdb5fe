"""The labelling file in Debian's Chromium against the real server over the demo: a director
uploads a file on an item of the labelling file, sees it listed, then downloads the whole file
as PDF from the readiness page, with the upload in its annex and embedded; and a director
types a budget row cell by cell in the table editor, then finds it, with its total, in the
hand-in copy — what AppTest cannot do (file upload, the grid's own editing, deferred downloads).

Set `CDM_QUALITY_SCREENSHOTS=docs/screenshots` to also save `labelling-file.png`,
`attachments.png` (README's screenshots) and `budget-editor.png`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlmodel import Session, select

from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import Answer, Cite, Response
from tests.browser.support import SHOTS, Server, playwright_or_skip, screenshot, settle
from tests.browser.test_plan_pages import TIMEOUT_MS, _choose_campaign, _open
from tests.browser.test_plan_pages import _signed_in as signed_in

pytestmark = pytest.mark.browser
playwright_or_skip()  # the server and browser fixtures: conftest.py

CSV = "mois;visiteurs\njanvier;812\nfévrier;790\n".encode()
# The budget editor at 1400 px (the previous file's answer under it): the middle of the "Poste"
# column from the grid's left edge, and a row's height (the header's too).
LINE_X, ROW_H = 184, 35
TYPED = ("Abonnements numériques", "Fondation Orange", "1250")  # Poste, Partenaire, Montant
BUDGET = '[class*="st-key-item-budget-fonctionnement"]'  # 6.1's block on the page
# The EUR total under the budget editor is `total` (the page computes it from the rows shown).
TOTAL_SHOWN = """([block, total]) => {
  const text = document.querySelector(block)?.innerText ?? '';
  const found = text.match(/Total Montant \\(EUR\\) : ([\\d\\s\\u202f\\u00a0]+)/);
  return !!found && Number(found[1].replace(/\\D/g, '')) === total;
}"""


def _fill_the_labelling_file(page) -> None:  # noqa: ANN001
    _open(page, "Remplir")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Questionnaire").first.click()
    page.get_by_role("option").filter(has_text="Plan du dossier").first.click()
    settle(page, TIMEOUT_MS)


def test_upload_on_an_item_then_download_the_whole_file(server: Server, browser) -> None:  # noqa: ANN001
    page = signed_in(browser, server.url, "directrice", "demo-directrice", height=1400)
    _fill_the_labelling_file(page)
    holder = page.locator('[class*="st-key-item-contexte-porteur"]').first
    holder.get_by_text("Pièces jointes (0)").click()
    holder.locator('[data-testid="stFileUploaderDropzone"]').wait_for()  # the list unfolded
    holder.locator('input[type="file"]').set_input_files(
        files=[{"name": "Fréquentation 2025.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    # The page asks for its rerun once the file is sent: wait for the run's message, then its end.
    holder.get_by_text("« Fréquentation 2025.csv » est joint.").wait_for(timeout=TIMEOUT_MS)
    settle(page, TIMEOUT_MS)
    assert "Pièces jointes (1)" in holder.inner_text()
    # Streamlit fetches a download button's code (its own script file) the first time the page
    # shows one: the run may have ended before it is drawn (seen once under CI's load)
    expect(holder.get_by_role("button", name="Fréquentation 2025.csv")).to_have_count(1)
    if SHOTS:
        holder.screenshot(path=str(Path(SHOTS) / "attachments.png"))
    _open(page, "Dossier de labellisation")
    _choose_campaign(page, "Autoévaluation 2026")
    for shown in ("Dossier prêt à", "Reste à rédiger"):  # the chosen campaign's file, drawn
        page.get_by_text(shown).first.wait_for(timeout=TIMEOUT_MS)
    screenshot(page, "labelling-file", 1100)
    with page.expect_download(timeout=TIMEOUT_MS * 2) as download:
        page.get_by_role("button", name="Exemplaire de travail (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Dossier de labellisation" in text and "Annexe — pièces jointes" in text
    assert "Fréquentation 2025.csv" in text and "8.1.1 Synthèse des remarques" in text
    assert reader.attachments["Fréquentation 2025.csv"] == [CSV]
    page.close()


def _stored_budget_rows(database_url: str) -> int:
    """How many rows the Val-de-Loire's 2026 operating budget (6.1) holds."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        query = (
            select(Answer.value)
            .join(Response, Response.id == Answer.response_id)
            .join(Cite, Cite.id == Response.cite_id)
            .where(Answer.item_id == "budget.fonctionnement", Cite.name.contains("Val-de-Loire"))
            .order_by(Response.id.desc())
        )
        value = session.exec(query).first()
    engine.dispose()
    return len((value or {}).get("rows") or [])


def _menu(page, title: str) -> None:  # noqa: ANN001
    """Open a page from the menu (what it shows next is waited for by the caller)."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()


def _euros(text: str) -> int:
    """The EUR total of "Total Montant (EUR) : 361 000" in `text` (any space in the number)."""
    found = re.search(r"Total Montant \(EUR\) : ([\d\s\u202f\xa0]+)", text)
    assert found, text
    return int(re.sub(r"\D", "", found.group(1)))


def _one_line(text: str) -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", text)


def test_a_budget_typed_cell_by_cell_is_in_the_hand_in_copy_with_its_total(
    server: Server,
    browser,  # noqa: ANN001
) -> None:
    """Issue 21: the fonctionnement Cité's director adds a row to its operating budget (6.1)
    in the table editor, cell by cell (each cell saved as it is left, the next one typed
    at once), then downloads the hand-in copy: 6.1 prints the row typed, and the total
    computed from every row, the new one included."""
    rows = _stored_budget_rows(server.database_url())
    page = signed_in(browser, server.url, "directrice", "demo-directrice", height=1400)
    # each step waits for the page it opens to be drawn: a list opened while the page is still
    # drawn can move under the pointer (its choice was once the next questionnaire's)
    _open(page, "Remplir")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Questionnaire").first.click()
    page.get_by_role("option").filter(has_text="Plan du dossier").first.click()
    settle(page, TIMEOUT_MS)
    page.locator('[data-testid="stRadio"] label').filter(has_text="Budget du projet").first.click()
    budget = page.locator(BUDGET).first
    grid = budget.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=TIMEOUT_MS)
    settle(page, TIMEOUT_MS)
    before = _euros(budget.inner_text())
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + LINE_X, box["y"] + ROW_H * (rows + 1) + ROW_H / 2)  # add a row
    for number, text in enumerate(TYPED):
        if number:  # the next cell is selected: Enter opens it
            page.keyboard.press("Enter")
        field = page.locator("#portal textarea, #portal input").first
        field.wait_for(timeout=TIMEOUT_MS)
        field.fill(text)
        field.press("Tab")  # saved; the next cell selected
        field.wait_for(state="detached", timeout=TIMEOUT_MS)  # closed: keys go to the grid
    # The currency: a list, searched as it is typed and chosen with Enter (one key press). A
    # mouse click on an option is lost when the grid redraws between the button's press and
    # release: Streamlit's list editor (Streamlit 1.67) declares its menu inside its own draw,
    # so each redraw replaces the menu's elements (seen under load: the previous cell's save
    # ended between mousedown and mouseup; the release met a new "EUR" element, no click).
    page.keyboard.press("Enter")
    page.locator("#portal").get_by_text("EUR", exact=True).wait_for(timeout=TIMEOUT_MS)
    page.keyboard.type("EUR")
    page.keyboard.press("Enter")
    total = before + int(TYPED[2])
    page.wait_for_function(TOTAL_SHOWN, arg=[BUDGET, total], timeout=TIMEOUT_MS)
    if SHOTS:
        budget.screenshot(path=str(Path(SHOTS) / "budget-editor.png"))
    _menu(page, "Dossier de labellisation")
    page.get_by_text("Reste à rédiger").first.wait_for(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS * 2) as download:
        page.get_by_role("button", name="Exemplaire à remettre (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    text = _one_line(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    item = text[text.rindex("6.1 Budget de fonctionnement") : text.rindex("6.2 Budget d")]
    assert "Abonnements numériques Fondation Orange 1 250 EUR" in item
    assert _euros(item) == total
    page.close()
