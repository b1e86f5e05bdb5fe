"""Dates and numbers as the reader reads them: one format per language, never ISO."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from cdm_quality.domain.loader import load_questionnaire
from cdm_quality.domain.questionnaire import ColumnType
from cdm_quality.ui.table_edits import column_config
from cdm_quality.ui.text import chart_dates, date_text, local_time, number_text

UI = Path(__file__).resolve().parents[2] / "cdm_quality" / "ui"
DATE_WIDGETS = ("date_input", "DateColumn", "DatetimeColumn")


def _date_widgets_without_format() -> list[str]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in DATE_WIDGETS and "format" not in {k.arg for k in node.keywords}:
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_every_date_input_shows_day_month_year() -> None:
    # Streamlit's default is YYYY/MM/DD: every date widget names its format
    assert _date_widgets_without_format() == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dates_are_day_month_year_in_both_languages(lang: str) -> None:
    assert date_text(dt.date(2026, 3, 4), lang) == "04/03/2026"  # type: ignore[arg-type]
    moment = dt.datetime(2026, 3, 4, 9, 5, tzinfo=dt.UTC)
    assert local_time(moment, lang).startswith("04/03/2026")  # type: ignore[arg-type]


def test_numbers_follow_the_language() -> None:
    assert number_text(1234.5, "fr") == "1\u202f234,5"
    assert number_text(1234.5, "en") == "1,234.5"


def test_chart_month_names_come_from_babel() -> None:
    french = chart_dates("fr")
    assert french["months"][1] == "février" and french["days"][0] == "dimanche"
    assert chart_dates("en")["shortMonths"][8] == "Sept"


def test_table_amounts_show_grouped_digits_and_years_do_not() -> None:
    # a budget of 182000 reads "182 000" in the editor, as its total and the PDF print it
    dossier = load_questionnaire(UI.parents[1] / "questionnaires" / "dossier.yaml")
    item = next(i for i in dossier.items() if i.dossier == "6.1")
    config = column_config(item, "fr")
    kinds = {c.id: c.type for c in item.columns or []}
    for column_id, kind in kinds.items():
        shown = config[column_id].get("type_config", {}).get("format")
        if kind in (ColumnType.number, ColumnType.integer):
            assert shown == "localized", column_id
        elif kind is ColumnType.year:
            assert shown == "%d", column_id
