"""Browser bench: the demo served for real, timed in Chromium against a bare Streamlit page.

    python bench/browser.py [--runs 5]

The demo is loaded and served as the browser tests serve it (`tests/browser/support.py`: the
demo in a temporary data directory, the server started as `make run` starts it). A bare
Streamlit page (`bare/app.py`) holding the same widgets — the same kinds in the same numbers,
counted on the demo's sign-in page, overview and quality grid — is served the same way
(`bare/server.py`: an `st.App` under uvicorn). Debian's Chromium
(through Playwright) then times, on both:

- first views: the sign-in page, then each page of the director's menu, opened once right
  after the server started (target: ≤ 1.5 s each; the bare page has no counterpart);
- sign-in page: loaded in a new browser context, navigation start to its last change (the
  demo's form then prefetches Streamlit's scripts: the next step starts once they are in, as
  a person types their login and password meanwhile; the time they took is printed);
- sign-in → overview: "Se connecter" clicked until the overview is shown and idle;
- overview → grid: "Remplir" of the quality grid clicked until its questions are shown;
- click → saved: a level chosen until "Enregistré … (version n)" shows the new version (the
  bare page's callback writes a caption instead of saving);
- section change: another section chosen until its questions are shown and the page is idle.

A step ends at the last change of the page before it stayed quiet (no DOM change for
`QUIET_MS`, no rerun running): what the person saw drawn last. Besides its wall time, each
step reports the work the server did for it: the server process's own CPU time (user and
system, all threads) and the SQL statements it executed, read before and after the step from
`/_bench/counters`, which only the bench's servers answer (`bench/counters.py`). Both
servers run side by side; after one warm-up run on each (which also counts the demo's widgets
for the bare page), the steps are run `--runs` times, the demo's and the bare page's in turn,
so both meet the same load (a new browser page for each sign-in). Medians, ratios to the bare
page and the targets of issue 26 are printed: wall of click → saved ≤ 2 × bare, section change
≤ 1 s, sign-in → overview and overview → grid ≤ 1.5 s; CPU of click → saved and of section
change ≤ 2 × bare. The machine's load average is printed too (before each pair of runs): the
figures move with it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.counters import PATH as COUNTERS  # noqa: E402
from tests.browser.support import app_server, chromium, demo_data  # noqa: E402

LOGIN, PASSWORD = "directrice", "demo-directrice"
GRID = "qualite"
TIMEOUT_MS = 60_000
FIRST_VIEW_TARGET_S = 1.5
STEP_TARGET_S = {"sign-in → overview": 1.5, "overview → grid": 1.5, "section change": 1.0}
RATIO_TARGET = 2.0  # wall of click → saved; CPU of click → saved and of section change
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
APP = "bench.counted_app:app"  # the app's server with the counters; run from the repository root
BARE_APP = "bench.bare.server:app"


# --- waiting and timing -------------------------------------------------------------------

# Every page records when its DOM last changed; a step ends at the last change before the page
# stayed quiet for QUIET_MS with its script no longer running (Streamlit's own
# `data-test-script-state`): what the person saw drawn last.
OBSERVE = """window.__lastChange = Date.now(); performance.setResourceTimingBufferSize(1000);
new MutationObserver(() => { window.__lastChange = Date.now(); }).observe(document,
    {subtree: true, childList: true, attributes: true, characterData: true});"""
QUIET_MS = 600
SETTLED = f"""() => Date.now() - window.__lastChange > {QUIET_MS}
    && (document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState
        ?? 'notRunning') === 'notRunning'
    && !document.querySelector('[data-stale="true"]')"""


# The form's `<link rel="prefetch">` (Streamlit's scripts, `ui/web.py`) all fetched; then when
# the last one ended, in ms from navigation start.
PREFETCHED = """() => { const done = new Set(performance.getEntriesByType('resource')
      .filter(e => e.responseEnd > 0).map(e => e.name));
  return [...document.querySelectorAll('link[rel=prefetch]')].every(l => done.has(l.href)); }"""
PREFETCH_END = """() => Math.max(...performance.getEntriesByType('resource')
    .filter(e => e.initiatorType === 'link').map(e => e.responseEnd))"""


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


@dataclass(frozen=True)
class Sample:
    """One step: its wall time, and the server process's CPU time and SQL statements meanwhile."""

    wall: float
    cpu: float
    sql: int


def server_counters(url: str) -> dict[str, float]:
    """The served process's own counters (`bench/counters.py`)."""
    with urllib.request.urlopen(url + COUNTERS, timeout=10) as answer:  # noqa: S310
        return json.loads(answer.read())


def measured(url: str, step: Callable[[], float]) -> Sample:
    """`step()` (which returns its wall seconds once the page has settled) with the server's
    CPU seconds and SQL statements from before it to after."""
    before = server_counters(url)
    wall = step()
    after = server_counters(url)
    return Sample(wall, after["cpu"] - before["cpu"], int(after["sql"] - before["sql"]))


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
        self.prefetches: list[float] = []

    def open_sign_in(self, page: Any) -> float:
        """The sign-in page's wall time; waits, as a person typing would, for the scripts the
        form prefetches (their time from navigation start kept in `prefetches`)."""
        seconds = loaded(page, self.url)
        page.wait_for_function(PREFETCHED, timeout=TIMEOUT_MS, polling=50)
        self.prefetches.append(page.evaluate(PREFETCH_END) / 1000)
        return seconds

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


def demo_run(browser: Any, url: str, demo: Demo) -> tuple[dict[str, Sample], dict]:
    """The steps once each on a new browser page, and the widgets of the pages they show."""
    samples: dict[str, Sample] = {}
    counts: dict[str, dict[str, int]] = {}
    with new_page(browser) as page:
        samples["sign-in page"] = measured(url, lambda: demo.open_sign_in(page))
        counts["login"] = widget_counts(page)
        samples["sign-in → overview"] = measured(url, lambda: demo.sign_in(page))
        counts["overview"] = widget_counts(page)
        samples["overview → grid"] = measured(url, lambda: demo.open_grid(page))
        counts["grid"] = widget_counts(page)
        samples["click → saved"] = measured(url, lambda: demo.save(page))
        samples["section change"] = measured(url, lambda: demo.change_section(page))
    return samples, counts


STEPS = ("sign-in page", "sign-in → overview", "overview → grid", "click → saved", "section change")


# --- the bare page -------------------------------------------------------------------------


class Bare:
    """The same four steps on `bare/app.py` (the same widgets, no work behind them)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def run(self, browser: Any, run: int) -> dict[str, Sample]:
        """The steps once each on a new browser page (`run` picks the level and section)."""
        url, samples = self.url, {}
        with new_page(browser) as page:
            samples["sign-in page"] = measured(url, lambda: loaded(page, url))
            samples["sign-in → overview"] = measured(
                url, lambda: self._click(page, "Se connecter", "Overview")
            )
            samples["overview → grid"] = measured(
                url, lambda: self._click(page, "Remplir", "Section 1")
            )
            samples["click → saved"] = measured(url, lambda: self._save(page, run))
            samples["section change"] = measured(url, lambda: self._section(page, run))
        return samples

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
        ok = demo <= RATIO_TARGET * bare
        return f"target ≤ {RATIO_TARGET:g} × bare: {'met' if ok else 'MISSED'}"
    if step in STEP_TARGET_S:
        ok = demo <= STEP_TARGET_S[step]
        return f"target ≤ {STEP_TARGET_S[step]:g} s: {'met' if ok else 'MISSED'}"
    return ""


def cpu_target_of(step: str, demo: float, bare: float) -> str:
    if step not in ("click → saved", "section change"):
        return ""
    ok = demo <= RATIO_TARGET * bare
    return f"target ≤ {RATIO_TARGET:g} × bare: {'met' if ok else 'MISSED'}"


def median_of(runs: list[dict[str, Sample]], step: str, what: str) -> float:
    return statistics.median(getattr(run[step], what) for run in runs)


def report(
    views: list[tuple[str, float]],
    demo: list[dict[str, Sample]],
    bare: list[dict[str, Sample]],
    counts: dict,
    loads: list[float],
    prefetch: float,
) -> None:
    print(f"first view of each page after the server started (target ≤ {FIRST_VIEW_TARGET_S:g} s):")
    for title, seconds in views:
        mark = "met" if seconds <= FIRST_VIEW_TARGET_S else "MISSED"
        print(f"  {title:<32} {seconds:6.2f} s   {mark}")
    print(
        f"the sign-in form's prefetch of Streamlit's scripts ended {prefetch:.2f} s after its"
        " navigation started (median; the steps wait for it, as a person types meanwhile)"
    )
    print("widgets of the demo's pages, repeated on the bare page:")
    for view, found in counts.items():
        print(f"  {view:<10} " + ", ".join(f"{k.removeprefix('st')} {n}" for k, n in found.items()))
    print(f"load average during the runs: {min(loads):.1f}–{max(loads):.1f}")
    print("wall time, medians")
    print(f"  {'step':<22} {'demo':>9} {'bare':>9} {'ratio':>6}")
    for step in STEPS:
        d, b = median_of(demo, step, "wall"), median_of(bare, step, "wall")
        print(f"  {step:<22} {d:7.2f} s {b:7.2f} s {d / b:6.2f}   {target_of(step, d, b)}")
    print("server CPU time (the process's user + system), medians; SQL statements, medians")
    print(f"  {'step':<22} {'demo':>9} {'bare':>9} {'ratio':>6} {'SQL':>5}")
    for step in STEPS:
        d, b = median_of(demo, step, "cpu"), median_of(bare, step, "cpu")
        sql = median_of(demo, step, "sql")
        ratio = d / b if b else float("inf")
        line = f"  {step:<22} {d * 1000:6.0f} ms {b * 1000:6.0f} ms {ratio:6.2f} {sql:5.0f}"
        print(f"{line}   {cpu_target_of(step, d, b)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs, {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="cdm-browser-") as folder, chromium() as browser:
        data = demo_data(Path(folder) / "data")
        with app_server(data, app=APP) as url:
            views = first_views(browser, url)
            demo = Demo(url)
            _warm_up, counts = demo_run(browser, url, demo)
            widgets = Path(folder) / "widgets.json"
            widgets.write_text(json.dumps(counts), encoding="utf-8")
            os.environ["CDM_BENCH_WIDGETS"] = str(widgets)
            with app_server(data, app=BARE_APP) as bare_url:
                bare = Bare(bare_url)
                bare.run(browser, 0)  # warm-up, like the demo's
                demo_runs, bare_runs, loads = interleaved(browser, url, demo, bare, args.runs)
    report(views, demo_runs, bare_runs, counts, loads, statistics.median(demo.prefetches))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def interleaved(
    browser: Any, url: str, demo: Demo, bare: Bare, runs: int
) -> tuple[list[dict[str, Sample]], list[dict[str, Sample]], list[float]]:
    """`runs` runs of the steps, the demo's and the bare page's in turn (the same load for
    both), with the load average before each pair."""
    demo_runs, bare_runs, loads = [], [], []
    for run in range(runs):
        loads.append(os.getloadavg()[0])
        demo_runs.append(demo_run(browser, url, demo)[0])
        bare_runs.append(bare.run(browser, run))
    return demo_runs, bare_runs, loads


if __name__ == "__main__":
    sys.exit(main())
