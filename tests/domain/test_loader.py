"""The loader: a corpus of broken questionnaires, one per check, each with its catalogue message."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from cdm_quality.domain.loader import (
    MAX_BYTES,
    from_frozen,
    load_directory,
    load_questionnaire,
    load_text,
    questionnaire_hash,
)
from cdm_quality.domain.messages import CATALOGUE, QuestionnaireError

FIXTURES = Path(__file__).parent.parent / "fixtures"
REPO = Path(__file__).parents[2]

HEAD = """\
id: t
version: "1"
title: {fr: Test, en: Test}
scales:
  - id: s
    label: {fr: Échelle, en: Scale}
    levels:
      - {id: bas, label: {fr: Bas, en: Low}, value: 0}
      - {id: haut, label: {fr: Haut, en: High}, value: 1}
    not_applicable: {id: na, label: {fr: Sans objet, en: N/A}}
sections:
  - id: sec
    title: {fr: Section, en: Section}
    items:
      - id: a
        kind: rating
        source: {document: charte, passage: {fr: Passage, en: Passage}}
        scale: s
        text: {fr: Question A, en: Question A}
"""  # line 19 is the last line; items added below start on line 20
SOURCE = "source: {document: '002', passage: {fr: P, en: P}}"


def sourced(text: str) -> str:
    """`text` with a source given to every one-line item, so that each case of the corpus
    shows only the problem it is about."""
    return re.sub(r"(\{id: [^{}]*?kind: \w+)", r"\1, " + SOURCE, text)


def problems_of(text: str) -> list:
    with pytest.raises(QuestionnaireError) as caught:
        load_text(sourced(text), "broken.yaml")
    return caught.value.problems


def only(text: str):
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_head_is_valid() -> None:
    assert load_text(HEAD).item("a").scale == "s"


# (name, extra text appended to HEAD, expected code, expected line, expected item id)
CORPUS = [
    ("unknown key", "        colour: red\n", "unknown_key", 20, "a"),
    (
        "item without a source",
        "      - id: b\n        kind: yes_no\n        text: {fr: B, en: B}\n",
        "missing_source",
        20,
        "b",
    ),
    (
        "duplicate item id",
        "      - {id: a, kind: yes_no, text: {fr: B, en: B}}\n",
        "duplicate_id",
        20,
        "a",
    ),
    (
        "unknown scale",
        "      - {id: b, kind: rating, scale: nope, text: {fr: B, en: B}}\n",
        "unknown_scale",
        20,
        "b",
    ),
    (
        "missing scale",
        "      - {id: b, kind: rating, text: {fr: B, en: B}}\n",
        "missing_scale",
        20,
        "b",
    ),
    (
        "visible_if unknown item",
        "      - {id: b, kind: yes_no, visible_if: {item: zz}, text: {fr: B, en: B}}\n",
        "visible_if_unknown_item",
        20,
        "b",
    ),
    (
        "visible_if impossible value",
        "      - {id: b, kind: yes_no, visible_if: {item: a, equals: mi}, text: {fr: B, en: B}}\n",
        "visible_if_bad_value",
        20,
        "b",
    ),
    (
        "visible_if on itself",
        "      - {id: b, kind: yes_no, visible_if: {item: b}, text: {fr: B, en: B}}\n",
        "visible_if_self",
        20,
        "b",
    ),
    (
        "missing French",
        "      - {id: b, kind: yes_no, text: {en: B}}\n",
        "missing_translation",
        20,
        "b",
    ),
    (
        "a language the product lacks",
        "      - {id: b, kind: yes_no, text: {fr: B, xx: B}}\n",
        "unknown_key",
        20,
        "b",
    ),
    (
        "empty French",
        "      - {id: b, kind: yes_no, text: {fr: '', en: B}}\n",
        "missing_translation",
        20,
        "b",
    ),
    (
        "empty section",
        "  - id: vide\n    title: {fr: Vide, en: Empty}\n    items: []\n",
        "empty_section",
        20,
        "vide",
    ),
    (
        "phase outside the three",
        "      - {id: b, kind: yes_no, phases: [ouverture], text: {fr: B, en: B}}\n",
        "unknown_phase",
        20,
        "b",
    ),
    (
        "unknown kind",
        "      - {id: b, kind: slider, text: {fr: B, en: B}}\n",
        "unknown_kind",
        20,
        "b",
    ),
    (
        "choice without options",
        "      - {id: b, kind: single_choice, text: {fr: B, en: B}}\n",
        "missing_options",
        20,
        "b",
    ),
    (
        "min above max",
        "      - {id: b, kind: number, min: 5, max: 1, text: {fr: B, en: B}}\n",
        "min_above_max",
        20,
        "b",
    ),
    ("missing text", "      - {id: b, kind: yes_no}\n", "missing_key", 20, "b"),
    ("duplicate key", "        scale: s\n", "duplicate_key", 20, None),
    ("YAML syntax", "      - {id: b, kind: [yes_no\n", "yaml_syntax", 21, None),
    (
        "alias",
        "      - &x {id: b, kind: yes_no, text: {fr: B, en: B}}\n      - *x\n",
        "yaml_alias",
        21,
        None,
    ),
    ("custom tag", "      - !!python/object {id: b}\n", "yaml_tag", 20, None),
    (
        "bad dossier level",
        "      - {id: b, kind: yes_no, phases: [projet], phase_levels: {projet: tout},"
        " text: {fr: B, en: B}}\n",
        "unknown_dossier_level",
        20,
        "b",
    ),
    (
        "phases differ from phase levels",
        "      - {id: b, kind: yes_no, phases: [projet], phase_levels: {fonctionnement: signaler},"
        " text: {fr: B, en: B}}\n",
        "phase_levels_mismatch",
        20,
        "b",
    ),
    (
        "table without columns",
        "      - {id: b, kind: table, scale: s, text: {fr: B, en: B}}\n",
        "missing_columns",
        20,
        "b",
    ),
    (
        "choice column without options",
        "      - {id: b, kind: table, scale: s, text: {fr: B, en: B}, columns: [{id: c, label:"
        " {fr: C, en: C}, type: choice}]}\n",
        "choice_column_options",
        20,
        "b",
    ),
    (
        "chart of an unknown column",
        "      - {id: b, kind: table, scale: s, text: {fr: B, en: B}, columns: [{id: c, label:"
        " {fr: C, en: C}}], chart: {by: d, title: {fr: T, en: T}}}\n",
        "chart_unknown_column",
        20,
        "b",
    ),
]


@pytest.mark.parametrize(
    ("extra", "code", "line", "item"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_broken_file_gives_its_catalogue_message(extra, code, line, item) -> None:
    problem = only(HEAD + extra)
    assert (problem.code, problem.line, problem.item) == (code, line, item)
    message = str(problem)
    assert message.startswith(f"broken.yaml:{line}:")
    assert problem.what in message and problem.fix in message and "Fix:" in message


def test_an_item_without_source_is_refused_saying_how_to_give_one() -> None:
    problem = only(HEAD + "      - id: b\n        kind: yes_no\n        text: {fr: B, en: B}\n")
    assert str(problem) == (
        "broken.yaml:20: [b] the item 'b' does not say where it comes from. Fix: add 'source: "
        "{document: …, passage: {fr: …, en: …}}' under it, document being charte or the "
        "number of a source document (000, 001, 002, 003, 004)."
    )


def test_every_catalogue_entry_is_exercised_or_listed() -> None:
    exercised = {c[2] for c in CORPUS}
    elsewhere = {
        "file_unreadable",
        "file_too_large",
        "not_regular_file",  # tests/test_cli_validate.py: a named pipe, /dev/zero
        "not_utf8",
        "too_deep",
        "too_many_nodes",
        "not_a_mapping",
        "invalid_value",
        "misplaced_key",
        "visible_if_cycle",
        "thresholds_order",
        "missing_translation",
        "unknown_dossier_item",  # across files: test_dangling_labelling_file_reference
    }
    assert set(CATALOGUE) <= exercised | elsewhere


PLAN = """\
id: dossier
version: "1"
title: {fr: Plan, en: Plan}
sections:
  - id: contexte
    dossier: "1"
    title: {fr: Contexte, en: Context}
    items:
      - {id: porteur, dossier: "1.1", kind: long_text, text: {fr: Porteur, en: Holder}}
      - {id: economie, dossier: "1.2.1", kind: long_text, text: {fr: Économie, en: Economy}}
      - {id: social, dossier: "1.2.2", kind: long_text, text: {fr: Social, en: Social}}
"""


def test_dangling_labelling_file_reference(tmp_path: Path) -> None:
    (tmp_path / "dossier.yaml").write_text(sourced(PLAN))
    grid = HEAD.replace("scale: s\n", 'scale: s\n        dossier: "1.2"\n') + (
        '      - {id: b, kind: yes_no, dossier: "1.3", text: {fr: B, en: B}}\n'
    )
    (tmp_path / "grid.yaml").write_text(sourced(grid))
    with pytest.raises(QuestionnaireError) as caught:
        load_directory(tmp_path)
    [problem] = caught.value.problems  # "1.2" holds 1.2.1 and 1.2.2: a known part
    assert (problem.code, problem.line, problem.item) == ("unknown_dossier_item", 21, "b")
    assert str(problem) == (
        f"{tmp_path / 'grid.yaml'}:21: [b] the labelling-file item 1.3 does not exist in "
        "dossier.yaml. Fix: name an item of the labelling-file plan (1.1, 1.2, 1.2.1, 1.2.2)."
    )


def test_a_grid_alone_is_not_checked_against_a_plan(tmp_path: Path) -> None:
    (tmp_path / "grid.yaml").write_text(
        HEAD.replace("scale: s\n", 'scale: s\n        dossier: "8.9"\n')
    )
    assert set(load_directory(tmp_path)) == {"t"}


def test_every_problem_is_reported_at_once() -> None:
    extra = (
        "      - {id: a, kind: yes_no, text: {fr: B, en: B}}\n"
        "      - {id: c, kind: rating, scale: nope, text: {en: C}}\n"
        "      - {id: d, kind: yes_no, visible_if: {item: zz}, text: {fr: D, en: D}}\n"
    )
    codes = sorted(p.code for p in problems_of(HEAD + extra))
    assert codes == sorted(
        ["duplicate_id", "unknown_scale", "missing_translation", "visible_if_unknown_item"]
    )


def test_unknown_key_lists_the_allowed_keys() -> None:
    problem = only(HEAD + "        colour: red\n")
    assert "visible_if" in problem.fix and "colour" in problem.what


def test_visible_if_cycle() -> None:
    extra = (
        "      - {id: b, kind: yes_no, visible_if: {item: c}, text: {fr: B, en: B}}\n"
        "      - {id: c, kind: yes_no, visible_if: {item: b}, text: {fr: C, en: C}}\n"
    )
    assert only(HEAD + extra).code == "visible_if_cycle"


def test_thresholds_in_wrong_order() -> None:
    text = HEAD.replace(
        "sections:", "thresholds: {strength_min: 0.2, improvement_max: 0.5}\nsections:"
    )
    assert only(text).code == "thresholds_order"


def test_a_word_like_no_stays_text() -> None:
    text = HEAD.replace("en: Question A", "en: No")
    assert load_text(text).item("a").text.en == "No"


def test_unquoted_version_number_is_a_version() -> None:
    assert load_text(HEAD.replace('version: "1"', "version: 2026.1")).version == "2026.1"


def test_not_a_mapping() -> None:
    assert only("- a\n- b\n").code == "not_a_mapping"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEAD.replace("Échelle", "\xc9chelle").encode("latin-1"))
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert caught.value.problems[0].code == "not_utf8"


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(tmp_path / "missing.yaml")
    assert caught.value.problems[0].code == "file_unreadable"


# Hostile files are refused quickly and never hang.
def test_alias_bomb_is_refused_quickly() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    started = time.perf_counter()
    assert only(bomb).code == "yaml_alias"
    assert time.perf_counter() - started < 1


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    problem = caught.value.problems[0]
    assert problem.code == "file_too_large" and problem.params["size"] == 50 * 1024 * 1024
    assert MAX_BYTES < 50 * 1024 * 1024


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000 + "\n",  # flow: libyaml stops at its own limit first
        "a: " + "[" * 40 + "]" * 40 + "\n",  # flow, under libyaml's limit
        "a:\n" + "".join(" " * i + "- \n" for i in range(1200)),  # block, past libyaml's limit
    ],
    ids=["flow-5000", "flow-40", "block-1200"],
)
def test_deep_nesting_is_refused(text: str) -> None:
    problem = only(text)
    assert (problem.code, problem.params["limit"]) == ("too_deep", 12)


def test_too_many_values_is_refused() -> None:
    text = "a: [" + ",".join("1" for _ in range(150_000)) + "]\n"
    assert len(text) < MAX_BYTES * 2
    problems = problems_of(text)
    assert problems[0].code in ("too_many_nodes", "file_too_large")


def test_huge_integer_does_not_crash() -> None:
    text = HEAD + "      - {id: b, kind: number, min: " + "9" * 5000 + ", text: {fr: B, en: B}}\n"
    assert only(text).code == "invalid_value"


def test_fixture_with_every_kind_loads() -> None:
    q = load_questionnaire(FIXTURES / "minimal.yaml")
    assert {i.kind.value for i in q.items()} == {
        "table",
        "rating",
        "yes_no",
        "single_choice",
        "multiple_choice",
        "short_text",
        "long_text",
        "number",
        "date",
        "list",
        "status_text",
    }


def test_frozen_copy_round_trips_with_same_hash() -> None:
    q = load_questionnaire(FIXTURES / "minimal.yaml")
    from cdm_quality.domain.loader import canonical_json

    again = from_frozen(canonical_json(q))
    assert again == q and questionnaire_hash(again) == questionnaire_hash(q)


@pytest.mark.parametrize("name", ["charte", "qualite", "dossier", "cdm21"])
def test_shipped_questionnaires_load(name: str) -> None:
    q = load_questionnaire(REPO / "questionnaires" / f"{name}.yaml")
    assert q.id == name


def test_shipped_directory_loads_all_four() -> None:
    assert set(load_directory(REPO / "questionnaires")) == {"charte", "qualite", "dossier", "cdm21"}


def test_charter_and_quality_sizes() -> None:
    qs = load_directory(REPO / "questionnaires")
    charte, qualite = qs["charte"], qs["qualite"]
    assert len(charte.items()) >= 25 and len(charte.sections) >= 6
    assert any(s.not_applicable for s in charte.scales)
    assert len(qualite.items()) >= 35
    assert {"7.1", "7.2", "7.3", "7.4"} <= {i.dossier for i in qualite.items()}
    assert sum(1 for i in qualite.items() if i.dossier == "4.4") >= 5
