"""The catalogue of every message the questionnaire loader can give.

Each entry says *what* is wrong and *how to fix it*; `Problem` adds *where* (file, line,
item id). Tests assert against these entries, so a wording lives in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    what: str
    fix: str


CATALOGUE: dict[str, Entry] = {
    "file_unreadable": Entry("cannot read the file ({reason})", "check the path and permissions"),
    "not_regular_file": Entry(
        "this is {kind}, not a questionnaire file",
        "give the path of a .yaml file or of a directory holding them",
    ),
    "file_too_large": Entry(
        "the file is {size} bytes; a questionnaire may be at most {limit} bytes",
        "remove what does not belong in a questionnaire or split it into several files",
    ),
    "not_utf8": Entry("the file is not UTF-8 text ({reason})", "save it with the UTF-8 encoding"),
    "yaml_syntax": Entry("YAML syntax error: {problem}", "fix the indentation or quoting here"),
    "yaml_alias": Entry(
        "YAML aliases (*{name}) are not allowed in questionnaires",
        "write the repeated content out in full",
    ),
    "yaml_tag": Entry("the YAML tag {tag} is not allowed", "remove the tag; plain values only"),
    "too_deep": Entry(
        "the content is nested deeper than {limit} levels",
        "a questionnaire needs only questionnaire → sections → items → texts",
    ),
    "too_many_nodes": Entry(
        "the file holds more than {limit} values", "split it into smaller questionnaires"
    ),
    "not_a_mapping": Entry(
        "the file does not hold a questionnaire (found {found})",
        "start the file with keys such as id:, version:, title:, scales: and sections:",
    ),
    "duplicate_key": Entry(
        "the key '{key}' appears twice in the same block", "keep only one '{key}:' here"
    ),
    "unknown_key": Entry(
        "unknown key '{key}' in {where}", "remove it or correct its spelling (allowed: {allowed})"
    ),
    "missing_key": Entry("the required key '{key}' is missing in {where}", "add '{key}:' here"),
    "missing_translation": Entry(
        "the {lang} text of '{field}' is missing or empty",
        "give '{field}' its French text, and one per other language you write: {{fr: …, en: …}}",
    ),
    "unknown_kind": Entry("'{value}' is not an item kind", "use one of: {allowed}"),
    "unknown_phase": Entry(
        "'{value}' is not a label phase", "use projet, prefiguration or fonctionnement"
    ),
    "unknown_dossier_level": Entry(
        "'{value}' is not a labelling-file level", "use signaler, approfondir or actualiser"
    ),
    "invalid_value": Entry("invalid value for '{field}': {reason}", "correct the value"),
    "duplicate_id": Entry(
        "the id '{id}' is already used on line {first_line}", "give every {what} its own id"
    ),
    "unknown_scale": Entry(
        "the item uses the scale '{scale}', which is not defined",
        "define it under scales: or use one of: {known}",
    ),
    "missing_scale": Entry("a {kind} item needs a scale", "add 'scale:' with one of: {known}"),
    "missing_options": Entry(
        "a {kind} item needs at least two options", "add 'options:' with id and label for each"
    ),
    "missing_columns": Entry(
        "a table item needs at least one column",
        "add 'columns:' with id, label and type for each",
    ),
    "chart_unknown_column": Entry(
        "the chart names the column '{column}', which the table does not have",
        "name one of its columns: {known}",
    ),
    "choice_column_options": Entry(
        "the column '{column}' is a choice and needs at least two options",
        "add 'options:' with id and label for each, or change its type",
    ),
    "misplaced_key": Entry(
        "'{key}' has no meaning for a {kind} item", "remove '{key}' or change the kind"
    ),
    "visible_if_unknown_item": Entry(
        "visible_if refers to the item '{target}', which does not exist",
        "name an existing item id",
    ),
    "visible_if_self": Entry("visible_if makes the item depend on itself", "name another item"),
    "visible_if_bad_value": Entry(
        "visible_if expects {value!r} but the item '{target}' can only take: {allowed}",
        "use one of those values",
    ),
    "visible_if_cycle": Entry("visible_if conditions form a cycle: {cycle}", "break the cycle"),
    "empty_section": Entry("the section '{id}' has no items", "add items or remove the section"),
    "thresholds_order": Entry(
        "strength_min ({strength}) must be greater than improvement_max ({improvement})",
        "raise strength_min or lower improvement_max",
    ),
    "min_above_max": Entry("min ({min}) is greater than max ({max})", "swap or correct them"),
    "unknown_dossier_item": Entry(
        "the labelling-file item {number} does not exist in {plan}",
        "name an item of the labelling-file plan ({close})",
    ),
    "missing_source": Entry(
        "the item '{id}' does not say where it comes from",
        "add 'source: {{document: …, passage: {{fr: …, en: …}}}}' under it, document being "
        "charte or the number of a source document ({documents})",
    ),
    "phase_levels_mismatch": Entry(
        "phases {phases} do not match the phases of phase_levels {levels}",
        "list in 'phases' exactly the phases that have a level",
    ),
}


@dataclass(frozen=True)
class Problem:
    """One catalogue message located in a file."""

    code: str
    file: str
    line: int | None = None
    item: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def what(self) -> str:
        return CATALOGUE[self.code].what.format(**self.params)

    @property
    def fix(self) -> str:
        return CATALOGUE[self.code].fix.format(**self.params)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        item = f" [{self.item}]" if self.item else ""
        return f"{where}:{item} {self.what}. Fix: {self.fix}."


class QuestionnaireError(Exception):
    """A questionnaire file was refused; `problems` holds every catalogue message found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
