"""Numbers and dates as a reader of each language writes them, through Babel (CLDR data).

One format per language wherever a person reads them (pages, PDF, answers): dates as
`dd/mm/yyyy` in French and in English (never ISO), numbers with the language's separators
(`1 234,5` in French, `1,234.5` in English) and at most three decimals.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date
from babel.numbers import format_decimal

from cdm_quality.domain.questionnaire import Lang

LOCALES: dict[Lang, str] = {"fr": "fr_FR", "en": "en_GB"}  # en_GB: day before month, as fr
DATE_PATTERN = "dd/MM/yyyy"


def number(value: float | int, lang: Lang) -> str:
    """`value` in the notation of `lang`, with at most three decimals."""
    return format_decimal(value, format="#,##0.###", locale=LOCALES[lang])


def date(value: dt.date | str | None, lang: Lang) -> str:
    """A date (or an ISO date string) as `dd/mm/yyyy`; '' for none, the text itself when it is
    not a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return format_date(day, DATE_PATTERN, locale=LOCALES[lang])


_WRITTEN_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(text: str) -> dt.date | None:
    """A date as a reader writes it (`dd/mm/yyyy`, also `d/m/yyyy`, `dd.mm.yyyy`) or as ISO
    (`yyyy-mm-dd`); None when the text is no date."""
    text = text.strip()
    found = _WRITTEN_DATE.fullmatch(text)
    try:
        if found:
            day, month, year = (int(part) for part in found.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


_VOWELS = "aeiouyàâäéèêëîïôöùûüœh"
_ARTICLES = ("le ", "la ", "les ", "l’", "l'", "the ")
_FEMININE = ("commission", "assemblée", "direction", "équipe", "instance", "réunion", "cellule")


def of_name(name: str, lang: Lang) -> str:
    """ "of" before a proper name as the language writes it: "d’Autoévaluation 2025",
    "de Campagne 2025"; "from Autoévaluation 2025"."""
    if lang != "fr":
        return f"from {name}"
    return f"d’{name}" if name[:1].lower() in _VOWELS else f"de {name}"


def body_in_sentence(body: str, lang: Lang) -> str:
    """A body named in a French sentence with its article: "Comité de pilotage" → "le comité
    de pilotage", "Assemblée générale" → "l’assemblée générale" (a name already starting with
    an article, an acronym, or any English name, is kept)."""
    if lang != "fr" or not body or body.lower().startswith(_ARTICLES) or body[1:2].isupper():
        return body
    lowered = body[:1].lower() + body[1:]
    if lowered[:1] in _VOWELS:
        return f"l’{lowered}"
    return f"{'la' if lowered.startswith(_FEMININE) else 'le'} {lowered}"
