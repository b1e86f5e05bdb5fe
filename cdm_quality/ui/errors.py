"""The one place where an error of the services becomes a text in the reader's language.

Services raise `ServiceError(code, **params)` and the answer rules `AnswerError(item_id,
code, **params)`; `error_text` finds the code's text in `ui/i18n_errors.py` and fills it with
the parameters worded for the reader (a time in their time zone and date format, field and
part names in their language). Pages, the CLI and every error message go through here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from cdm_quality.domain.answers import AnswerError
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.services.errors import ServiceError
from cdm_quality.ui.i18n import current_lang, translate
from cdm_quality.ui.i18n_errors import ERRORS
from cdm_quality.ui.text import local_time

NAMED_PARTS = ("what", "fields")  # parameters holding field or part names, worded per language


def error_text(error: ServiceError | AnswerError, lang: Lang | None = None) -> str:
    """`error` worded in `lang` (the session's language when None)."""
    lang = lang or current_lang()
    entry = ERRORS.get(error.code) or ERRORS[ServiceError.code]
    params = {name: _worded(name, value, lang) for name, value in error.params.items()}
    text = entry[lang]
    try:
        return text.format(**params)
    except (KeyError, IndexError):  # a parameter missing: the text without the details
        return entry[lang].split("{", 1)[0].rstrip(" :") + "."


def _worded(name: str, value: Any, lang: Lang) -> str:
    if name in NAMED_PARTS:
        names = value if isinstance(value, list | tuple) else [value]
        return ", ".join(_part(str(part), lang) for part in names)
    if isinstance(value, dt.datetime):
        return local_time(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _part(name: str, lang: Lang) -> str:
    entry = ERRORS.get(f"part.{name}")
    return entry[lang] if entry else name


def validation_text(error: ValidationError, lang: Lang | None = None) -> str:
    """A form refused by a model's limits, naming the refused fields in `lang`."""
    lang = lang or current_lang()
    fields = [str(e["loc"][0]) for e in error.errors() if e["loc"]]
    return translate("admin.invalid", lang, fields=_worded("fields", fields, lang))
