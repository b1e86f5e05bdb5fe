"""The words of the emails, each email in one language: its recipient's (the language their
account last used, `User.language`; the reference language for an account that never chose
one). They are the messages `mail.<key>` of the catalogues (`cdm_quality/locale`, read by
`domain.texts`); `{...}` fields are filled by `services.network.notices`."""

from __future__ import annotations

from cdm_quality.domain import languages, texts
from cdm_quality.domain.questionnaire import Lang


def mail_text(key: str, lang: Lang, /, **params: object) -> str:
    """The email text `key` in `lang`."""
    return texts.text(f"mail.{key}", lang, **params)


def mail_counted(key: str, count: int, lang: Lang, /, **params: object) -> str:
    """The email text `key` in `lang`, in the plural form `count` takes."""
    return texts.plural(f"mail.{key}", count, lang, **params)


def recipient_lang(language: str | None) -> Lang:
    """The language an account's emails are written in."""
    return languages.chosen(language)
