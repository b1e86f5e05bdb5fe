"""`cdm-quality validate` and `dossier-matrix`: commands over the questionnaire files."""

from __future__ import annotations

import argparse
import sys

from cdm_quality.cli.language import lang_option
from cdm_quality.domain.loader import load_files, load_questionnaire, questionnaire_files
from cdm_quality.services.labelling.dossier import dossier_matrix, render_csv, render_markdown
from cdm_quality.settings import get_settings


def _validate(args: argparse.Namespace) -> int:
    """Validate questionnaire files (and the labelling-file references between them); one
    summary line per valid file, messages otherwise."""
    paths = args.paths or [get_settings().questionnaires_path()]
    files = [f for path in paths for f in questionnaire_files(path)]
    if not files:
        print("no questionnaire file found in: " + ", ".join(map(str, paths)), file=sys.stderr)
        return 1
    loaded, problems = load_files(files)
    for problem in problems:
        print(problem, file=sys.stderr)
    for file, q in loaded.items():
        items = len(q.items())
        print(f"ok  {file}: {q.id} v{q.version}, {len(q.sections)} sections, {items} items")
    return 1 if problems else 0


def _dossier_matrix(args: argparse.Namespace) -> int:
    """Print the labelling-file plan: the level asked per item and phase."""
    rows = dossier_matrix(
        load_questionnaire(args.path or get_settings().questionnaires_path() / "dossier.yaml"),
        lang=args.lang,
    )
    render = render_csv if args.format == "csv" else render_markdown
    sys.stdout.write(render(rows))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the questionnaire subcommands on the main parser's subparsers."""
    p = sub.add_parser("validate", help="check questionnaire files")
    p.add_argument("paths", nargs="*", help="files or directories (default: the questionnaires)")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("dossier-matrix", help="print the labelling-file plan per phase")
    p.add_argument("--format", choices=["csv", "markdown"], default="markdown")
    p.add_argument("--path", help="the plan's file (default: dossier.yaml of the questionnaires)")
    p.add_argument("--lang", **lang_option("language of the titles"))
    p.set_defaults(handler=_dossier_matrix)
