"""After the server's warm-up, no page's first view imports anything: nobody waits for imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cdm_quality.ui import warmup
from tests.factories import World
from tests.ui.conftest import open_app

ROOT = Path(__file__).resolve().parents[2]


def test_no_page_imports_anything_after_the_warm_up() -> None:
    # A fresh interpreter: this test process has imported everything already.
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.warm_pages"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert run.stdout.split() == []


def test_the_app_starts_the_warm_up_on_its_first_run(world: World) -> None:
    open_app()
    assert warmup.wait(timeout=120)


def test_the_servers_warm_up_sets_what_it_loaded_aside_from_collections() -> None:
    # Streamlit collects garbage after every run of a page: what the server loaded before
    # serving (pandas, altair, SQLAlchemy, the catalogues) is set aside, so that a click no
    # longer pays for walking it; what comes later is still collected.
    script = (
        "import gc; from cdm_quality.ui import warmup; warmup.warm_up_before_serving(); "
        "print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    frozen, walked = map(int, in_a_fresh_process(script).split())
    assert frozen > 100_000
    assert walked < frozen // 100


def test_after_the_warm_up_the_first_element_drawn_reads_no_files() -> None:
    # Streamlit's first element of a process asks whether it runs in a REPL, which made
    # inspect resolve the path of every loaded module's file (27,650 lstat calls) inside the
    # first person's sign-in; the warm-up has inspect do it before serving.
    script = (
        "import os; from cdm_quality.ui import warmup; warmup.warm_up()\n"
        "from streamlit import env_util\n"
        "calls = []; lstat = os.lstat\n"
        "os.lstat = lambda *a, **k: calls.append(a) or lstat(*a, **k)\n"
        "env_util.is_repl(); print(len(calls))"
    )
    assert int(in_a_fresh_process(script)) < 100


def in_a_fresh_process(script: str) -> str:
    """What `script` prints, run by a new interpreter (this one has imported everything)."""
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return run.stdout
