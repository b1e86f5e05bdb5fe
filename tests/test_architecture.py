"""Imports point downward only: ui → services → domain / storage / reports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "cdm_quality"

# layer -> what it must never import
FORBIDDEN = {
    "domain": (
        "streamlit",
        "sqlmodel",
        "sqlalchemy",
        "fpdf",
        "altair",
        "cdm_quality.storage",
        "cdm_quality.services",
        "cdm_quality.ui",
        "cdm_quality.reports",
    ),
    "storage": ("streamlit", "cdm_quality.services", "cdm_quality.ui", "cdm_quality.reports"),
    "reports": (
        "streamlit",
        "sqlmodel",
        "sqlalchemy",
        "cdm_quality.storage",
        "cdm_quality.services",
        "cdm_quality.ui",
    ),
    "services": ("streamlit", "cdm_quality.ui"),
    "ui": ("sqlmodel", "sqlalchemy", "cdm_quality.storage"),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


CASES = [(layer, path) for layer in FORBIDDEN for path in sorted((PACKAGE / layer).rglob("*.py"))]


@pytest.mark.parametrize(
    ("layer", "path"), CASES, ids=[str(p.relative_to(PACKAGE)) for _, p in CASES]
)
def test_module_imports_only_downward(layer: str, path: Path) -> None:
    bad = sorted(
        name
        for name in imports_of(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])
    )
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) imports {bad}"


def test_app_is_a_router_only() -> None:
    app = PACKAGE.parent / "app.py"
    if not app.exists():
        pytest.skip("app.py not written yet")
    names = imports_of(app)
    assert not any(
        n.startswith(("cdm_quality.storage", "cdm_quality.services", "sqlmodel")) for n in names
    )
