"""README stays true: every command, setting and the two commands are documented."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from cdm_quality.cli import build_parser
from cdm_quality.settings import Settings

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> list[str]:
    actions = build_parser()._subparsers._group_actions  # type: ignore[union-attr]
    choices = next(a for a in actions if isinstance(a, argparse._SubParsersAction)).choices
    return sorted(choices)


@pytest.mark.parametrize("command", subcommands())
def test_every_command_is_in_readme(command: str) -> None:
    assert f"cdm-quality {command}" in README


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_readme(field: str) -> None:
    assert f"CDM_QUALITY_{field.upper()}" in README


def test_the_two_commands_and_ci() -> None:
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_images_exist() -> None:
    for line in README.splitlines():
        for part in line.split("](")[1:]:
            target = part.split(")")[0]
            if target.startswith("docs/"):
                assert (ROOT / target).exists(), target
