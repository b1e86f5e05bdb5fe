"""The `cdm-quality` command. Each subcommand is a small function; errors become messages here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from cdm_quality import cli_data, cli_export, cli_plan
from cdm_quality.domain.loader import load_questionnaire, questionnaire_files
from cdm_quality.domain.messages import QuestionnaireError
from cdm_quality.services.dossier import dossier_matrix, render_csv, render_markdown
from cdm_quality.services.errors import ServiceError

Handler = Callable[[argparse.Namespace], int]


def _validate(args: argparse.Namespace) -> int:
    """Validate questionnaire files; one summary line per valid file, messages otherwise."""
    failed = 0
    files = [f for path in args.paths for f in questionnaire_files(path)]
    if not files:
        print("no questionnaire file found in: " + ", ".join(args.paths), file=sys.stderr)
        return 1
    for file in files:
        try:
            q = load_questionnaire(file)
        except QuestionnaireError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        items = len(q.items())
        print(f"ok  {file}: {q.id} v{q.version}, {len(q.sections)} sections, {items} items")
    return 1 if failed else 0


def _dossier_matrix(args: argparse.Namespace) -> int:
    """Print the labelling-file plan: the level asked per item and phase."""
    rows = dossier_matrix(load_questionnaire(args.path), lang=args.lang)
    render = render_csv if args.format == "csv" else render_markdown
    sys.stdout.write(render(rows))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cdm-quality", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check questionnaire files")
    p.add_argument("paths", nargs="*", default=["questionnaires"], help="files or directories")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("dossier-matrix", help="print the labelling-file plan per phase")
    p.add_argument("--format", choices=["csv", "markdown"], default="markdown")
    p.add_argument("--path", default="questionnaires/dossier.yaml", help="the plan's file")
    p.add_argument("--lang", choices=["fr", "en"], default="fr", help="language of the titles")
    p.set_defaults(handler=_dossier_matrix)

    cli_data.add_commands(sub)
    cli_plan.add_commands(sub)
    cli_export.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except QuestionnaireError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ServiceError as exc:
        print(f"cdm-quality: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cdm-quality: {exc.strerror or exc} ({exc.filename or 'no file'})", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        reason = type(getattr(exc, "orig", None) or exc).__name__
        print(
            f"cdm-quality: the database refused the operation ({reason}); "
            "check CDM_QUALITY_DATABASE_URL and that the database is reachable",
            file=sys.stderr,
        )
        return 1
    except ValidationError as exc:
        if exc.title != "Settings":
            raise
        for error in exc.errors(include_input=False):  # never echo a value: it may be secret
            where = "CDM_QUALITY_" + "_".join(str(part) for part in error["loc"]).upper()
            print(f"cdm-quality: {where}: {error['msg']}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
