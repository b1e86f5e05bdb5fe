"""The command line imports only what the command being run needs (`cdm_quality.cli.COMMANDS`)."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from cdm_quality.cli import COMMANDS, build_parser

HEAVY = ("sqlalchemy", "sqlmodel", "altair", "fpdf", "vl_convert", "argon2", "openpyxl")


def imported_after(code: str) -> set[str]:
    """Top-level packages imported by a fresh interpreter running `code`."""
    script = (
        f"import sys\n{code}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_help_imports_no_database_chart_or_pdf_library() -> None:
    code = (
        "from cdm_quality.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert imported_after(code).isdisjoint(HEAVY)


def test_a_questionnaire_command_does_not_import_the_pdf_or_chart_libraries() -> None:
    code = "from cdm_quality.cli import main\nmain(['validate', 'tests/fixtures/minimal.yaml'])"
    assert imported_after(code).isdisjoint({"altair", "fpdf", "vl_convert", "openpyxl"})


def test_the_answer_exports_do_not_import_the_pdf_or_chart_libraries() -> None:
    assert imported_after("import cdm_quality.cli.table_exports").isdisjoint({"altair", "fpdf"})


@pytest.mark.parametrize("module", sorted({module for module, _ in COMMANDS.values()}))
def test_each_module_defines_the_commands_listed_for_it(module: str) -> None:
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).add_commands(sub)
    listed = {name: help_line for name, (owner, help_line) in COMMANDS.items() if owner == module}
    defined = {action.dest: action.help for action in sub._choices_actions}
    assert defined == listed


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_parses_its_own_options(command: str) -> None:
    parser = build_parser([command])
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args([command, "--help"])
    assert exit_.value.code == 0
