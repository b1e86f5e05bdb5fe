"""`cdm-quality export-answers` and `export-follow-up`: the authority's exports as files.

Acts as the command-line system actor (reads every Cité) on the database of
CDM_QUALITY_DATABASE_URL. Rows are streamed from the database into the file (CSV or XLSX,
chosen by `--format` or the file's extension). Service errors become messages in `cli.main`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cdm_quality.cli import targets
from cdm_quality.cli.language import lang_option
from cdm_quality.cli.lookup import find_campaign
from cdm_quality.domain import texts
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import exports
from cdm_quality.services.network.follow_up import follow_up
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import make_engine, session_scope


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-answers", help="write every answer in long form (CSV or XLSX)")
    p.add_argument("--campaign", help="the campaign's name or year (default: every campaign)")
    p.add_argument("--questionnaire", help="one questionnaire id (default: all)")
    _common(p)
    p.set_defaults(handler=_export_answers)
    p = sub.add_parser("export-follow-up", help="write a campaign's follow-up table")
    p.add_argument("--campaign", required=True, help="the campaign's name or year")
    _common(p)
    p.set_defaults(handler=_export_follow_up)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--phase", choices=[phase.value for phase in Phase], help="filter by phase")
    p.add_argument("--country", help="filter by country")
    p.add_argument("--format", choices=["csv", "xlsx"], help="default: the file's extension")
    p.add_argument(
        "--lang", **lang_option("the reader's language: headers, labels, CSV separator and numbers")
    )
    p.add_argument("--out", required=True, type=Path, help="the file to write")


def _format(args: argparse.Namespace) -> str:
    return args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")


def _write(table: exports.Table, args: argparse.Namespace, sheet: str) -> int:
    """Write the table as asked; `sheet` names the workbook's sheet (`export.sheet.<sheet>`
    in the reader's language)."""
    counted = _Counted(table)
    if _format(args) == "xlsx":
        with targets.opened(args.out, "wb") as out:
            name = texts.text(f"export.sheet.{sheet}", args.lang)
            exports.write_xlsx({name: counted.table}, out)
    else:
        with targets.opened(args.out, "w", encoding="utf-8-sig", newline="") as out:
            exports.write_csv(counted.table, out, args.lang)
    print(f"wrote {args.out}: {counted.rows:,} rows")
    return 0


class _Counted:
    """A table whose rows are counted as they are written."""

    def __init__(self, table: exports.Table) -> None:
        self.rows = 0
        self.table = exports.Table(table.columns, self._count(table.rows))

    def _count(self, rows):
        for row in rows:
            self.rows += 1
            yield row


def _export_answers(args: argparse.Namespace) -> int:
    engine = make_engine(get_settings().database_url)
    with session_scope(engine) as session:
        campaign_id = find_campaign(session, args.campaign).id if args.campaign else None
        table = exports.answers_table(
            session,
            SYSTEM,
            campaign_id=campaign_id,
            questionnaire_id=args.questionnaire,
            phase=Phase(args.phase) if args.phase else None,
            country=args.country,
            lang=args.lang,
        )
        return _write(table, args, "answers")


def _export_follow_up(args: argparse.Namespace) -> int:
    engine = make_engine(get_settings().database_url)
    with session_scope(engine) as session:
        campaign = find_campaign(session, args.campaign)
        found = follow_up(
            session,
            SYSTEM,
            campaign_id=campaign.id,
            phase=Phase(args.phase) if args.phase else None,
            country=args.country,
        )
        return _write(exports.follow_up_table(found, args.lang), args, "follow_up")
