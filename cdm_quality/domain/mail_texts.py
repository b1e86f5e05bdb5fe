"""The words of the emails (in every language of the product, French first, in one message:
an account has no language of its own): the messages `mail.<key>` of the catalogues
(`cdm_quality/locale`, read by `domain.texts`). `{...}` fields are filled by `services.notices`."""

from __future__ import annotations

from cdm_quality.domain import languages, texts
from cdm_quality.domain.questionnaire import Lang


def mail_text(key: str, lang: Lang, /, **params: object) -> str:
    """The email text `key` in `lang`."""
    return texts.text(f"mail.{key}", lang, **params)


def both(key: str, /, **params: object) -> str:
    """The text in every language, French first."""
    return "\n".join(mail_text(key, lang, **params) for lang in languages.codes())


def both_counted(key: str, count: int, /, **params: object) -> str:
    """The text in every language, French first, each in the plural form `count` takes."""
    return "\n".join(
        texts.plural(f"mail.{key}", count, lang, **params) for lang in languages.codes()
    )
