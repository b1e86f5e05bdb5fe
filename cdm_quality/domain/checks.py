"""Cross-reference checks of a questionnaire, on the raw data so they run even when other
parts of the file are invalid: unique ids, scales, options, visible_if, empty sections,
thresholds, number bounds, phases of the labelling-file plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cdm_quality.domain.messages import Problem
from cdm_quality.domain.questionnaire import Questionnaire, SourceDocument
from cdm_quality.domain.yamltree import LineMap

Path = tuple[str | int, ...]
_SCALED = ("rating", "status_text", "table")
_CHOICES = ("single_choice", "multiple_choice")
_DOCUMENTS = ", ".join(d.value for d in SourceDocument if d is not SourceDocument.charte)


class _Checker:
    def __init__(self, data: dict[str, Any], lines: LineMap, filename: str) -> None:
        self.data, self.lines, self.filename = data, lines, filename
        self.problems: list[Problem] = []
        self.scales = {
            s.get("id"): s for _, s in _entries(data, ("scales",)) if isinstance(s.get("id"), str)
        }
        self.items: dict[str, tuple[Path, dict[str, Any]]] = {
            i["id"]: (p, i) for p, i in self.all_items() if isinstance(i.get("id"), str)
        }

    def add(self, code: str, path: Path, item: str | None = None, **params: Any) -> None:
        line = self.lines.line_of(path)
        self.problems.append(Problem(code, self.filename, line, item, params))

    def all_items(self) -> Iterator[tuple[Path, dict[str, Any]]]:
        for spath, section in _entries(self.data, ("sections",)):
            yield from _entries(section, ("items",), spath)

    def run(self) -> list[Problem]:
        self.unique_ids()
        self.thresholds(self.data.get("thresholds"), ("thresholds",))
        for spath, scale in _entries(self.data, ("scales",)):
            self.thresholds(scale.get("thresholds"), (*spath, "thresholds"))
            self.unique(_entries(scale, ("levels",), spath), "level of this scale")
        for spath, section in _entries(self.data, ("sections",)):
            if section.get("items") == [] or section.get("items") is None and "items" in section:
                self.add("empty_section", spath, section.get("id"), id=section.get("id"))
        for path, item in self.all_items():
            self.item(path, item)
        self.cycles()
        return self.problems

    def unique_ids(self) -> None:
        self.unique(_entries(self.data, ("scales",)), "scale")
        self.unique(_entries(self.data, ("sections",)), "section")
        self.unique(self.all_items(), "item")

    def unique(self, entries: Iterator[tuple[Path, dict[str, Any]]], what: str) -> None:
        first: dict[Any, int | None] = {}
        for path, entry in entries:
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            if ident in first:
                self.add(
                    "duplicate_id",
                    (*path, "id"),
                    ident,
                    id=ident,
                    first_line=first[ident],
                    what=what,
                )
            else:
                first[ident] = self.lines.line_of((*path, "id"))

    def thresholds(self, block: Any, path: Path) -> None:
        if not isinstance(block, dict):
            return
        strength, improvement = block.get("strength_min"), block.get("improvement_max")
        if (
            isinstance(strength, int | float)
            and isinstance(improvement, int | float)
            and _numbers(strength, improvement)
            and strength <= improvement
        ):
            self.add("thresholds_order", path, strength=strength, improvement=improvement)

    def item(self, path: Path, item: dict[str, Any]) -> None:
        ident, kind = item.get("id"), item.get("kind")
        if kind in _SCALED:
            self.item_scale(path, item)
        elif "scale" in item and kind is not None:
            self.add("misplaced_key", (*path, "scale"), ident, key="scale", kind=kind)
        if kind in _CHOICES:
            options = item.get("options")
            if not isinstance(options, list) or len(options) < 2:
                self.add("missing_options", path, ident, kind=kind)
            else:
                self.unique(_entries(item, ("options",), path), f"option of {ident}")
        if kind == "table":
            self.table_columns(path, item)
        if _numbers(item.get("min"), item.get("max")) and item["min"] > item["max"]:
            self.add("min_above_max", (*path, "min"), ident, min=item["min"], max=item["max"])
        self.phase_levels(path, item)
        self.visible_if(path, item)
        if "source" not in item:
            self.add("missing_source", path, ident, id=ident, documents=_DOCUMENTS)

    def table_columns(self, path: Path, item: dict[str, Any]) -> None:
        ident, columns = item.get("id"), list(_entries(item, ("columns",), path))
        if not columns:
            self.add("missing_columns", path, ident)
            return
        self.unique(iter(columns), f"column of {ident}")
        ids = {column.get("id") for _, column in columns}
        chart = item.get("chart")
        named = [chart.get(k) for k in ("by", "value", "series")] if isinstance(chart, dict) else []
        for column_id in (c for c in named if c is not None and c not in ids):
            known = ", ".join(map(str, ids))
            self.add("chart_unknown_column", (*path, "chart"), ident, column=column_id, known=known)
        for cpath, column in columns:
            options = column.get("options")
            if column.get("type") == "choice" and (
                not isinstance(options, list) or len(options) < 2
            ):
                self.add("choice_column_options", cpath, ident, column=column.get("id"))

    def item_scale(self, path: Path, item: dict[str, Any]) -> None:
        scale, known = item.get("scale"), ", ".join(map(str, self.scales)) or "(none defined)"
        if scale is None:
            self.add("missing_scale", path, item.get("id"), kind=item.get("kind"), known=known)
        elif scale not in self.scales:
            self.add("unknown_scale", (*path, "scale"), item.get("id"), scale=scale, known=known)

    def phase_levels(self, path: Path, item: dict[str, Any]) -> None:
        levels, phases = item.get("phase_levels"), item.get("phases")
        if isinstance(levels, dict) and isinstance(phases, list):
            if sorted(map(str, phases)) != sorted(map(str, levels)):
                self.add(
                    "phase_levels_mismatch",
                    (*path, "phases"),
                    item.get("id"),
                    phases=phases,
                    levels=list(levels),
                )

    def visible_if(self, path: Path, item: dict[str, Any]) -> None:
        cond = item.get("visible_if")
        if not isinstance(cond, dict) or not isinstance(cond.get("item"), str):
            return
        ident, target, cpath = item.get("id"), cond["item"], (*path, "visible_if")
        if target == ident:
            self.add("visible_if_self", cpath, ident)
            return
        if target not in self.items:
            self.add("visible_if_unknown_item", (*cpath, "item"), ident, target=target)
            return
        allowed = self.allowed_values(self.items[target][1])
        expected = [cond["equals"]] if "equals" in cond else cond.get("in") or []
        for value in expected if isinstance(expected, list) else [expected]:
            if allowed is not None and value not in allowed:
                self.add(
                    "visible_if_bad_value",
                    cpath,
                    ident,
                    value=value,
                    target=target,
                    allowed=", ".join(map(_show, allowed)) or "nothing",
                )

    def allowed_values(self, item: dict[str, Any]) -> list[Any] | None:
        kind = item.get("kind")
        if kind == "yes_no":
            return [True, False]
        if kind in _SCALED:
            scale = self.scales.get(item.get("scale"), {})
            ids = [lvl.get("id") for _, lvl in _entries(scale, ("levels",))]
            na = scale.get("not_applicable")
            return ids + ([na.get("id")] if isinstance(na, dict) else [])
        if kind in _CHOICES:
            return [opt.get("id") for _, opt in _entries(item, ("options",))]
        return None

    def cycles(self) -> None:
        depends: dict[str, str] = {
            ident: item["visible_if"]["item"]
            for ident, (_, item) in self.items.items()
            if isinstance(item.get("visible_if"), dict)
            and isinstance(item["visible_if"].get("item"), str)
            and item["visible_if"]["item"] != ident
        }
        reported: set[str] = set()
        for start in depends:
            chain, current = [start], depends[start]
            while current in depends and current not in chain:
                chain.append(current)
                current = depends[current]
            if current == start and start not in reported:
                reported.update(chain)
                path = self.items[start][0]
                self.add(
                    "visible_if_cycle",
                    (*path, "visible_if"),
                    start,
                    cycle=" → ".join([*chain, start]),
                )


def _entries(node: Any, key: tuple[str], base: Path = ()) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(path, mapping) for each mapping in the list under `key` of `node`."""
    values = node.get(key[0]) if isinstance(node, dict) else None
    if isinstance(values, list):
        for index, value in enumerate(values):
            if isinstance(value, dict):
                yield (*base, key[0], index), value


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _show(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def cross_checks(data: dict[str, Any], lines: LineMap, filename: str) -> list[Problem]:
    """Every cross-reference problem of the raw questionnaire data."""
    return _Checker(data, lines, filename).run()


def dossier_numbers(plan: Questionnaire) -> set[str]:
    """Every labelling-file number the plan defines, with the parts that hold them ("1.2.1"
    makes "1.2" and "1" known too)."""
    numbers = [s.dossier for s in plan.sections] + [i.dossier for i in plan.items()]
    known: set[str] = set()
    for number in filter(None, numbers):
        parts = number.split(".")
        known.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return known


def dossier_references(
    data: dict[str, Any], lines: LineMap, filename: str, known: set[str], plan_file: str
) -> list[Problem]:
    """A problem for each section or item whose `dossier:` names no item of the plan."""
    checker = _Checker(data, lines, filename)
    sections = _entries(data, ("sections",))
    for path, entry in [*sections, *checker.all_items()]:
        number = entry.get("dossier")
        if isinstance(number, str) and number not in known:
            close = _close_numbers(number, known)
            checker.add(
                "unknown_dossier_item",
                (*path, "dossier"),
                entry.get("id"),
                number=number,
                plan=plan_file,
                close=", ".join(close) or "see the plan",
            )
    return checker.problems


def _close_numbers(number: str, known: set[str]) -> list[str]:
    """The known numbers under the same part of the file (the parent, else the section)."""
    for prefix in (number.rsplit(".", 1)[0], number.split(".")[0]):
        close = [k for k in known if k.startswith(prefix + ".")]
        if close:
            return sorted(close, key=_number_key)
    return []


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())
