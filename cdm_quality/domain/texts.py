"""The one catalogue of the texts a person reads, in each language of the product
(`domain.languages`): gettext catalogues (`cdm_quality/locale/<lang>/LC_MESSAGES/cdm_quality.po`)
read through Babel.

A msgid is a key (`nav.overview`), its msgstr the text in that language: the code asks for a
key, never for French or English wording, so a reworded text changes one line of one .po file
and translators' tools (Poedit, Weblate…) read the files as they are. A text that depends on a
number has plural forms (`plural(key, count, lang)`), chosen by the catalogue's own
`Plural-Forms` rule. Pure: no streamlit, so pages, services' callers, reports and the command
line all read the same catalogue. Each file is parsed once, on first use (not at import).
`tests/test_texts.py` fails when the languages differ in keys, placeholders or plural
forms, when the code asks for a key that is missing, and when a message is used nowhere.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from cdm_quality.domain import languages
from cdm_quality.domain.languages import DOMAIN, Lang, po_file
from cdm_quality.domain.questionnaire import Text


@dataclass(frozen=True)
class Catalogue:
    """One language's messages: key → text, or key → its plural forms."""

    messages: dict[str, str | tuple[str, ...]]
    plural_index: Callable[[int], int]
    plural_forms: int  # how many forms a plural message has in this language


@cache
def catalogue(lang: Lang) -> Catalogue:
    """The messages of `lang`, parsed once."""
    from babel.messages.pofile import read_po  # parsed on first use only: keeps start-up light

    with po_file(lang).open("rb") as handle:
        parsed = read_po(handle, locale=languages.language(lang).locale, domain=DOMAIN)
    messages: dict[str, str | tuple[str, ...]] = {}
    for message in parsed:
        if not message.id:
            continue  # the header
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        string = message.string
        messages[key] = tuple(string) if isinstance(string, tuple | list) else str(string or "")
    return Catalogue(messages, gettext.c2py(parsed.plural_expr), parsed.num_plurals)


def text(key: str, lang: Lang, /, **params: Any) -> str:
    """The text `key` in `lang`, formatted with `params`; an unknown key shows as itself.
    A plural message asked without a count gives its last (general) form."""
    found = _message(key, lang)
    if found is None:
        return key
    chosen = found[-1] if isinstance(found, tuple) else found
    return chosen.format(**params) if params else chosen


def plural(key: str, count: int, lang: Lang, /, **params: Any) -> str:
    """The text `key` in `lang` in the form that `count` takes (`{count}` is filled with it
    unless `params` says otherwise); an unknown key shows as itself."""
    book = catalogue(languages.chosen(lang))
    found = _message(key, lang)
    if found is None:
        return key
    forms = found if isinstance(found, tuple) else (found,)
    chosen = forms[min(book.plural_index(count), len(forms) - 1)]
    return chosen.format(**{"count": count, **params})


def _message(key: str, lang: Lang) -> str | tuple[str, ...] | None:
    """The message `key` of `lang`, the reference language's when `lang` lacks it."""
    found = catalogue(lang).messages.get(key) if languages.known(lang) else None
    if not any(found or ()) and lang != languages.REFERENCE:
        found = catalogue(languages.REFERENCE).messages.get(key)
    return found


def worded(key: str) -> Text:
    """The text `key` in every language, for what carries its own (`Text`)."""
    return Text.of({lang: text(key, lang) for lang in languages.codes()})


def keys(lang: Lang = languages.REFERENCE) -> set[str]:
    """Every key of the catalogue of `lang`."""
    return set(catalogue(lang).messages)


def has(key: str) -> bool:
    """Whether the catalogue knows `key`."""
    return key in catalogue(languages.REFERENCE).messages
