"""Helpers of the reliability tests: bench modules, a PostgreSQL URL or a skip, and the bounded
hypothesis settings."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from hypothesis import settings

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_ENV = "CDM_QUALITY_TEST_POSTGRES_URL"
DATABASE_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def bench_module(name: str) -> ModuleType:
    """`bench/<name>.py` imported as a module (bench/ is not a package)."""
    module_name = f"bench_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def postgres_url_or_skip() -> str:
    """The test server's URL; skips the test when the variable is not set."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.skip(f"{POSTGRES_ENV} not set")
    return url


EXPLORE = os.environ.get("CDM_QUALITY_HYPOTHESIS_EXPLORE", "") not in ("", "0")


def bounded(*, max_examples: int, **options: Any) -> settings:
    """Hypothesis settings for the suite: derandomized (the same examples on every run, so CI
    is reproducible), no example database, a deadline per example. With
    CDM_QUALITY_HYPOTHESIS_EXPLORE=1: random examples, ten times as many, no deadline."""
    from hypothesis import settings  # here: the writer processes import this module too

    if EXPLORE:
        return settings(max_examples=10 * max_examples, deadline=None, **options)
    return settings(
        max_examples=max_examples, derandomize=True, database=None, deadline=2000, **options
    )
