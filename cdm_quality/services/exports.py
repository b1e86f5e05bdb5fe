"""Exports as CSV and XLSX: the follow-up table and every answer in long form.

Long form is one row per stored answer: campaign, Cité, questionnaire id and version, section,
item, value, remark (and phase, state, evidence, version, time of the save). Rows are read in
batches (`yield_per`) and written as they come, so an export never holds every answer in
memory at once; `write_csv` / `write_xlsx` take any iterable of rows.

Every table is written for a reader (`lang`, French by default): its headers are words of
that language (`export.col.<column>`), phases and states their labels, answers as a reader
sees them (a level, an option, yes/no by its label; a list joined as text; a status with its
text), numbers and dates kept as numbers and dates. A CSV file follows the reader's
spreadsheet (`domain.formats.csv_conventions`): in French `;` between fields, a decimal comma
and dates as dd/mm/yyyy, so that a double-click opens it in columns, with numbers and dates
that compute; in English `,`, a decimal point and dd/mm/yyyy (en_GB). Times are UTC (the
headers say so). A cell that a spreadsheet would run as a formula (starting with = + - @, tab
or CR) is written with a leading apostrophe in CSV, and as plain text in XLSX. In XLSX, dates
and times are date cells, the header row is frozen and filterable, the workbook has a title.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from sqlmodel import Session

from cdm_quality.domain import formats, labels, languages, texts
from cdm_quality.domain.answers import answer_text, is_answered
from cdm_quality.domain.languages import Lang
from cdm_quality.domain.questionnaire import ItemKind, Phase, Questionnaire
from cdm_quality.services.network.follow_up import FollowUp
from cdm_quality.services.people.access import Actor, readable_cite_ids
from cdm_quality.services.scores.frozen import frozen_by_hash
from cdm_quality.services.scores.keys import require_campaign_keys
from cdm_quality.storage.keys import ItemKey
from cdm_quality.storage.tables import (
    Answer,
    Campaign,
    CampaignQuestionnaire,
    Cite,
    Response,
    table_of,
)

# the tables the exports read, as SQL expressions (the queries stream rows, not ORM objects)
RESPONSES = table_of(Response)
ANSWERS = table_of(Answer)
CAMPAIGNS = table_of(Campaign)
CAMPAIGN_QUESTIONNAIRES = table_of(CampaignQuestionnaire)
ITEM_KEYS = table_of(ItemKey)
CITES = table_of(Cite)

CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_575  # one sheet's rows, less the header
BATCH = 2_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ANSWER_COLUMNS = (
    "campaign_year",
    "campaign",
    "cite_id",
    "cite",
    "country",
    "questionnaire_id",
    "questionnaire",
    "questionnaire_version",
    "phase",
    "state",
    "section_id",
    "item_id",
    "value",
    "remark",
    "evidence",
    "version",
    "saved_at",
)

FOLLOW_UP_COLUMNS = (
    "cite_id",
    "cite",
    "city",
    "country",
    "phase",
    "questionnaire_id",
    "questionnaire",
    "questionnaire_version",
    "state",
    "required_answered",
    "required_total",
    "progress_percent",
    "answered",
    "visible",
    "submitted_at",
    "last_saved_at",
)


@dataclass(frozen=True)
class Table:
    """A header and its rows (any iterable: a generator streams)."""

    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]


# --- the tables ---------------------------------------------------------------------------


def headers(columns: Sequence[str], lang: Lang) -> list[str]:
    """The columns' headers in words of `lang` (`export.col.<column>`)."""
    return [texts.text(f"export.col.{column}", lang) for column in columns]


def follow_up_table(follow_up: FollowUp, lang: Lang = languages.REFERENCE) -> Table:
    """The follow-up as a table for a reader of `lang` (the actor's access was checked when
    it was built)."""
    return Table(
        headers(FOLLOW_UP_COLUMNS, lang),
        [
            (
                row.cite_id,
                row.cite,
                row.city,
                row.country,
                labels.label(labels.PHASE, row.phase.value, lang),
                row.questionnaire_id,
                row.questionnaire_title(lang) if row.questionnaire_title else "",
                version_cell(row.version),
                texts.text(f"followup.state.{row.state.value}", lang),
                row.required_answered,
                row.required_total,
                round(100 * row.ratio, 1),
                row.answered,
                row.visible,
                row.submitted_at,
                row.last_saved_at,
            )
            for row in follow_up.rows
        ],
    )


def version_cell(version: str) -> int | str:
    """A questionnaire's version as a number when it is one (`3`), else its text (`2026-b`)."""
    return int(version) if version.isdigit() else version


def answers_table(
    session: Session,
    actor: Actor,
    *,
    campaign_id: int | None = None,
    questionnaire_id: str | None = None,
    phase: Phase | None = None,
    country: str | None = None,
    lang: Lang = languages.REFERENCE,
) -> Table:
    """Every answer the actor may read, in long form (streamed) for a reader of `lang`,
    filtered as asked: `campaign_id` None = every campaign; `phase` is the phase the response
    was filled in."""
    query = _answers_query(
        actor,
        campaign_id=campaign_id,
        questionnaire_id=questionnaire_id,
        phase=phase,
        country=country,
    )
    campaign_ids = [campaign_id] if campaign_id is not None else _all_campaign_ids(session)
    require_campaign_keys(session, campaign_ids=campaign_ids)  # for the section column
    grids = _grids(session, campaign_ids)  # read before the rows stream
    return Table(headers(ANSWER_COLUMNS, lang), _stream(session, query, grids, lang))


def _grids(session: Session, campaign_ids: list[int]) -> dict[str, Questionnaire]:
    """The campaigns' frozen questionnaires, by hash."""
    hashes = session.execute(
        sa.select(CAMPAIGN_QUESTIONNAIRES.c.sha256)
        .where(CAMPAIGN_QUESTIONNAIRES.c.campaign_id.in_(campaign_ids))
        .distinct()
    ).scalars()
    return {sha256: frozen_by_hash(session, sha256=sha256) for sha256 in hashes}


def _all_campaign_ids(session: Session) -> list[int]:
    return list(session.execute(sa.select(CAMPAIGNS.c.id)).scalars())


def _answers_query(
    actor: Actor,
    *,
    campaign_id: int | None,
    questionnaire_id: str | None,
    phase: Phase | None,
    country: str | None,
) -> sa.Select[Any]:
    joined = (
        ANSWERS.join(RESPONSES, RESPONSES.c.id == ANSWERS.c.response_id)
        .join(CAMPAIGNS, CAMPAIGNS.c.id == RESPONSES.c.campaign_id)
        .join(CITES, CITES.c.id == RESPONSES.c.cite_id)
        .join(
            CAMPAIGN_QUESTIONNAIRES,
            sa.and_(
                CAMPAIGN_QUESTIONNAIRES.c.campaign_id == RESPONSES.c.campaign_id,
                CAMPAIGN_QUESTIONNAIRES.c.questionnaire_id == RESPONSES.c.questionnaire_id,
            ),
        )
        .outerjoin(
            ITEM_KEYS,
            sa.and_(
                ITEM_KEYS.c.sha256 == CAMPAIGN_QUESTIONNAIRES.c.sha256,
                ITEM_KEYS.c.phase == RESPONSES.c.phase,
                ITEM_KEYS.c.item_id == ANSWERS.c.item_id,
            ),
        )
    )
    query = sa.select(
        CAMPAIGNS.c.year,
        CAMPAIGNS.c.name,
        CITES.c.id,
        CITES.c.name,
        CITES.c.country,
        RESPONSES.c.questionnaire_id,
        CAMPAIGN_QUESTIONNAIRES.c.sha256,
        CAMPAIGN_QUESTIONNAIRES.c.version,
        RESPONSES.c.phase,
        RESPONSES.c.state,
        ITEM_KEYS.c.section_id,
        ANSWERS.c.item_id,
        ANSWERS.c.value,
        ANSWERS.c.remark,
        ANSWERS.c.evidence,
        ANSWERS.c.version,
        ANSWERS.c.saved_at,
    ).select_from(joined)
    readable = readable_cite_ids(actor)
    if readable is not None:
        query = query.where(RESPONSES.c.cite_id.in_(sorted(readable)))
    if campaign_id is not None:
        query = query.where(RESPONSES.c.campaign_id == campaign_id)
    if questionnaire_id:
        query = query.where(RESPONSES.c.questionnaire_id == questionnaire_id)
    if phase:
        query = query.where(RESPONSES.c.phase == Phase(phase))
    if country:
        query = query.where(CITES.c.country == country)
    return query.order_by(
        CAMPAIGNS.c.year, CITES.c.name, RESPONSES.c.questionnaire_id, ANSWERS.c.id
    )


def _stream(
    session: Session, query: sa.Select[Any], grids: dict[str, Questionnaire], lang: Lang
) -> Iterator[tuple[Any, ...]]:
    result = session.execute(query.execution_options(yield_per=BATCH, stream_results=True))
    for row in result:
        values = list(row)
        grid = grids.get(values[6])
        values[6] = grid.title(lang) if grid else ""
        values[7] = version_cell(values[7])
        values[8] = labels.label(labels.PHASE, Phase(values[8]).value, lang)
        values[9] = texts.text(f"state.{getattr(values[9], 'value', values[9])}", lang)
        values[12] = answer_cell(grid, values[11], values[12], lang)
        yield tuple(values)


def answer_cell(grid: Questionnaire | None, item_id: str, value: Any, lang: Lang) -> Any:
    """An answer as one cell for a reader of `lang`: a number stays a number and a date a
    date; a level, an option or yes/no is its label, a list its entries joined as text, a
    status its label and text; an item the grid lacks, its value as text."""
    item = grid.item(item_id) if grid else None
    if grid is None or item is None:
        return value_text(value)
    if not is_answered(value):
        return None
    if item.kind is ItemKind.number and isinstance(value, int | float):
        return value
    if item.kind is ItemKind.date:
        return formats.parse_date(str(value)) or str(value)
    return answer_text(grid, item, value, lang)


def value_text(value: Any) -> Any:
    """A value without its question (an item its grid lacks) as one cell: text, true/false, a
    number, a list's entries joined by "; ", JSON for the rest."""
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


# --- writers ------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):  # a missing figure (pandas): empty
        return None
    return value


def _csv_cell(value: Any, lang: Lang) -> Any:
    """A cell as the reader's spreadsheet reads it: a number with their decimal sign, a date
    as dd/mm/yyyy (a time after it, UTC), text with no formula."""
    value = _cell(value)
    if isinstance(value, dt.datetime):
        utc = value.astimezone(dt.UTC) if value.tzinfo else value
        return f"{formats.date(utc.date(), lang)} {utc:%H:%M:%S}"
    if isinstance(value, dt.date):
        return formats.date(value, lang)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return formats.plain_number(value, lang)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(table: Table, out: IO[str], lang: Lang = languages.REFERENCE) -> int:
    """Write the table as CSV text in the conventions of `lang`'s spreadsheets (`;` and a
    decimal comma in French, `,` and a point in English; header first); returns the rows
    written."""
    writer = csv.writer(out, delimiter=formats.csv_delimiter(lang))
    writer.writerow(table.columns)
    count = 0
    for row in table.rows:
        writer.writerow([_csv_cell(v, lang) for v in row])
        count += 1
    return count


def csv_bytes(table: Table, lang: Lang = languages.REFERENCE) -> bytes:
    """The table as CSV bytes for a reader of `lang`, UTF-8 with a byte-order mark
    (spreadsheets then read accents)."""
    buffer = io.StringIO()
    write_csv(table, buffer, lang)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(tables: dict[str, Table], out: IO[bytes]) -> None:
    """Write one sheet per table (write-only mode: rows are not kept in memory); a table
    longer than a sheet continues on sheets named `name (2)`, `name (3)`… Each sheet keeps its
    header row in view and filterable; dates are date cells (UTC), numbers number cells."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = ", ".join(tables)
    for name, table in tables.items():
        _write_sheets(workbook, name, table)
    workbook.save(out)


def _write_sheets(workbook: Workbook, name: str, table: Table) -> None:
    sheet, part, count = None, 0, XLSX_MAX_ROWS
    for row in table.rows:
        if count == XLSX_MAX_ROWS:
            part += 1
            _filter(sheet, len(table.columns), count)
            sheet = _new_sheet(workbook, name if part == 1 else f"{name[:24]} ({part})", table)
            count = 0
        assert sheet is not None
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    if sheet is None:
        sheet, count = _new_sheet(workbook, name, table), 0
    _filter(sheet, len(table.columns), count)


def _new_sheet(workbook: Workbook, name: str, table: Table) -> Any:
    sheet = workbook.create_sheet(name[:28])
    sheet.freeze_panes = "A2"  # the header stays in view
    sheet.append(list(table.columns))
    return sheet


def _filter(sheet: Any, columns: int, rows: int) -> None:
    """An autofilter over the header and the `rows` written below it."""
    if sheet is not None and columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, dt.datetime):  # a date cell (Excel has no time zone: UTC)
        utc = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        return _date_cell(sheet, utc, "dd/mm/yyyy hh:mm:ss")
    if isinstance(value, dt.date):
        return _date_cell(sheet, value, "dd/mm/yyyy")
    value = _cell(value)
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # never a formula
    return cell


def _date_cell(sheet: Any, value: dt.date, number_format: str) -> Any:
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl takes dates
    cell.number_format = number_format  # day before month, as in every language of the app
    return cell


def xlsx_bytes(tables: dict[str, Table]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(tables, buffer)
    return buffer.getvalue()
