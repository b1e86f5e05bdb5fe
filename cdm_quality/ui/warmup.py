"""Work done once per server process so that nobody waits for it on a first page view.

A page's first view in a fresh process used to pay for importing what the page uses (pandas,
altair and its JSON schema, fpdf2, SQLAlchemy, Alembic…: 2–8 s on a loaded 2-core machine)
inside the first person's request. `warm_up` does it ahead: a server entry point may call it
before serving, and `app.py` calls `warm_up_in_background` on its first run, so that the
imports are done while the first person reads the sign-in page.
`tests/ui/test_warmup.py` checks that no page's first view imports anything it left out.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import logging
import pkgutil
import threading

import cdm_quality.ui
from cdm_quality.domain import languages, texts

_log = logging.getLogger(__name__)
_started = threading.Lock()
_done = threading.Event()

SKIPPED = frozenset({"cdm_quality.ui.warmup", "cdm_quality.ui.pages"})
# Streamlit's own modules that it imports on first use of an icon, magic or components.
STREAMLIT_LAZY = (
    "streamlit.emojis",
    "streamlit.material_icon_names",
    "streamlit.runtime.scriptrunner.magic_funcs",
    "streamlit.components.v2.manifest_scanner",
)


def ui_modules() -> list[str]:
    """Every module of `cdm_quality.ui` that pages import (the page scripts themselves run,
    they are not imported)."""
    found = pkgutil.iter_modules(cdm_quality.ui.__path__, prefix="cdm_quality.ui.")
    return sorted(info.name for info in found if info.name not in SKIPPED)


def warm_up() -> None:
    """Import every page's modules and Streamlit's lazy ones, parse the text catalogues, and
    build one chart and one table the way Streamlit sends them (first use of altair's schema
    and of Arrow)."""
    for name in (*ui_modules(), *STREAMLIT_LAZY):
        importlib.import_module(name)
    for lang in languages.codes():
        texts.catalogue(lang)  # the interface texts, parsed once per process
    _first_chart_and_table()
    map_modules_to_files()


def map_modules_to_files() -> None:
    """Let `inspect` map every loaded module to its file now. The first element a process
    draws asks whether Streamlit runs in a REPL (`streamlit.env_util.is_repl`: an
    `inspect.stack()`), and inspect's first look at the stack resolves the real path of every
    module's file: some 20,000 file-system calls over the 2,300 modules loaded, 0.1 s of CPU
    and 0.7 s of wall time at load 10, inside the first person's sign-in. inspect keeps the
    map, so the first element then costs what any later one does."""
    inspect.stack()


def _first_chart_and_table() -> None:
    import altair as alt
    import pandas as pd
    from streamlit import dataframe_util

    frame = pd.DataFrame({"x": [1.0], "y": ["a"]})
    alt.Chart(frame).mark_bar().encode(x="x:Q", y="y:N").to_dict()
    dataframe_util.convert_anything_to_arrow_bytes(frame)


def warm_up_before_serving() -> None:
    """Run `warm_up` now, once per process (a server's start), then set what the process holds
    aside from garbage collections (`set_aside`); `app.py`'s call then returns."""
    if _started.acquire(blocking=False):
        _warm_up_logged()
        set_aside()


def set_aside() -> None:
    """Move every object the process holds now out of the garbage collector's reach
    (`gc.freeze`), after one last collection. Streamlit collects garbage after every run of a
    page (`runner.postScriptGC`), and a full collection walks every object: some 270,000 once
    pandas, altair, SQLAlchemy and the catalogues are loaded, about 150 ms of CPU per click on
    the 2-core development machine, whatever the click did. What exists after the warm-up lives
    as long as the process anyway; collections then walk only what came since (sessions, their
    pages), which they still free."""
    gc.collect()
    gc.freeze()


def warm_up_in_background() -> None:
    """Start `warm_up` in a thread, once per process; later calls return at once."""
    if _started.acquire(blocking=False):
        threading.Thread(target=_warm_up_logged, name="cdm-warm-up", daemon=True).start()


def _warm_up_logged() -> None:
    try:
        warm_up()
    except Exception:  # the pages will meet the same problem and tell the person
        _log.warning("warm-up failed; the first page views will do the work", exc_info=True)
    finally:
        _done.set()


def wait(timeout: float | None = None) -> bool:
    """Wait for the background warm-up (tests, benchmarks); True once it is over."""
    return _done.wait(timeout)
