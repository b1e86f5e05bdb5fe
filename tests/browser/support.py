"""Helpers of the browser tests: Debian's Chromium through Playwright (or a module-level skip),
a temporary data directory holding the demo, and the app's server (`uvicorn
cdm_quality.ui.server:app`, the command of `make run`) on a free port.

Plain functions and context managers, so that tests outside `tests/browser/` (e.g.
`tests/reliability/test_browser_sessions.py`) use them too; the `server` and `browser`
fixtures of `tests/browser/conftest.py` are built on them. Page helpers shared by the flows:
`sign_in`, `settle` (wait for the app's rerun to end), `app_drawn` (the app's page after signing
in or a reload), `stand_still` (nothing moves) and `screenshot` (README's pictures, when
`CDM_QUALITY_SCREENSHOTS` names a directory). They wait on conditions, never for a fixed time.
"""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = os.environ.get("CDM_QUALITY_SCREENSHOTS")
SETTLE_TIMEOUT_MS = 20_000
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NO_CHROMIUM = "Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium"
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def playwright_or_skip() -> ModuleType:
    """`playwright.sync_api`; skips the calling test module without it or without Chromium.

    Call it at module level of a browser test module (skips are reported at that line).
    """
    __tracebackhide__ = True
    api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM, allow_module_level=True)
    return api


_OPEN: list[Any] = []  # the Chromium launched by the outermost `chromium()` still open


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium launched headless through Playwright, closed at the end.

    Inside another `chromium()` (the run's `browser` fixture), yields that same Chromium: one
    launch per run, and Playwright's sync API cannot be started twice at once in a thread.
    """
    if _OPEN:
        yield _OPEN[-1]
        return
    api = importlib.import_module("playwright.sync_api")
    with api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        _OPEN.append(launched)
        try:
            yield launched
        finally:
            _OPEN.clear()
            launched.close()


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path

    def database_url(self) -> str:
        return sqlite_url(self.data_dir)


def sqlite_url(data_dir: Path) -> str:
    """The URL of the database `cdm-quality` keeps in `data_dir`."""
    return f"sqlite:///{data_dir / 'cdm-quality.db'}"


def _environment(data_dir: Path) -> dict[str, str]:
    """The commands' environment: `data_dir`, this checkout's code (from any cwd, whatever
    checkout the virtual environment's editable install points at)."""
    env = {**os.environ, "CDM_QUALITY_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("CDM_QUALITY_DATABASE_URL", None)
    return env


_DEMO: list[tempfile.TemporaryDirectory[str]] = []  # the demo, made once per process


def demo_data(data_dir: Path) -> Path:
    """The demo in `data_dir` (returned), as `cdm-quality db upgrade` then `cdm-quality demo`
    leave it. Those two commands run once per process (~7 s), into a directory whose files
    are then copied into each `data_dir` (a few milliseconds)."""
    if not _DEMO:
        made = tempfile.TemporaryDirectory(prefix="cdm-demo-")
        env = _environment(Path(made.name))
        for command in (["db", "upgrade"], ["demo"]):
            subprocess.run([str(BIN / "cdm-quality"), *command], env=env, cwd=ROOT, check=True)
        _DEMO.append(made)
    shutil.copytree(_DEMO[0].name, data_dir, dirs_exist_ok=True)
    return data_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    """Wait for the server's health route (which also checks the database)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer within 60 s")


APP = "cdm_quality.ui.server:app"


def server_command(port: int, app: str = APP) -> list[str]:
    """The command `make run` serves the app with, on `port`."""
    return [str(BIN / "uvicorn"), app, "--host", "127.0.0.1"] + ["--port", str(port)]


@contextmanager
def app_server(
    data_dir: Path, app: str = APP, *, port: int | None = None, cwd: Path = ROOT
) -> Iterator[str]:
    """The app's server on `port` (default: a free one) over `data_dir`, started in `cwd`
    (whose `.streamlit/` Streamlit reads); yields its URL once it answers.

    `app` serves another ASGI application the same way (`bench/browser.py` serves a bare
    Streamlit page beside the app; it must answer `/healthz` too).
    """
    port = port or free_port()
    process = subprocess.Popen(  # noqa: S603
        server_command(port, app),
        cwd=cwd,
        env=_environment(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


# --- pages -------------------------------------------------------------------------------------


def sign_in(page: Any, login: str, password: str) -> None:
    """Fill the French sign-in form the app shows a visitor, and send it."""
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


# Notes when the page last asked for a rerun (a `BackMsg` whose first field is `rerun_script`,
# number 11: first byte 0x5A), when the server last began a run (a `ForwardMsg` holding
# `new_session`, field 4) and when one last ended (`script_finished`, field 6, unless its status
# is FINISHED_EARLY_FOR_RERUN, 2: a callback or `st.rerun()` goes on with another run). A changed
# widget does not mark the page as running until the server answers, and a rerun asked during a
# run leaves the page running: only the server's messages tell that the run asked for has begun.
WATCH = """() => {
  if (window.__cdmWatch) return;
  const watch = window.__cdmWatch = {asked: 0, started: 0, finished: 0};
  // The fields of a protobuf message's top level: number -> its value if a varint, else null.
  const fields = (bytes) => {
    const found = new Map();
    let i = 0;
    const varint = () => {
      let value = 0, shift = 0, b;
      do { b = bytes[i++]; value += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), type = tag % 8, field = Math.floor(tag / 8);
      let value = null;
      if (type === 0) value = varint();
      else if (type === 2) { const length = varint(); i += length; }  // not `i += varint()`:
      else if (type === 1) i += 8;  // that adds the length to `i` as it was before the length
      else if (type === 5) i += 4;
      else break;
      found.set(field, value);
    }
    return found;
  };
  const heard = (event) => {
    if (!(event.data instanceof ArrayBuffer)) return;
    const found = fields(new Uint8Array(event.data));
    if (found.has(4)) watch.started = performance.now();
    if (found.has(6) && found.get(6) !== 2) watch.finished = performance.now();
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (!this.__cdmHeard) { this.addEventListener('message', heard); this.__cdmHeard = true; }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : null;
    if (bytes?.length && bytes[0] === 0x5a) watch.asked = performance.now();
    return send.call(this, data);
  };
}"""
IDLE = """() => {
  const state = document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState;
  const watch = window.__cdmWatch ?? {asked: 0, started: 0, finished: 0};  // a new document
  return state === 'notRunning' && watch.asked <= watch.started
    && watch.started <= watch.finished && !document.querySelector('[data-stale="true"]');
}"""


def settle(page: Any, timeout_ms: int = SETTLE_TIMEOUT_MS) -> None:
    """Wait until the app has run every rerun asked for and drawn it (no stale element); the
    first call on a page starts counting the reruns it asks for.

    Only on the app's pages: the server's sign-in form is no Streamlit page and `settle` waits
    there until its timeout (after signing in or a reload, call `app_drawn`)."""
    page.evaluate(WATCH)
    page.wait_for_function(IDLE, timeout=timeout_ms)


APP_MENU = '[data-testid="stSidebarNav"]'


def app_drawn(page: Any, timeout_ms: int = SETTLE_TIMEOUT_MS) -> None:
    """Wait for the app's page after the sign-in form or a reload: its menu (the form has none;
    attached, since a phone's folded menu is out of sight), then for its run to end.

    Right after the form is sent the browser still shows it, or a new document whose app has not
    started its first run: `settle` alone reads either as idle, or waits on the form forever."""
    page.locator(APP_MENU).wait_for(state="attached", timeout=timeout_ms)
    settle(page, timeout_ms)


# Nothing moves: no element stale (dimmed), no transition or animation running (a fade-in, a
# focus ring, a tooltip fading out), no tooltip shown, and every chart in sight drawn (Vega
# draws its SVG or canvas after its element appears).
STILL = """() => !document.querySelector('[data-stale="true"]')
    && document.getAnimations().every(a => a.playState !== 'running')
    && !document.querySelector(
        '[role="tooltip"], [data-baseweb="tooltip"], #vg-tooltip-element.visible')
    && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
        .every(chart => !chart.checkVisibility() || chart.querySelector('svg, canvas'))"""


def stand_still(page: Any, timeout_ms: int = SETTLE_TIMEOUT_MS) -> None:
    """Wait until nothing on the page moves (`STILL`): colours and pictures are then final."""
    page.wait_for_function(STILL, timeout=timeout_ms)


def screenshot(page: Any, name: str, height: int | None = None) -> None:
    """Save the viewport as `<CDM_QUALITY_SCREENSHOTS>/<name>.png` when that is set; with
    `height`, its top `height` pixels, the last widget used blurred and the pointer moved away
    (no focus ring, no tooltip)."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    clip = None
    if height is not None:
        page.locator("h1").first.click()  # blur the last widget used
        page.mouse.move(5, 5)
        clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
    if page.locator('[data-testid="stApp"]').count():  # not the server's sign-in form
        settle(page)
    stand_still(page)
    page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False, clip=clip)
