"""Browser bench: the demo served for real, timed in Chromium against a bare Streamlit page.

    python bench/browser.py [--runs 5]

The demo is loaded and served as the browser tests serve it (`tests/browser/support.py`: the
demo in a temporary data directory, the server started as `make run` starts it). A bare
Streamlit page (`bare/app.py`) holding the same widgets — the same kinds in the same numbers,
counted on the demo's sign-in page, overview and quality grid — is served the same way
(`bare/server.py`: an `st.App` under uvicorn). Debian's Chromium
(through Playwright) then times, on both:

- first views: the sign-in page, then each page of the director's menu, opened once right
  after the server started (target: ≤ 2 s each; the bare page has no counterpart);
- sign-in page: loaded in a new browser context, navigation start to its last change;
- sign-in → overview: "Se connecter" clicked until the overview is shown and idle;
- overview → grid: "Remplir" of the quality grid clicked until its questions are shown;
- click → saved: a level chosen until "Enregistré … (version n)" shows the new version (the
  bare page's callback writes a caption instead of saving);
- section change: another section chosen until its questions are shown and the page is idle.

A step ends at the last change of the page before it stayed quiet (no DOM change for
`QUIET_MS`, no rerun running): what the person saw drawn last. Each step is run `--runs`
times (a new browser page for each sign-in); medians, ratios to the bare page and the
targets of issue 14 are printed: click → saved ≤ 2 × bare; sign-in → overview and section
change ≤ 1.5 s each. The machine's load average is printed too: the figures move with it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.support import app_server, chromium, demo_data  # noqa: E402

LOGIN, PASSWORD = "directrice", "demo-directrice"
GRID = "qualite"
TIMEOUT_MS = 60_000
FIRST_VIEW_TARGET_S = 2.0
STEP_TARGET_S = 1.5
SAVE_RATIO_TARGET = 2.0
IDLE = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""
WIDGET_KINDS = (
    "stButton",
    "stFormSubmitButton",
    "stTextInput",
    "stTextArea",
    "stRadio",
    "stButtonGroup",
    "stCheckbox",
    "stToggle",
    "stSelectbox",
    "stMultiSelect",
    "stNumberInput",
    "stDateInput",
    "stDownloadButton",
    "stExpander",
)
COUNT_WIDGETS = (
    "(kinds) => Object.fromEntries(kinds.map(k => "
    "[k, document.querySelectorAll(`[data-testid='${k}']`).length]).filter(e => e[1] > 0))"
)
BARE_APP = "bench.bare.server:app"  # run from the repository root, as the app's server is


# --- waiting and timing -------------------------------------------------------------------

# Every page records when its DOM last changed; a step ends at the last change before the page
# stayed quiet for QUIET_MS with its script no longer running (Streamlit's own
# `data-test-script-state`): what the person saw drawn last.
OBSERVE = """window.__lastChange = Date.now();
new MutationObserver(() => { window.__lastChange = Date.now(); }).observe(document,
    {subtree: true, childList: true, attributes: true, characterData: true});"""
QUIET_MS = 600
SETTLED = f"""() => Date.now() - window.__lastChange > {QUIET_MS}
    && (document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState
        ?? 'notRunning') === 'notRunning'
    && !document.querySelector('[data-stale="true"]')"""


def idle(page: Any) -> None:
    """Wait until the app has finished drawing (quiet DOM, no stale element, no rerun)."""
    page.wait_for_function(SETTLED, timeout=TIMEOUT_MS, polling=50)


def timed(page: Any, action: Callable[[], None], shown: Callable[[], None]) -> float:
    """Seconds from `action` to the last change of the page once `shown` holds and the page
    has settled."""
    started = page.evaluate("Date.now()")  # the epoch clock: a sign-in loads a new document
    action()
    shown()
    idle(page)
    return (page.evaluate("window.__lastChange") - started) / 1000


def until_seen(page: Any, action: Callable[[], None], seen: Callable[[], None]) -> float:
    """Seconds from `action` until `seen` returns (e.g. a saved mark shows); then settles."""
    started = time.perf_counter()
    action()
    seen()
    seconds = time.perf_counter() - started
    idle(page)
    return seconds


@contextmanager
def new_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    context.add_init_script(OBSERVE)
    try:
        yield context.new_page()
    finally:
        context.close()


def loaded(page: Any, url: str) -> float:
    """Open the sign-in page; seconds from navigation start to its last change."""
    page.goto(url)
    page.get_by_label("Identifiant").wait_for(timeout=TIMEOUT_MS)
    idle(page)
    return page.evaluate("window.__lastChange - performance.timeOrigin") / 1000


def widget_counts(page: Any) -> dict[str, int]:
    return page.evaluate(COUNT_WIDGETS, list(WIDGET_KINDS))


# --- the demo ------------------------------------------------------------------------------


class Demo:
    """The four steps on the demo, as the director `directrice` (Val-de-Loire, 2026)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.level = 0

    def open_sign_in(self, page: Any) -> float:
        return loaded(page, self.url)

    def sign_in(self, page: Any) -> float:
        page.get_by_label("Identifiant").fill(LOGIN)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        button = page.get_by_role("button", name="Se connecter")
        return timed(page, button.click, lambda: self._overview_shown(page))

    def _overview_shown(self, page: Any) -> None:
        page.locator(f".st-key-open-{GRID} button").wait_for(timeout=TIMEOUT_MS)

    def open_grid(self, page: Any) -> float:
        button = page.locator(f".st-key-open-{GRID} button")
        return timed(page, button.click, lambda: self._grid_shown(page))

    def _grid_shown(self, page: Any) -> None:
        page.get_by_role("radiogroup", name="Sections").wait_for(timeout=TIMEOUT_MS)
        page.locator("[class*='st-key-item-']").first.wait_for(timeout=TIMEOUT_MS)

    def back_to_overview(self, page: Any) -> None:
        nav = page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Vue d'ensemble")
        nav.first.click()
        self._overview_shown(page)
        idle(page)

    def save(self, page: Any) -> float:
        """Choose another level of the first rating question shown; until its new version."""
        item = page.locator("[class*='st-key-item-']").filter(
            has=page.locator('[data-testid="stButtonGroup"]')
        )
        item = item.first
        before = item.inner_text()
        self.level = 1 - self.level
        button = item.locator('[data-testid="stButtonGroup"] button').nth(self.level)
        if button.get_attribute("data-selected") == "true":
            self.level = 1 - self.level
            button = item.locator('[data-testid="stButtonGroup"] button').nth(self.level)
        handle = item.element_handle()

        def saved() -> None:
            page.wait_for_function(
                "([el, before]) => el.innerText !== before && el.innerText.includes('Enregistré')",
                arg=[handle, before],
                timeout=TIMEOUT_MS,
                polling=20,
            )

        return until_seen(page, button.click, saved)

    def change_section(self, page: Any) -> float:
        """Choose the section after the one shown; until its questions are shown."""
        sections = page.get_by_role("radiogroup", name="Sections").locator("label")
        checked = sections.evaluate_all(
            "labels => labels.findIndex(l => l.querySelector('input')?.checked)"
        )
        target = sections.nth((checked + 1) % sections.count())
        title = target.inner_text().split(" · ")[0].strip()

        def shown() -> None:
            page.locator("h3").filter(has_text=title).first.wait_for(timeout=TIMEOUT_MS)

        return timed(page, target.click, shown)


def first_views(browser: Any, url: str) -> list[tuple[str, float]]:
    """Each page of the director's menu opened once on a server that just started."""
    demo = Demo(url)
    with new_page(browser) as page:
        views = [("sign-in page", demo.open_sign_in(page))]
        views.append(("sign-in → overview", demo.sign_in(page)))
        links = page.locator('[data-testid="stSidebarNav"] a')
        titles = [links.nth(i).inner_text().split("\n")[-1] for i in range(links.count())]
        for title in titles[1:]:
            views.append((title, _first_view(page, links.filter(has_text=title).first)))
    return views


def _first_view(page: Any, link: Any) -> float:
    """Seconds from a click on a menu link until the page's title changed and it is idle."""
    before = page.locator("h1").first.inner_text()

    def shown() -> None:
        page.wait_for_function(
            "(before) => { const h = document.querySelector('h1');"
            " return h && h.innerText !== before; }",
            arg=before,
            timeout=TIMEOUT_MS,
            polling=50,
        )

    return timed(page, link.click, shown)


def demo_steps(browser: Any, url: str, runs: int) -> tuple[dict[str, list[float]], dict]:
    """The steps `runs` times each, and the widgets of the pages they show."""
    demo, times = Demo(url), {name: [] for name in STEPS}
    counts: dict[str, dict[str, int]] = {}
    for _run in range(runs):
        with new_page(browser) as page:
            times["sign-in page"].append(demo.open_sign_in(page))
            counts["login"] = widget_counts(page)
            times["sign-in → overview"].append(demo.sign_in(page))
            counts["overview"] = widget_counts(page)
            times["overview → grid"].append(demo.open_grid(page))
            counts["grid"] = widget_counts(page)
            times["click → saved"].append(demo.save(page))
            times["section change"].append(demo.change_section(page))
    return times, counts


STEPS = ("sign-in page", "sign-in → overview", "overview → grid", "click → saved", "section change")


# --- the bare page -------------------------------------------------------------------------


class Bare:
    """The same four steps on `bare/app.py` (the same widgets, no work behind them)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def run(self, browser: Any, runs: int) -> dict[str, list[float]]:
        times: dict[str, list[float]] = {name: [] for name in STEPS}
        for run in range(runs):
            with new_page(browser) as page:
                times["sign-in page"].append(loaded(page, self.url))
                times["sign-in → overview"].append(self._click(page, "Se connecter", "Overview"))
                times["overview → grid"].append(self._click(page, "Remplir", "Section 1"))
                times["click → saved"].append(self._save(page, run))
                times["section change"].append(self._section(page, run))
        return times

    def _click(self, page: Any, label: str, heading: str) -> float:
        button = page.get_by_role("button", name=label, exact=True)

        def shown() -> None:
            page.locator("h3").filter(has_text=heading).first.wait_for(timeout=TIMEOUT_MS)

        return timed(page, button.click, shown)

    def _save(self, page: Any, run: int) -> float:
        group = page.locator(".st-key-target [data-testid='stButtonGroup'] button")
        caption = "Enregistré (version 1)"  # a new session for each run

        def saved() -> None:
            page.get_by_text(caption).wait_for(timeout=TIMEOUT_MS)

        return until_seen(page, group.nth(run % 2).click, saved)

    def _section(self, page: Any, run: int) -> float:
        label = f"Section {2 + run % 2}"
        option = page.get_by_role("radiogroup", name="Sections").locator("label")
        option = option.filter(has_text=label).first

        def shown() -> None:
            page.locator("h3").filter(has_text=label).first.wait_for(timeout=TIMEOUT_MS)

        return timed(page, option.click, shown)


# --- report --------------------------------------------------------------------------------


def target_of(step: str, demo: float, bare: float) -> str:
    if step == "click → saved":
        ok = demo <= SAVE_RATIO_TARGET * bare
        return f"target ≤ {SAVE_RATIO_TARGET:g} × bare: {'met' if ok else 'MISSED'}"
    if step in ("sign-in → overview", "section change"):
        ok = demo <= STEP_TARGET_S
        return f"target ≤ {STEP_TARGET_S:g} s: {'met' if ok else 'MISSED'}"
    return ""


def report(views: list[tuple[str, float]], demo: dict, bare: dict, counts: dict) -> None:
    print("first view of each page after the server started (target ≤ 2 s each):")
    for title, seconds in views:
        mark = "met" if seconds <= FIRST_VIEW_TARGET_S else "MISSED"
        print(f"  {title:<32} {seconds:6.2f} s   {mark}")
    print("widgets of the demo's pages, repeated on the bare page:")
    for view, found in counts.items():
        print(f"  {view:<10} " + ", ".join(f"{k.removeprefix('st')} {n}" for k, n in found.items()))
    print(f"{'step':<22} {'demo median':>12} {'bare median':>12} {'ratio':>6}")
    for step in STEPS:
        d, b = statistics.median(demo[step]), statistics.median(bare[step])
        print(f"{step:<22} {d:10.2f} s {b:10.2f} s {d / b:6.2f}   {target_of(step, d, b)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs, {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="cdm-browser-") as folder, chromium() as browser:
        data = demo_data(Path(folder) / "data")
        with app_server(data) as url:
            views = first_views(browser, url)
            demo, counts = demo_steps(browser, url, args.runs)
        widgets = Path(folder) / "widgets.json"
        widgets.write_text(json.dumps(counts), encoding="utf-8")
        os.environ["CDM_BENCH_WIDGETS"] = str(widgets)
        with app_server(data, app=BARE_APP) as url:
            bare = Bare(url).run(browser, args.runs)
    report(views, demo, bare, counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
