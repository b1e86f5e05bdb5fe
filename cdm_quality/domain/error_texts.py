"""Wording every error the services raise, by code, in French and English.

A service raises `ServiceError(code, **params)` (and the answer rules `AnswerError(item_id,
code, **params)`); `describe` words it from the message `error.<code>` of the catalogue
(`cdm_quality/locale`, read by `domain.texts`): pages call it through `ui.errors.error_text`,
which adds the session's language and time zone; the CLI calls it in English. No streamlit
here. `tests/ui/test_errors.py` fails when a raised code has no message, or a message no error.
`error.part.*` messages name the fields and parts that some errors list (`what=`, `fields=`).
A message with plural forms takes its form from the `count` (or `minutes`) parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from babel.dates import format_datetime

from cdm_quality.domain import formats, texts
from cdm_quality.domain.questionnaire import Lang

NAMED_PARTS = ("what", "fields")  # parameters holding field or part names, worded per language
NUMBERS = ("value", "min", "max")  # parameters holding a number a person typed or must respect
MEGABYTES = ("size_mb", "used_mb", "limit_mb")  # file sizes, worded with one decimal: 21,0 Mo
COUNTS = ("count", "minutes")  # the parameter that chooses a plural form, first found


class Coded(Protocol):
    """What an error gives to be worded: its code and parameters."""

    code: str
    params: dict[str, Any]


def describe(
    error: Coded, lang: Lang, *, moment: Callable[[dt.datetime, Lang], str] | None = None
) -> str:
    """`error` (a ServiceError or AnswerError: `.code`, `.params`) worded in `lang`; a time is
    given by `moment` (default: UTC, `dd/mm/yyyy hh:mm UTC`)."""
    key = error_key(error.code)
    shown = moment or _utc_time
    params = {name: _worded(name, value, lang, shown) for name, value in error.params.items()}
    count = next((v for k, v in error.params.items() if k in COUNTS and isinstance(v, int)), 1)
    try:
        return texts.plural(key, count, lang, **params)
    except (KeyError, IndexError):  # a parameter missing: the text without the details
        return texts.text(key, lang).split("{", 1)[0].rstrip(" :") + "."


def error_key(code: str) -> str:
    """The catalogue's key for the error `code` (the generic one when it has none)."""
    key = f"error.{code}"
    return key if texts.has(key) else "error.unexpected"


def _worded(name: str, value: Any, lang: Lang, moment: Callable[[dt.datetime, Lang], str]) -> str:
    if name in NAMED_PARTS:
        names = value if isinstance(value, list | tuple) else [value]
        return ", ".join(part_name(str(part), lang) for part in names)
    if isinstance(value, dt.datetime):
        return moment(value, lang)
    if name in NUMBERS and isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, lang)
    if name in MEGABYTES and isinstance(value, int | float):
        return formats.fixed(value, 1, lang)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def part_name(name: str, lang: Lang) -> str:
    """A field or part named by an error (`login`, `remark`…) in `lang`."""
    key = f"error.part.{name}"
    return texts.text(key, lang) if texts.has(key) else name


def _utc_time(moment: dt.datetime, lang: Lang) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    moment_utc = aware.astimezone(dt.UTC)
    return format_datetime(moment_utc, "dd/MM/yyyy HH:mm 'UTC'", locale=formats.locale(lang))
