"""Follow-up table and exports against the hand-computed network (`tests/network.py`)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from sqlmodel import Session

from cdm_quality.domain import formats
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import exports
from cdm_quality.services.network.follow_up import FollowUpState, countries, follow_up
from cdm_quality.services.responses import progress
from tests.databases import seeded
from tests.network import ANSWERS_2025, ANSWERS_2026, Network, build_network

pytestmark = pytest.mark.also_postgres(
    "follow-up counts in SQL, with each dialect's JSON functions"
)


@pytest.fixture
def net(session: Session) -> Network:
    return seeded(session, build_network)


def short(name: str) -> str:
    return name.removeprefix("Cité des métiers ")


def test_follow_up_lists_every_cite_with_state_and_progress(session: Session, net: Network) -> None:
    found = follow_up(session, net.authority, campaign_id=net.new.id)
    table = {
        short(r.cite): (r.state, r.answered, r.visible, r.required_answered, r.required_total)
        for r in found.rows
    }
    S, D = FollowUpState.submitted, FollowUpState.draft
    assert table == {
        # Namur's text is blank (not an answer); b.si shows because b.oui is yes
        "Namur": (S, 5, 6, 1, 1),
        # Porto: b.plus not asked in préfiguration, b.si hidden (b.oui no) though stored
        "Porto": (S, 3, 4, 1, 1),
        "Lyon": (S, 3, 5, 1, 1),
        "Geneve": (S, 6, 6, 1, 1),
        "Turin": (D, 3, 4, 1, 1),
        # not started: 0 of what its phase asks (b.si hidden while b.oui is unanswered)
        "Charleroi": (FollowUpState.not_started, 0, 4, 0, 1),
    }
    assert [short(r.cite) for r in found.rows][:2] == ["Charleroi", "Geneve"]  # by name
    assert found.count(S) == 4 and found.year == 2026


def test_follow_up_progress_equals_the_response_service(session: Session, net: Network) -> None:
    for row in follow_up(session, net.authority, campaign_id=net.new.id).rows:
        if row.response_id is None:
            assert row.ratio == 0 and row.last_saved_at is None
            continue
        expected = progress(session, net.authority, response_id=row.response_id)
        assert (row.answered, row.visible) == (expected.answered, expected.visible)
        assert row.ratio == expected.ratio == expected.answered / expected.visible
        assert row.last_saved_at is not None
        assert (row.submitted_at is None) == (row.state is FollowUpState.draft)


def test_follow_up_filters_by_current_phase_country_and_questionnaire(
    session: Session, net: Network
) -> None:
    def names(**kw: object) -> set[str]:
        found = follow_up(session, net.authority, campaign_id=net.new.id, **kw)
        return {short(r.cite) for r in found.rows}

    assert names(phase=Phase.projet) == {"Turin", "Charleroi"}
    assert names(country="Belgique") == {"Namur", "Charleroi"}
    assert names(country="Belgique", phase=Phase.fonctionnement) == {"Namur"}
    assert names(questionnaire_id="nothing") == set()


def test_a_director_follows_only_their_own_cite(session: Session, net: Network) -> None:
    found = follow_up(session, net.directors["Lyon"], campaign_id=net.new.id)
    assert [short(r.cite) for r in found.rows] == ["Lyon"]
    assert countries(session, net.directors["Lyon"]) == ["France"]
    assert countries(session, net.authority) == [
        "Belgique",
        "France",
        "Italie",
        "Portugal",
        "Suisse",
    ]


# --- exports ------------------------------------------------------------------------------


def read_csv(data: bytes, columns: tuple[str, ...], lang: str = "fr") -> list[dict[str, str]]:
    """The rows of a downloaded CSV file by column, after checking its header is in words."""
    text = data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=formats.csv_delimiter(lang)))
    assert lines[0] == exports.headers(columns, lang)
    return [dict(zip(columns, line, strict=True)) for line in lines[1:]]


def answers(session: Session, net: Network, lang: str = "fr") -> list[dict[str, str]]:
    table = exports.answers_table(session, net.authority, campaign_id=net.new.id, lang=lang)
    return read_csv(exports.csv_bytes(table, lang), exports.ANSWER_COLUMNS, lang)


def test_answers_in_long_form_one_row_per_answer(session: Session, net: Network) -> None:
    rows = answers(session, net)
    assert len(rows) == sum(len(v) for v in ANSWERS_2026.values())
    namur = {r["item_id"]: r for r in rows if short(r["cite"]) == "Namur"}
    assert namur["a.deux"]["value"] == "Moyen" and namur["b.oui"]["value"] == "Oui"
    row = namur["a.deux"]
    assert (row["campaign_year"], row["questionnaire"], row["questionnaire_version"]) == (
        "2026",
        "Mini-grille",
        "3",
    )
    assert (row["section_id"], row["phase"], row["state"]) == ("a", "Fonctionnement", "Envoyé")
    assert namur["b.texte"]["value"] == ""  # blank: no answer
    everything = exports.answers_table(session, net.authority)
    assert len(list(everything.rows)) == len(rows) + sum(len(v) for v in ANSWERS_2025.values())


def test_answers_read_in_the_readers_language(session: Session, net: Network) -> None:
    """Headers, phases, states and levels in English, with English spreadsheets' comma."""
    rows = answers(session, net, "en")
    porto = {r["item_id"]: r for r in rows if short(r["cite"]) == "Porto"}
    assert (porto["a.deux"]["value"], porto["b.oui"]["value"]) == ("Not applicable", "No")
    assert (porto["a.un"]["phase"], porto["a.un"]["state"]) == ("Pilot", "Submitted")
    assert porto["a.un"]["questionnaire"] == "Tiny grid"


def test_answers_export_filters_and_access(session: Session, net: Network) -> None:
    mine = exports.answers_table(session, net.directors["Porto"])
    assert {short(r[3]) for r in mine.rows} == {"Porto"}
    belgian = exports.answers_table(
        session, net.authority, campaign_id=net.new.id, country="Belgique"
    )
    assert {short(r[3]) for r in belgian.rows} == {"Namur"}
    projet = exports.answers_table(
        session, net.authority, questionnaire_id="tiny", phase=Phase.projet
    )
    assert {short(r[3]) for r in projet.rows} == {"Turin"}


def test_a_formula_is_never_run_by_a_spreadsheet(session: Session, net: Network) -> None:
    rows = answers(session, net)
    text = next(r for r in rows if r["item_id"] == "b.texte" and short(r["cite"]) == "Geneve")
    assert text["value"] == "'=1+1 pas une formule"
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            exports.xlsx_bytes(
                {"answers": exports.answers_table(session, net.authority, campaign_id=net.new.id)}
            )
        )
    )
    value = exports.ANSWER_COLUMNS.index("value")
    cells = [row[value] for row in workbook["answers"].iter_rows(min_row=2)]
    formula = next(c for c in cells if c.value == "=1+1 pas une formule")
    assert formula.data_type == "s"


def test_follow_up_exports_as_csv_and_xlsx(session: Session, net: Network) -> None:
    table = exports.follow_up_table(follow_up(session, net.authority, campaign_id=net.new.id))
    rows = read_csv(exports.csv_bytes(table), exports.FOLLOW_UP_COLUMNS)
    porto = next(r for r in rows if short(r["cite"]) == "Porto")
    # Porto answered its one required question, but 3 of the 4 asked: 75 %, not 100 %
    assert (porto["state"], porto["progress_percent"], porto["answered"], porto["visible"]) == (
        "Envoyé",
        "75",
        "3",
        "4",
    )
    charleroi = next(r for r in rows if short(r["cite"]) == "Charleroi")
    assert (charleroi["state"], charleroi["phase"], charleroi["visible"]) == (
        "Non commencé",
        "Projet",
        "4",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes({"follow-up": table})))
    sheet = workbook["follow-up"]
    assert sheet.max_row == len(rows) + 1
    assert [c.value for c in sheet[1]] == exports.headers(exports.FOLLOW_UP_COLUMNS, "fr")
    version = exports.FOLLOW_UP_COLUMNS.index("questionnaire_version") + 1
    assert {sheet.cell(row, version).value for row in range(2, sheet.max_row + 1)} == {3}


def test_xlsx_continues_on_a_new_sheet_past_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    table = exports.Table(("n",), ((i,) for i in range(5)))
    workbook = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes({"numbers": table})))
    assert workbook.sheetnames == ["numbers", "numbers (2)", "numbers (3)"]
    assert [c.value for c in workbook["numbers (3)"]["A"]] == ["n", 4]


def test_xlsx_has_date_cells_a_header_in_view_a_filter_and_a_title() -> None:
    saved = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    table = exports.Table(
        ("cite", "due", "saved_at", "progress"), [("Namur", dt.date(2025, 6, 30), saved, 75.0)]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes({"follow-up": table})))
    sheet = workbook["follow-up"]
    due, saved_at, progress = sheet["B2"], sheet["C2"], sheet["D2"]
    assert (due.data_type, due.value) == ("d", dt.datetime(2025, 6, 30))
    assert (saved_at.data_type, saved_at.value) == ("d", dt.datetime(2025, 3, 14, 8, 30))  # UTC
    assert (progress.data_type, progress.value) == ("n", 75)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D2"
    assert workbook.properties.title == "follow-up"


def test_an_empty_table_still_has_its_header() -> None:
    workbook = openpyxl.load_workbook(
        io.BytesIO(exports.xlsx_bytes({"empty": exports.Table(("a", "b"), [])}))
    )
    assert [c.value for c in workbook["empty"][1]] == ["a", "b"]


def test_a_missing_figure_is_an_empty_cell_never_nan() -> None:
    """The comparison's tables hold NaN where a figure is withheld (pandas)."""
    frame = pd.DataFrame(
        [{"campaign": "2025", "own": None, "median": 50.0}, {"campaign": "2026", "own": 62.5}]
    )
    table = exports.Table(list(frame.columns), list(frame.itertuples(index=False, name=None)))
    text = exports.csv_bytes(table).decode("utf-8-sig")
    assert "nan" not in text.lower()
    assert text.splitlines()[1:] == ["2025;;50", "2026;62,5;"]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes({"t": table})))["t"]
    assert [c.value for c in sheet[2]] == ["2025", None, 50]
    assert [c.value for c in sheet[3]] == ["2026", 62.5, None]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("texte", "texte"),
        (True, "true"),
        (False, "false"),
        (3, 3),
        (2.5, 2.5),
        (None, None),
        (["a", "b"], "a; b"),
        ({"status": "pret", "text": "é"}, '{"status": "pret", "text": "é"}'),
    ],
)
def test_values_become_one_cell(value: object, cell: object) -> None:
    assert exports.value_text(value) == cell
