"""What only a browser shows (issue 24 item 7): the upload zone in French, and one current
message under it, the app's own, whichever file was refused last (a program, then a file over
20 MB that the browser used to refuse in English on its chip, its size with a decimal comma), and
the zone's line while a file is dragged over it."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import Server, playwright_or_skip, settle
from tests.browser.test_labelling_file import _fill_the_labelling_file
from tests.browser.test_plan_pages import TIMEOUT_MS
from tests.browser.test_plan_pages import _signed_in as signed_in

pytestmark = pytest.mark.browser
playwright_or_skip()  # the server and browser fixtures: conftest.py

BIG = b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024)  # over the 20 MB a file may weigh


def _wait_text(page, text: str) -> None:  # noqa: ANN001
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=TIMEOUT_MS)


def test_one_current_upload_message_in_french(server: Server, browser) -> None:  # noqa: ANN001
    page = signed_in(browser, server.url, "directrice", "demo-directrice", height=1400)
    _fill_the_labelling_file(page)
    holder = page.locator('[class*="st-key-item-contexte-porteur"]').first
    holder.get_by_text(re.compile(r"Pièces jointes \(\d+\)")).click()
    zone = holder.locator('[data-testid="stFileUploaderDropzone"]')
    zone.wait_for(timeout=TIMEOUT_MS)  # the list unfolded: its upload zone in sight
    assert "Upload" not in zone.inner_text() and "per file" not in zone.inner_text()
    drawn = zone.evaluate(  # what the style writes in their place
        """z => [z.querySelector('button'),
                 z.querySelector('[data-testid="stFileUploaderDropzoneInstructions"]')]
                .map(e => getComputedStyle(e, '::after').content).join(' ')"""
    )
    assert "Choisir un fichier" in drawn and "20 Mo au plus" in drawn
    dragged = page.evaluate_handle(
        """() => { const d = new DataTransfer();
                   d.items.add(new File(['%PDF'], 'rapport.pdf', {type: 'application/pdf'}));
                   return d; }"""
    )
    zone.dispatch_event("dragenter", {"dataTransfer": dragged})
    overlay = zone.locator(":scope > div:not([data-testid]) > span")
    overlay.wait_for(timeout=TIMEOUT_MS)
    assert overlay.evaluate("e => getComputedStyle(e, '::after').content") == (
        '"Déposez le fichier ici"'
    )
    assert overlay.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # English unseen
    zone.dispatch_event("dragleave", {"dataTransfer": dragged})
    overlay.wait_for(state="detached", timeout=TIMEOUT_MS)
    holder.locator('input[type="file"]').set_input_files(
        files=[{"name": "outil.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\0"}]
    )
    _wait_text(page, "c’est un programme ou un script")
    holder.locator('input[type="file"]').set_input_files(
        files=[{"name": "rapport.pdf", "mimeType": "application/pdf", "buffer": BIG}]
    )
    _wait_text(page, "Fichier refusé : 21,0 Mo, pour 20,0 Mo au plus par fichier.")
    settle(page, TIMEOUT_MS)
    text = holder.inner_text()
    assert "c’est un programme ou un script" not in text  # the last file's message only
    assert "or smaller" not in text
