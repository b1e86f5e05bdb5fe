"""Imports point downward only: ui, cli → (demo →) services → domain / storage / reports.

Every module of the package belongs to a layer, every import form is resolved to the module it
names (`import a.b`, `from a import b`, relative imports, `importlib.import_module("…")`), and
each layer may import only the layers below it and none of the libraries it must stay free of.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "cdm_quality"

# layer -> the package's layers it may import (its own included)
ALLOWED = {
    "settings": {"settings"},
    "domain": {"domain"},
    "storage": {"storage", "domain", "settings"},
    "reports": {"reports", "domain"},
    "services": {"services", "domain", "storage", "reports", "settings"},
    "demo": {"demo", "services", "domain", "storage", "reports", "settings"},
    "ui": {"ui", "services", "domain", "reports", "settings"},
    "cli": {"cli", "demo", "services", "domain", "storage", "settings"},
}
# layer -> libraries it must never import
FORBIDDEN_LIBRARIES = {
    "settings": ("streamlit", "sqlmodel", "sqlalchemy"),
    "domain": ("streamlit", "sqlmodel", "sqlalchemy", "fpdf", "altair", "alembic", "psycopg"),
    "storage": ("streamlit", "fpdf", "altair"),
    "reports": ("streamlit", "sqlmodel", "sqlalchemy"),
    "services": ("streamlit",),
    "demo": ("streamlit",),
    "ui": ("sqlmodel", "sqlalchemy", "alembic", "psycopg"),
    "cli": ("streamlit",),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """The layer of a module of the package; None for the root package; '?' when unknown."""
    parts = module.split(".")
    if parts[0] != "cdm_quality":
        return None
    if len(parts) == 1:
        return None
    head = parts[1]
    return head if head in ALLOWED else "?"


def _package_of(module: str, is_package: bool) -> list[str]:
    parts = module.split(".")
    return parts if is_package else parts[:-1]


def _from_prefix(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module a `from X import …` reads from, relative levels resolved."""
    if not node.level:
        return node.module or ""
    package = _package_of(module, is_package)
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _import_module_target(node: ast.Call) -> str | None:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def imports_of(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module the source imports, fully qualified (a `from a import b` gives a and a.b)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = _from_prefix(node, module, is_package)
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and (target := _import_module_target(node)):
            names.add(target)
    return {n for n in names if n}


def violations(source: str, module: str, *, is_package: bool = False) -> list[str]:
    layer = layer_of(module)
    assert layer and layer != "?", f"{module} belongs to no layer: add it to ALLOWED"
    bad = set()
    for name in imports_of(source, module, is_package=is_package):
        target = layer_of(name)
        if target == "?" or (target and target not in ALLOWED[layer]):
            bad.add(name)
        elif any(name == lib or name.startswith(lib + ".") for lib in FORBIDDEN_LIBRARIES[layer]):
            bad.add(name)
    return sorted(bad)


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py")


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_module_imports_only_downward(path: Path) -> None:
    module = module_name(path)
    bad = violations(
        path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
    )
    assert not bad, f"{module} ({layer_of(module)}) imports {bad}"


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("cdm_quality.ui.overview", "from cdm_quality import storage", "cdm_quality.storage"),
        ("cdm_quality.ui.overview", "from ..storage import tables", "cdm_quality.storage.tables"),
        ("cdm_quality.ui.pages.plan", "from ...storage.engine import x", "cdm_quality.storage"),
        ("cdm_quality.domain.scoring", "from cdm_quality import services", "cdm_quality.services"),
        ("cdm_quality.domain.scoring", "import cdm_quality.ui.text", "cdm_quality.ui.text"),
        ("cdm_quality.domain.scoring", "from . import sqlmodel_free", None),
        ("cdm_quality.reports.pdf", "import sqlalchemy.orm", "sqlalchemy.orm"),
        ("cdm_quality.cli", "from cdm_quality.ui import text", "cdm_quality.ui"),
        ("cdm_quality.settings", "from cdm_quality.storage import engine", "cdm_quality.storage"),
        (
            "cdm_quality.services.plan",
            "def f():\n    importlib.import_module('cdm_quality.ui.text')",
            "cdm_quality.ui.text",
        ),
        ("cdm_quality.services.plan", "from cdm_quality.reports import pdf", None),
        ("cdm_quality.ui.overview", "from cdm_quality.services import plan", None),
    ],
)
def test_every_import_form_is_resolved(module: str, source: str, expected: str | None) -> None:
    bad = violations(source, module)
    if expected is None:
        assert bad == []
    else:
        assert any(b.startswith(expected) for b in bad), bad


def test_a_module_outside_every_layer_is_refused() -> None:
    with pytest.raises(AssertionError, match="belongs to no layer"):
        violations("import os", "cdm_quality.helpers")


# app.py: a docstring, imports of streamlit and the ui package, and statements that only call
# st.navigation(...).run() (possibly inside a `with` of the ui): no definitions, no logic.
APP_STATEMENTS = (ast.Expr, ast.Import, ast.ImportFrom, ast.With)


def _calls(tree: ast.AST) -> set[str]:
    return {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}


def test_app_only_routes() -> None:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    assert all(isinstance(node, APP_STATEMENTS) for node in tree.body), [
        type(n).__name__ for n in tree.body if not isinstance(n, APP_STATEMENTS)
    ]
    imported = imports_of(ast.unparse(tree), "app")
    assert all(n == "streamlit" or n.startswith("cdm_quality.ui") for n in imported), imported
    calls = _calls(tree)
    assert "st.navigation" in calls
    streamlit_calls = {c for c in calls if c.startswith("st.")}
    assert streamlit_calls == {"st.navigation", "st.navigation(navigation.pages_for_session()).run"}


# Import cycles between the package's modules, function-level imports included: a cycle means
# two modules cannot be understood (or moved) apart. Each entry is a known cycle being undone
# (issue 19, item 4); remove it when the cycle is gone (the test says so).
KNOWN_CYCLES: set[frozenset[str]] = set()


def import_graph() -> dict[str, set[str]]:
    """Each module of the package -> the modules of the package it imports."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        module: {
            name
            for name in imports_of(
                path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
            )
            if name in paths and name != module
        }
        for module, path in paths.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The groups of modules that import one another, directly or not (strongly connected
    components of more than one module, Tarjan's algorithm without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = {stack.pop()}
                while node not in group:
                    group.add(stack.pop())
                if len(group) > 1:
                    found.append(frozenset(group))
    return found


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e2"}, "e2": {"e"}, "f": set()}
    assert sorted(sorted(c) for c in cycles(graph)) == [["a", "b", "c"], ["e", "e2"]]


def test_no_import_cycle() -> None:
    found = set(cycles(import_graph()))
    assert not found - KNOWN_CYCLES, [sorted(c) for c in found - KNOWN_CYCLES]
    assert not KNOWN_CYCLES - found, (
        f"cycle gone, remove it from KNOWN_CYCLES: {KNOWN_CYCLES - found}"
    )
