"""The `cdm-quality` command. Each subcommand is a small function; errors become messages here.

Commands are listed in `COMMANDS` with the module that defines them: only the module of the
command being run is imported, so `cdm-quality --help` and a light command start fast (the PDF
and chart libraries are imported by `export-plan` alone).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]

_GRIDS, _DATA = "cdm_quality.cli.questionnaires", "cdm_quality.cli.data"
_PLAN, _EXPORT = "cdm_quality.cli.pdf_exports", "cdm_quality.cli.table_exports"

COMMANDS: dict[str, tuple[str, str]] = {  # command -> (module defining it, its help line)
    "validate": (_GRIDS, "check questionnaire files"),
    "dossier-matrix": (_GRIDS, "print the labelling-file plan per phase"),
    "db": (_DATA, "database schema"),
    "user": (_DATA, "user accounts"),
    "demo": (_DATA, "fill an empty database with the demo network"),
    "backup": (_DATA, "write every table to FILE (JSON lines)"),
    "restore": (_DATA, "load a backup FILE into an empty database"),
    "export-plan": (_PLAN, "write a Cité's synthesis and improvement plan as PDF"),
    "export-dossier": (_PLAN, "write a Cité's whole labelling file as PDF"),
    "export-answers": (_EXPORT, "write every answer in long form (CSV or XLSX)"),
    "export-follow-up": (_EXPORT, "write a campaign's follow-up table"),
    "remind": ("cdm_quality.cli.remind", "email each person what is due (daily)"),
}


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser: the command named in `argv` in full (its module imported), the others by name."""
    parser = argparse.ArgumentParser(prog="cdm-quality", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    if chosen in COMMANDS:
        importlib.import_module(COMMANDS[chosen][0]).add_commands(sub)
    for name, (_module, help_line) in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=help_line)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    undecodable = next((arg for arg in argv if not _is_text(arg)), None)
    if undecodable is not None:
        shown = undecodable.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        print(f"cdm-quality: the argument {shown!r} is not UTF-8 text; retype it.", file=sys.stderr)
        return 2
    args = build_parser(argv).parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        code = _told(exc)
        if code is None:
            raise
        return code


def _is_text(arg: str) -> bool:
    """Whether a command-line argument decoded as text (bytes that are not UTF-8 arrive as
    lone surrogates, which no database, file name or message can take)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _told(exc: Exception) -> int | None:
    """Print an expected failure as a message and give the exit code; None for anything else.

    The error classes are imported here, after the failure: the command that raised one has
    already imported its module, and a successful run never pays for the import.
    """
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    from cdm_quality.cli.errors import CommandError
    from cdm_quality.domain.messages import QuestionnaireError
    from cdm_quality.services.errors import ServiceError

    if isinstance(exc, QuestionnaireError):
        print(exc, file=sys.stderr)
    elif isinstance(exc, ServiceError):
        from cdm_quality.cli.language import message_lang
        from cdm_quality.domain.error_texts import describe

        print(f"cdm-quality: {describe(exc, message_lang())}", file=sys.stderr)
    elif isinstance(exc, CommandError):
        print(f"cdm-quality: {exc}", file=sys.stderr)
    elif isinstance(exc, OSError):
        print(f"cdm-quality: {exc.strerror or exc} ({exc.filename or 'no file'})", file=sys.stderr)
    elif isinstance(exc, SQLAlchemyError):
        print(f"cdm-quality: {_database_failure(exc)}", file=sys.stderr)
    elif isinstance(exc, ValidationError) and exc.title == "Settings":
        for error in exc.errors(include_input=False):  # never echo a value: it may be secret
            where = "CDM_QUALITY_" + "_".join(str(part) for part in error["loc"]).upper()
            print(f"cdm-quality: {where}: {error['msg']}", file=sys.stderr)
        return 2
    else:
        return None
    return 1


def _database_failure(exc: Exception) -> str:
    """Blame the connection only when it is at fault: a refused row is the data's doing."""
    from sqlalchemy.exc import InterfaceError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    reason = type(getattr(exc, "orig", None) or exc).__name__
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout):
        return (
            f"the database could not be used ({reason}); "
            "check CDM_QUALITY_DATABASE_URL and that the database is reachable"
        )
    return f"the database refused the operation ({reason}); nothing was changed"
