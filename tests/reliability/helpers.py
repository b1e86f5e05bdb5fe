"""Helpers of the reliability tests: the bench modules, and a PostgreSQL URL or a skip."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

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
