"""Turn pydantic validation errors into catalogue problems located by line and item."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from cdm_quality.domain import languages
from cdm_quality.domain.messages import Problem
from cdm_quality.domain.questionnaire import DossierLevel, ItemKind, Questionnaire
from cdm_quality.domain.yamltree import LineMap


def to_problems(
    exc: ValidationError, data: dict[str, Any], lines: LineMap, filename: str
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = _path_only(error["loc"])
        code, params = _classify(error, loc)
        problems.append(Problem(code, filename, lines.line_of(loc), item_id_at(data, loc), params))
    return problems


def _path_only(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop union-member tags pydantic inserts (e.g. 'str', 'function-after[...]')."""
    path: list[Any] = []
    for part in loc:
        if isinstance(part, str) and part.endswith("[key]"):
            continue
        if isinstance(part, str) and (part in _UNION_TAGS or "[" in part):
            continue
        path.append(part)
    return tuple(path)


_UNION_TAGS = {"str", "bool", "float", "int", "list", "none", "Text", "dict"}


def _classify(error: ErrorDetails, loc: tuple[Any, ...]) -> tuple[str, dict[str, Any]]:
    kind, last = error["type"], (loc[-1] if loc else "")
    field = _field_name(loc)
    if kind == "extra_forbidden":
        return "unknown_key", {
            "key": last,
            "where": _where(loc[:-1]),
            "allowed": _allowed(loc[:-1]),
        }
    if kind == "unknown_language":
        context = error.get("ctx") or {}
        return "unknown_key", {
            "key": context.get("key", last),
            "where": _where(loc),
            "allowed": ", ".join(languages.codes()),
        }
    if last in languages.codes() and kind in ("missing", "string_too_short", "string_type"):
        return "missing_translation", {"lang": last, "field": _field_name(loc[:-1])}
    if kind == "missing":
        return "missing_key", {"key": last, "where": _where(loc[:-1])}
    if kind == "enum":
        return _enum_problem(error, loc)
    return "invalid_value", {"field": field, "reason": error["msg"]}


def _enum_problem(error: ErrorDetails, loc: tuple[Any, ...]) -> tuple[str, dict[str, Any]]:
    value = error.get("input")
    if "kind" in loc:
        return "unknown_kind", {"value": value, "allowed": ", ".join(k.value for k in ItemKind)}
    if value not in ("projet", "prefiguration", "fonctionnement") and (
        "phases" in loc or isinstance(value, str) and error["msg"].find("projet") >= 0
    ):
        return "unknown_phase", {"value": value}
    if "phase_levels" in loc and value not in {lvl.value for lvl in DossierLevel}:
        return "unknown_dossier_level", {"value": value}
    return "invalid_value", {"field": _field_name(loc), "reason": error["msg"]}


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "questionnaire"


def _where(loc: tuple[Any, ...]) -> str:
    if not loc:
        return "the questionnaire"
    names = [str(p) for p in loc if isinstance(p, str)]
    return f"'{names[-1]}'" if names else "this entry"


def item_id_at(data: Any, loc: tuple[Any, ...]) -> str | None:
    """The id of the innermost item, section or scale the location points into."""
    found, node = None, data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str) and isinstance(part, int):
            found = node["id"]
    return found


def _allowed(loc: tuple[Any, ...]) -> str:
    model = _model_at(Questionnaire, loc)
    if model is None:
        return "see the format in README"
    return ", ".join(f.alias or name for name, f in model.model_fields.items())


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = _field_by_name(current, str(part))
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_by_name(model: type[BaseModel], name: str) -> Any:
    for field_name, field in model.model_fields.items():
        if name in (field_name, field.alias):
            return field
    return None


def _unwrap(annotation: Any) -> Any:
    """Model type inside Optional[...] / list[...]."""
    for _ in range(4):
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
        else:
            break
    return annotation
