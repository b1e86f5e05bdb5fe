"""Find SQL assembled from strings: calls such as `text(...)` or `.execute(...)` whose SQL
argument is an f-string with placeholders, a `%` or `+` on strings, a `.format(...)` call, or
a local variable assigned one of those in the same function."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SQL_METHODS = frozenset({"execute", "exec", "exec_driver_sql", "executescript", "executemany"})
SQL_CONSTRUCTS = frozenset({"text", "literal_column", "column", "table"})
SQL_MODULES = ("sqlalchemy", "sqlmodel")


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    source: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.source}"


def _sql_imports(tree: ast.Module) -> tuple[frozenset[str], frozenset[str]]:
    """Names bound to SQL constructs (`from sqlalchemy import text`) and module aliases."""
    constructs, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(SQL_MODULES):
            constructs.update(a.asname or a.name for a in node.names if a.name in SQL_CONSTRUCTS)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name.startswith(SQL_MODULES))
    return frozenset(constructs), frozenset(modules)


def _is_sql_call(call: ast.Call, constructs: frozenset[str], modules: frozenset[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in constructs
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in SQL_METHODS:
        return True
    owner = func.value
    return func.attr in SQL_CONSTRUCTS and isinstance(owner, ast.Name) and owner.id in modules


def _is_string(node: ast.AST) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(
        node, ast.JoinedStr
    )


def is_assembled(node: ast.AST, assembled_names: frozenset[str] = frozenset()) -> bool:
    """Whether an expression builds a string from parts at run time."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _is_string(node.left) or _is_string(node.right) or is_assembled(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _is_string(node.func.value)
    return isinstance(node, ast.Name) and node.id in assembled_names


def _assembled_names(scope: ast.AST) -> frozenset[str]:
    names = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and is_assembled(node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(names)


def scan_source(source: str, file: str) -> list[Finding]:
    """Every SQL call of `source` whose first argument is assembled from strings."""
    tree = ast.parse(source)
    constructs, modules = _sql_imports(tree)
    findings = []
    scopes = [tree] + [
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    seen: set[int] = set()
    for scope in scopes:
        names = _assembled_names(scope)
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call) or not _is_sql_call(node, constructs, modules):
                continue
            args = node.args[:1] + [k.value for k in node.keywords if k.arg in ("statement",)]
            if id(node) not in seen and any(is_assembled(a, names) for a in args):
                seen.add(id(node))
                segment = ast.get_source_segment(source, node.args[0]) or ""
                findings.append(Finding(file, node.lineno, segment))
    return findings


def scan_tree(root: Path, base: Path) -> list[Finding]:
    """Findings in every .py file under `root` (paths relative to `base`)."""
    findings = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(base).as_posix()
        findings += scan_source(path.read_text(encoding="utf-8"), relative)
    return findings
