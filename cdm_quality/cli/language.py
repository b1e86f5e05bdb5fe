"""The languages the command line offers and speaks: those of `domain.languages`."""

from __future__ import annotations

import os
from typing import Any

from cdm_quality.domain import languages
from cdm_quality.domain.languages import Lang


def lang_option(purpose: str, *, default: str | None = None) -> dict[str, Any]:
    """`--lang`'s settings: one of the product's languages; when not given, French, or None
    when `default` says what the command takes instead (a Cité's working language)."""
    codes = languages.codes()
    return {
        "choices": codes,
        "default": None if default else languages.REFERENCE,
        "help": f"{purpose}: {', '.join(codes)} (default: {default or languages.REFERENCE})",
    }


def message_lang() -> Lang:
    """The language of the command's messages: the environment's (`LC_ALL`, `LC_MESSAGES`,
    `LANG`, as `it_CH.UTF-8`) when the product speaks it, else French."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name):
            return languages.best(value)
    return languages.REFERENCE
