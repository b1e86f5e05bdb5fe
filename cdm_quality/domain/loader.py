"""Load questionnaire files: read → parse → build → validate, every problem collected first.

Hostile input is refused early and cheaply: files over `MAX_BYTES`, YAML aliases (the
"billion laughs"), custom tags, nesting deeper than `MAX_DEPTH` and more than `MAX_NODES`
values are detected while streaming parser events, before any object is built.
"""

from __future__ import annotations

import hashlib
import json
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


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load and validate one questionnaire file, or raise QuestionnaireError."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise QuestionnaireError(
            [Problem("file_unreadable", name, params={"reason": exc.strerror or str(exc)})]
        ) from None
    if len(data) > MAX_BYTES:
        size = Path(path).stat().st_size
        raise QuestionnaireError(
            [Problem("file_too_large", name, params={"size": size, "limit": MAX_BYTES})]
        )
    return load_bytes(data, name)


def load_bytes(data: bytes, filename: str) -> Questionnaire:
    if len(data) > MAX_BYTES:
        raise QuestionnaireError(
            [Problem("file_too_large", filename, params={"size": len(data), "limit": MAX_BYTES})]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QuestionnaireError(
            [Problem("not_utf8", filename, params={"reason": f"byte {exc.start}"})]
        ) from None
    return load_text(text, filename)


def load_text(text: str, filename: str = "<text>") -> Questionnaire:
    """Parse, build and validate a questionnaire given as YAML text."""
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
    return _validate(data, lines, filename)


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
    """Every questionnaire of a directory by id; raises with the problems of all files."""
    loaded: dict[str, Questionnaire] = {}
    problems: list[Problem] = []
    for file in questionnaire_files(path):
        try:
            questionnaire = load_questionnaire(file)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
            continue
        loaded[questionnaire.id] = questionnaire
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def canonical_json(questionnaire: Questionnaire) -> str:
    """The stable JSON form stored as a campaign's frozen copy."""
    dumped = questionnaire.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(dumped, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def questionnaire_hash(questionnaire: Questionnaire) -> str:
    return hashlib.sha256(canonical_json(questionnaire).encode("utf-8")).hexdigest()


def from_frozen(frozen_json: str) -> Questionnaire:
    """Rebuild a questionnaire from its frozen JSON copy."""
    return Questionnaire.model_validate_json(frozen_json)
