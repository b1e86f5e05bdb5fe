"""Load questionnaire files: read → parse → build → validate, every problem collected first.

Hostile input is refused early and cheaply: files over `MAX_BYTES`, YAML aliases (the
"billion laughs"), custom tags, nesting deeper than `MAX_DEPTH` and more than `MAX_NODES`
values are detected while streaming parser events, before any object is built.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cdm_quality.domain import checks, pydantic_errors
from cdm_quality.domain.messages import Problem, QuestionnaireError
from cdm_quality.domain.questionnaire import Questionnaire
from cdm_quality.domain.yamltree import LineMap, build_tree

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_NODES = 100_000
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


DOSSIER_ID = "dossier"  # the labelling-file plan, whose items other grids refer to


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load and validate one questionnaire file, or raise QuestionnaireError."""
    return _load_file(path).questionnaire


@dataclass(frozen=True)
class _Loaded:
    questionnaire: Questionnaire
    data: dict[str, Any]
    lines: LineMap
    filename: str


def _load_file(path: str | Path) -> _Loaded:
    name = str(path)
    try:
        data = _read_regular_file(path, name)
    except OSError as exc:
        raise QuestionnaireError(
            [Problem("file_unreadable", name, params={"reason": exc.strerror or str(exc)})]
        ) from None
    if len(data) > MAX_BYTES:
        size = Path(path).stat().st_size
        raise QuestionnaireError(
            [Problem("file_too_large", name, params={"size": size, "limit": MAX_BYTES})]
        )
    return _load_text(_decode(data, name), name)


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


def _read_regular_file(path: str | Path, name: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file. Opened without blocking and checked
    before reading, so that a named pipe or a device is refused instead of read for ever."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise QuestionnaireError([Problem("not_regular_file", name, params={"kind": kind})])
        os.set_blocking(fd, True)
        return fh.read(MAX_BYTES + 1)


def _decode(data: bytes, filename: str) -> str:
    if len(data) > MAX_BYTES:
        raise QuestionnaireError(
            [Problem("file_too_large", filename, params={"size": len(data), "limit": MAX_BYTES})]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QuestionnaireError(
            [Problem("not_utf8", filename, params={"reason": f"byte {exc.start}"})]
        ) from None


def load_text(text: str, filename: str = "<text>") -> Questionnaire:
    """Parse, build and validate a questionnaire given as YAML text."""
    return _load_text(text, filename).questionnaire


def _load_text(text: str, filename: str) -> _Loaded:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise QuestionnaireError(
            [Problem("file_too_large", filename, params={"size": len(text), "limit": MAX_BYTES})]
        )
    data, lines, problems = build_tree(text, filename, max_depth=MAX_DEPTH, max_nodes=MAX_NODES)
    if problems:
        raise QuestionnaireError(problems)
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        raise QuestionnaireError([Problem("not_a_mapping", filename, 1, params={"found": found})])
    return _Loaded(_validate(data, lines, filename), data, lines, filename)


def _validate(data: dict[str, Any], lines: LineMap, filename: str) -> Questionnaire:
    problems = checks.cross_checks(data, lines, filename)
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as exc:
        problems = pydantic_errors.to_problems(exc, data, lines, filename) + problems
        questionnaire = None
    if problems:
        raise QuestionnaireError(_sorted_unique(problems))
    assert questionnaire is not None
    return questionnaire


def _sorted_unique(problems: list[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for problem in problems:
        seen.setdefault(str(problem), problem)
    return sorted(seen.values(), key=lambda p: (p.line or 0, p.code))


def questionnaire_files(path: str | Path) -> list[Path]:
    """The YAML files of a directory (sorted), or the path itself when it is a file."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    return [path]


def load_directory(path: str | Path = "questionnaires") -> dict[str, Questionnaire]:
    """Every questionnaire of a directory by id; raises with the problems of all files
    (those of `load_files`)."""
    loaded, problems = load_files(questionnaire_files(path))
    if problems:
        raise QuestionnaireError(problems)
    return {q.id: q for q in loaded.values()}


def load_files(files: list[Path]) -> tuple[dict[Path, Questionnaire], list[Problem]]:
    """The files that load, and every problem found in them.

    When the labelling-file plan (`dossier`) is among them, every `dossier:` reference of the
    other grids must name one of its items (or a part of the file that holds some)."""
    loaded: dict[Path, _Loaded] = {}
    problems: list[Problem] = []
    for file in files:
        try:
            loaded[file] = _load_file(file)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
    crossed = _dossier_references(list(loaded.values()))
    problems += crossed
    failed = {problem.file for problem in crossed}
    return {f: x.questionnaire for f, x in loaded.items() if x.filename not in failed}, problems


def _dossier_references(loaded: list[_Loaded]) -> list[Problem]:
    plan = next((x for x in loaded if x.questionnaire.id == DOSSIER_ID), None)
    if plan is None:
        return []
    known = checks.dossier_numbers(plan.questionnaire)
    problems: list[Problem] = []
    for found in loaded:
        if found is not plan:
            problems += checks.dossier_references(
                found.data, found.lines, found.filename, known, Path(plan.filename).name
            )
    return problems


def canonical_json(questionnaire: Questionnaire) -> str:
    """The stable JSON form stored as a campaign's frozen copy."""
    dumped = questionnaire.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(dumped, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def questionnaire_hash(questionnaire: Questionnaire) -> str:
    return hashlib.sha256(canonical_json(questionnaire).encode("utf-8")).hexdigest()


def from_frozen(frozen_json: str) -> Questionnaire:
    """Rebuild a questionnaire from its frozen JSON copy."""
    return Questionnaire.model_validate_json(frozen_json)
