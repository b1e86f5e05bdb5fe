"""The app's server (`cdm_quality.ui.server:app`, as `make run` serves it) with the counters of
`bench/counters.py`, for `bench/browser.py`."""

from __future__ import annotations

from bench.counters import counted
from cdm_quality.ui.server import app as served

app = counted(served)
