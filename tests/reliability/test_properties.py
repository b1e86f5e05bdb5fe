"""Bad input, generated: the loader and answer validation give messages, never tracebacks.

- `load_text` on random text and on mutated real questionnaires (lines deleted, duplicated,
  swapped, characters changed, indentation changed) returns a Questionnaire (which freezes
  and thaws unchanged, as a campaign stores it) or raises QuestionnaireError whose problems
  are catalogue entries; never another exception.
- `validate_value` on any value for any item returns a value of the documented shape, or
  raises AnswerError; `save_answer` refuses the same values (and bad remarks / evidence) with
  InvalidValue and stores nothing.

Runs are bounded and derandomized (reproducible in CI); set CDM_QUALITY_HYPOTHESIS_EXPLORE=1
for a longer random search.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from cdm_quality.domain import answers as domain_answers
from cdm_quality.domain.loader import canonical_json, from_frozen, load_questionnaire, load_text
from cdm_quality.domain.messages import CATALOGUE, QuestionnaireError
from cdm_quality.domain.questionnaire import Item, ItemKind, Questionnaire
from cdm_quality.services.errors import InvalidValue
from cdm_quality.services.responses import save_answer
from cdm_quality.storage.tables import Answer, AnswerHistory
from tests.factories import FIXTURES, World, build_world, minimal
from tests.reliability.helpers import ROOT, bounded

pytestmark = pytest.mark.slow
QUESTIONNAIRE_FILES = sorted((ROOT / "questionnaires").glob("*.yaml")) + [FIXTURES / "minimal.yaml"]


# --- the loader ---------------------------------------------------------------------------


def assert_questionnaire_or_catalogue(text: str, filename: str) -> None:
    """The loader's contract: a usable Questionnaire, or catalogue problems only."""
    try:
        questionnaire = load_text(text, filename)
    except QuestionnaireError as error:
        assert error.problems, "an error without a problem"
        for problem in error.problems:
            assert problem.code in CATALOGUE
            assert problem.file == filename
            assert str(problem)  # every catalogue placeholder is filled
        return
    assert from_frozen(canonical_json(questionnaire)) == questionnaire


YAML_PIECES = st.sampled_from(
    [
        "\n", "  ", "- ", ": ", "{", "}", "[", "]", ",", "'", '"', "#", "&a ", "*a", "!!str ",
        "!!python/object:os.system ", "|", ">", "? ", "---\n", "...\n", "%YAML 1.1\n", "\t",
        "id", "version", "title", "fr", "en", "scales", "levels", "sections", "items", "kind",
        "rating", "yes_no", "scale", "value", "visible_if", "item", "equals", "phases",
        "projet", "required", "true", "null", "1e999", ".nan", "-.inf", "0x1F", "~", "é", "\x00",
    ]
)  # fmt: skip
YAMLISH = st.lists(YAML_PIECES | st.text(max_size=6), max_size=60).map("".join)


@bounded(max_examples=300)
@given(text=st.text(max_size=400) | YAMLISH)
def test_loader_on_random_text(text: str) -> None:
    assert_questionnaire_or_catalogue(text, "random.yaml")


@st.composite
def mutated_lines(draw: st.DrawFn, text: str) -> str:
    """`text` after 1 to 4 random line or character edits."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "char", "indent", "dedent"]))
        if edit == "delete" and len(lines) > 1:
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, lines[at])
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "char":
            lines[at] = _change_char(draw, lines[at])
        elif edit == "indent":
            lines[at] = " " * draw(st.integers(1, 4)) + lines[at]
        else:
            lines[at] = lines[at][draw(st.integers(1, 4)) :] if lines[at].startswith(" ") else ""
    return "".join(lines)


def _change_char(draw: st.DrawFn, line: str) -> str:
    at = draw(st.integers(0, max(0, len(line) - 1)))
    new = draw(YAML_PIECES | st.characters())
    return line[:at] + new + line[at + 1 :]


@cache
def _file_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", QUESTIONNAIRE_FILES, ids=lambda p: p.name)
def test_loader_on_mutated_real_files(path: Path) -> None:
    load_questionnaire(path)  # the file itself loads

    @bounded(max_examples=60)
    @given(text=mutated_lines(_file_text(path)))
    def mutated(text: str) -> None:
        assert_questionnaire_or_catalogue(text, path.name)

    mutated()


# --- answer values ------------------------------------------------------------------------


@cache
def questionnaires() -> dict[str, Questionnaire]:
    loaded = [load_questionnaire(p) for p in QUESTIONNAIRE_FILES]
    return {q.id: q for q in loaded}


def all_item_ids() -> list[tuple[str, str]]:
    """(questionnaire id, item id) of every item of the real grids and of minimal.yaml."""
    return [(q.id, item.id) for q in questionnaires().values() for item in q.items()]


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, 0.5, -1])
    | st.floats()
    | st.text(max_size=30)
    | st.text(st.characters(codec=None, categories=["Cs", "Cc", "Zs", "Ll"]), max_size=10)
    | st.binary(max_size=8)
    | st.dates()
    | st.datetimes()
    | st.sampled_from(["non_engage", "atteint", "na", "libre", "emploi", "2026-02-30"])
    | st.sampled_from(["x" * 20_001, "a\x00b", "2026-01-01\x00", "\ud800"])
)
ANY_VALUE = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.sampled_from(["status", "text", "other"]) | st.text(max_size=3), inner)
    ),
    max_leaves=8,
)


def assert_documented_shape(q: Questionnaire, item: Item, value: Any) -> None:
    """The stored shapes of `cdm_quality.domain.answers`, and JSON without NaN."""
    json.dumps(value, allow_nan=False)
    if value is None:
        return
    levels = q.scale(item.scale).level_ids() if item.scale else []
    options = [o.id for o in item.options or []]
    kind = item.kind
    if kind is ItemKind.rating:
        assert value in levels
    elif kind is ItemKind.yes_no:
        assert isinstance(value, bool)
    elif kind is ItemKind.single_choice:
        assert value in options
    elif kind is ItemKind.multiple_choice:
        assert set(value) <= set(options) and len(set(value)) == len(value)
    elif kind in (ItemKind.short_text, ItemKind.long_text):
        assert_clean_text(value, item.max_length)
    elif kind is ItemKind.number:
        assert_number(item, value)
    elif kind is ItemKind.date:
        assert isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    elif kind is ItemKind.entries:
        assert isinstance(value, list) and len(value) <= item.max_entries
        for entry in value:
            assert_clean_text(entry, item.max_length)
            assert entry.strip()
    else:
        assert set(value) == {"status", "text"} and value["status"] in levels
        assert_clean_text(value["text"], item.max_length)


def assert_clean_text(value: Any, max_length: int) -> None:
    assert isinstance(value, str) and len(value) <= max_length
    assert "\x00" not in value
    value.encode("utf-8")  # storable: no lone surrogate


def assert_number(item: Item, value: Any) -> None:
    assert isinstance(value, int | float) and not isinstance(value, bool)
    assert math.isfinite(value)
    assert isinstance(value, int) == item.integer
    assert item.min is None or value >= item.min
    assert item.max is None or value <= item.max


@bounded(max_examples=600)
@given(ids=st.sampled_from(all_item_ids()), value=ANY_VALUE)
def test_validate_value_gives_a_documented_shape_or_a_message(
    ids: tuple[str, str], value: Any
) -> None:
    q = questionnaires()[ids[0]]
    item = q.item(ids[1])
    try:
        cleaned = domain_answers.validate_value(q, item, value)
    except domain_answers.AnswerError as error:
        assert error.item_id == item.id and error.message
        return
    assert_documented_shape(q, item, cleaned)
    assert domain_answers.validate_value(q, item, cleaned) == cleaned  # stable once cleaned


REFUSED = [
    pytest.param("accueil.sans_rdv", "excellent", id="rating-outside-scale"),
    pytest.param("accueil.sans_rdv", 3, id="rating-as-number"),
    pytest.param("accueil.referent", "yes", id="yes-no-as-text"),
    pytest.param("accueil.mode", "distance", id="unknown-option"),
    pytest.param("accueil.poles", "emploi", id="multiple-not-a-list"),
    pytest.param("accueil.referent_nom", 42, id="text-as-number"),
    pytest.param("accueil.referent_nom", "x" * 5001, id="huge-text"),
    pytest.param("accueil.referent_nom", "Anne\x00Dupré", id="nul-byte"),
    pytest.param("accueil.referent_nom", "Anne \ud800", id="lone-surrogate"),
    pytest.param("chiffres.visites", -1, id="number-below-min"),
    pytest.param("chiffres.visites", 2.5, id="number-not-whole"),
    pytest.param("chiffres.visites", float("nan"), id="number-nan"),
    pytest.param("chiffres.visites", 10**400, id="number-huge"),
    pytest.param("chiffres.visites", True, id="number-as-bool"),
    pytest.param("chiffres.date", 20260101, id="date-as-number"),
    pytest.param("chiffres.date", ["2026-01-01"], id="date-as-list"),
    pytest.param("chiffres.date", "2026-02-30", id="date-impossible"),
    pytest.param("chiffres.forces", ["ok"] * 31, id="too-many-entries"),
    pytest.param("chiffres.dossier", {"status": "pret", "extra": 1}, id="status-extra-key"),
    pytest.param("chiffres.dossier", {"status": "fini", "text": ""}, id="status-outside-scale"),
]


@pytest.mark.parametrize(("item_id", "value"), REFUSED)
def test_validate_value_refuses_with_a_message(item_id: str, value: Any) -> None:
    q = minimal()
    with pytest.raises(domain_answers.AnswerError) as refused:
        domain_answers.validate_value(q, q.item(item_id), value)
    assert refused.value.code and item_id == refused.value.item_id


# --- the save service ---------------------------------------------------------------------


def stored_rows(session: Session) -> tuple[int, int]:
    answers = session.exec(select(func.count()).select_from(Answer)).one()
    history = session.exec(select(func.count()).select_from(AnswerHistory)).one()
    return answers, history


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.mark.parametrize(("item_id", "value"), REFUSED)
def test_save_answer_refuses_with_a_message_and_stores_nothing(
    session: Session, world: World, item_id: str, value: Any
) -> None:
    before = stored_rows(session)
    with pytest.raises(InvalidValue) as refused:
        save_answer(
            session, world.director, response_id=world.response.id, item_id=item_id, value=value
        )
    assert refused.value.item_id == item_id and refused.value.code
    assert stored_rows(session) == before


BAD_NOTES = [
    pytest.param("remark", "r" * (domain_answers.MAX_REMARK + 1), id="huge-remark"),
    pytest.param("remark", "a\x00b", id="nul-remark"),
    pytest.param("remark", "\udfff", id="surrogate-remark"),
    pytest.param("remark", 12, id="remark-not-text"),
    pytest.param("evidence", "e" * (domain_answers.MAX_EVIDENCE + 1), id="huge-evidence"),
    pytest.param("evidence", "a\x00b", id="nul-evidence"),
]


@pytest.mark.parametrize(("field", "text"), BAD_NOTES)
def test_save_answer_refuses_bad_notes_and_stores_nothing(
    session: Session, world: World, field: str, text: Any
) -> None:
    before = stored_rows(session)
    with pytest.raises(InvalidValue) as refused:
        save_answer(
            session,
            world.director,
            response_id=world.response.id,
            item_id="chiffres.bilan",  # takes a remark and evidence
            value="Une bonne année.",
            **{field: text},
        )
    assert refused.value.code
    assert stored_rows(session) == before


@bounded(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    item_id=st.sampled_from([item.id for item in minimal().items()]),
    value=ANY_VALUE,
    remark=st.none() | st.text(max_size=20) | st.sampled_from(["a\x00", "\ud800", "r" * 10_001]),
)
def test_save_answer_stores_exactly_what_validation_accepts(
    session: Session, world: World, item_id: str, value: Any, remark: str | None
) -> None:
    q = minimal()
    item = q.item(item_id)
    assume(item.applies_to(world.response.phase))
    try:
        expected = domain_answers.validate_value(q, item, value)
    except domain_answers.AnswerError:
        expected = InvalidValue
    before = stored_rows(session)
    call = {"response_id": world.response.id, "item_id": item.id, "value": value}
    try:
        saved = save_answer(session, world.director, remark=remark, **call)
    except InvalidValue as refused:
        assert refused.code
        assert stored_rows(session) == before
        return
    assert expected is not InvalidValue, "save_answer accepted a value validation refuses"
    stored = session.exec(
        select(Answer).where(Answer.response_id == world.response.id, Answer.item_id == item.id)
    ).one()
    session.refresh(stored)
    assert (stored.value, stored.version) == (expected, saved.version)
