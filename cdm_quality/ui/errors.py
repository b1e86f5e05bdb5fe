"""The page side of the one place where service errors are worded: `describe`
(`domain/error_texts.py`) in the session's language, times in the browser's time zone."""

from __future__ import annotations

from pydantic import ValidationError

from cdm_quality.domain.answers import AnswerError
from cdm_quality.domain.error_texts import describe, part_name
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.services.errors import ServiceError
from cdm_quality.ui.i18n import current_lang, translate
from cdm_quality.ui.text import local_time


def error_text(error: ServiceError | AnswerError, lang: Lang | None = None) -> str:
    """`error` worded in `lang` (the session's language when None)."""
    return describe(error, lang or current_lang(), moment=local_time)


def validation_text(error: ValidationError, lang: Lang | None = None) -> str:
    """A form refused by a model's limits, naming the refused fields in `lang`."""
    lang = lang or current_lang()
    fields = ", ".join(part_name(str(e["loc"][0]), lang) for e in error.errors() if e["loc"])
    return translate("admin.invalid", lang, fields=fields)
