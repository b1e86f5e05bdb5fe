"""Build plain Python data from YAML parser events, with the line of every value.

Working on the event stream (never the recursive composer) keeps hostile input cheap:
aliases, custom tags, excessive depth and node counts are refused as they appear. Scalars
follow YAML 1.2's core schema (only true/false are booleans, so "No" stays a word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from cdm_quality.domain.messages import Problem

Path = tuple[str | int, ...]
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAG = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|map|seq)$")
_INT = re.compile(r"^[-+]?[0-9]{1,18}$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]{1,18}(\.[0-9]*)?)([eE][-+]?[0-9]{1,3})?$")
_NO_KEY = object()


class LineMap(dict[Path, int]):
    """Line (1-based) of each path in the document."""

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        """Line of the longest prefix of `loc` that exists in the document."""
        path = tuple(loc)
        while path:
            if path in self:
                return self[path]
            path = path[:-1]
        return self.get((), None)


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: Path
    key: Any = _NO_KEY
    keys: dict[Any, int] = field(default_factory=dict)


class _Limit(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def build_tree(
    text: str, filename: str, *, max_depth: int, max_nodes: int
) -> tuple[Any, LineMap, list[Problem]]:
    """Return (data, lines, problems); data is None when a problem stopped the build."""
    builder = _Builder(filename, max_depth, max_nodes)
    try:
        for event in yaml.parse(text, Loader=Loader):
            builder.feed(event)
    except _Limit as limit:
        return None, builder.lines, [limit.problem]
    except yaml.YAMLError as exc:
        return None, builder.lines, [_parser_problem(exc, filename, max_depth)]
    return builder.root, builder.lines, builder.problems


# libyaml (PyYAML's C parser) scans a whole run of flow or block openers before it emits their
# events and stops at its own nesting limit (1,000): that limit is our too_deep, not a syntax error.
_LIBYAML_DEPTH = "exceeded maximum nesting depth"


def _parser_problem(exc: yaml.YAMLError, filename: str, max_depth: int) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark else None
    if problem == _LIBYAML_DEPTH:
        return Problem("too_deep", filename, line, params={"limit": max_depth})
    return Problem("yaml_syntax", filename, line, params={"problem": problem})


class _Builder:
    def __init__(self, filename: str, max_depth: int, max_nodes: int) -> None:
        self.filename, self.max_depth, self.max_nodes = filename, max_depth, max_nodes
        self.lines = LineMap()
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.count = 0

    def _stop(self, code: str, line: int, **params: Any) -> None:
        raise _Limit(Problem(code, self.filename, line, params=params))

    def feed(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 1  # the parser always marks
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._stop("yaml_syntax", line, problem="several documents")
            return
        if not isinstance(event, yaml.NodeEvent | yaml.CollectionEndEvent):
            return
        if isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()
            return
        self._check(event, line)
        if isinstance(event, yaml.ScalarEvent):
            self._attach(_scalar(event), line)
        else:
            container: dict[Any, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            path = self._attach(container, line)
            self.stack.append(_Frame(container, path))

    def _check(self, event: yaml.NodeEvent, line: int) -> None:
        if isinstance(event, yaml.AliasEvent):
            self._stop("yaml_alias", line, name=event.anchor)
        tag = getattr(event, "tag", None)
        if tag and tag != "!" and not _STANDARD_TAG.match(tag):
            self._stop("yaml_tag", line, tag=tag)
        self.count += 1
        if self.count > self.max_nodes:
            self._stop("too_many_nodes", line, limit=self.max_nodes)
        if isinstance(event, yaml.CollectionStartEvent) and len(self.stack) >= self.max_depth:
            self._stop("too_deep", line, limit=self.max_depth)

    def _attach(self, value: Any, line: int) -> Path:
        if not self.stack:
            self.root = value
            self.lines[()] = line
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
            self.lines.setdefault(path, line)
            return path
        if frame.key is _NO_KEY:
            self._take_key(frame, value, line)
            return frame.path
        path = (*frame.path, frame.key)
        frame.container[frame.key] = value
        frame.key = _NO_KEY
        self.lines.setdefault(path, line)
        return path

    def _take_key(self, frame: _Frame, key: Any, line: int) -> None:
        if isinstance(key, dict | list):
            self._stop("yaml_syntax", line, problem="a key must be a plain word")
        if key in frame.keys:
            self.problems.append(Problem("duplicate_key", self.filename, line, params={"key": key}))
        frame.keys.setdefault(key, line)
        frame.key = key
        self.lines.setdefault((*frame.path, key), line)


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style or (event.tag and event.tag.endswith(":str")):
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value
