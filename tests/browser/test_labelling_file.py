"""The labelling file in Debian's Chromium against the real server over the demo: a director
uploads a file on an item of the labelling file, sees it listed, then downloads the whole file
as PDF from the readiness page, with the upload in its annex and embedded — what AppTest
cannot do (file upload, deferred downloads).

Set `CDM_QUALITY_SCREENSHOTS=docs/screenshots` to also save `labelling-file.png` and
`attachments.png` (README's screenshots).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.support import SHOTS, Server, playwright_or_skip, screenshot, settle
from tests.browser.test_plan_pages import TIMEOUT_MS, _choose_campaign, _open
from tests.browser.test_plan_pages import _signed_in as signed_in

pytestmark = pytest.mark.browser
playwright_or_skip()  # the server and browser fixtures: conftest.py

CSV = "mois;visiteurs\njanvier;812\nfévrier;790\n".encode()


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
    assert holder.get_by_role("button", name="Fréquentation 2025.csv").count() == 1
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
