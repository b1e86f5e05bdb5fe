"""Numbers and dates as a reader of each language writes them, through Babel (CLDR data).

One format per language wherever a person reads them (pages, PDF, answers), from the Babel
locale of the language (`domain.languages`): dates as `dd/mm/yyyy` in every language (never
ISO), numbers with the language's separators (`1 234,5` in French, `1,234.5` in English) and
at most three decimals, percentages, file sizes and month names as the language writes them.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol
from babel.units import format_unit

from cdm_quality.domain import languages
from cdm_quality.domain.languages import Lang

DATE_PATTERN = "dd/MM/yyyy"


def locale(lang: Lang) -> str:
    """The Babel locale of `lang`'s dates and numbers."""
    return languages.language(lang).locale


def number(value: float | int, lang: Lang) -> str:
    """`value` in the notation of `lang`, with at most three decimals."""
    return format_decimal(value, format="#,##0.###", locale=locale(lang))


def fixed(value: float, decimals: int, lang: Lang) -> str:
    """`value` with exactly `decimals` decimals and `lang`'s decimal sign: 55,0 / 55.0."""
    return f"{value:.{decimals}f}".replace(".", get_decimal_symbol(locale(lang)))


def plain_number(value: float | int, lang: Lang) -> str:
    """`value` with `lang`'s decimal sign and no grouping (`1234,5` / `1234.5`), as a
    spreadsheet of that language reads a number in a CSV file."""
    return format_decimal(value, format="0.##########", locale=locale(lang))


def csv_delimiter(lang: Lang) -> str:
    """The field separator of `lang`'s spreadsheets: `;` where the decimal sign is a comma
    (French, Italian, Portuguese: Excel's list separator), `,` otherwise."""
    return ";" if get_decimal_symbol(locale(lang)) == "," else ","


def percent(value: float, lang: Lang) -> str:
    """A whole percentage (`value` out of 100) as `lang` writes it: 55 % / 55%."""
    return format_percent(round(value) / 100, locale=locale(lang))


def file_size(size: int, lang: Lang) -> str:
    """A file's size in bytes as `lang` writes it: 1,2 Mo / 1.2 MB, 12 ko / 12 kB."""
    if size >= 1024 * 1024:
        return format_unit(
            size / (1024 * 1024), "digital-megabyte", "short", format="0.0", locale=locale(lang)
        )
    return format_unit(max(1, round(size / 1024)), "digital-kilobyte", "short", locale=locale(lang))


def number_symbols(lang: Lang) -> tuple[str, str]:
    """`lang`'s decimal sign and thousands separator: `,` and a narrow space in French."""
    where = locale(lang)
    return get_decimal_symbol(where), get_group_symbol(where)


def month_abbreviations(lang: Lang) -> list[str]:
    """January to December, abbreviated as `lang` does: janv. / Jan / gen."""
    names = get_month_names("abbreviated", locale=locale(lang))
    return [names[month] for month in range(1, 13)]


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
    return format_date(day, DATE_PATTERN, locale=locale(lang))


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


_FRENCH = languages.REFERENCE  # the article rules below are French grammar
_VOWELS = "aeiouyàâäéèêëîïôöùûüœh"
_ARTICLES = ("le ", "la ", "les ", "l’", "l'", "the ")
_FEMININE = ("commission", "assemblée", "direction", "équipe", "instance", "réunion", "cellule")


def body_in_sentence(body: str, lang: Lang) -> str:
    """A body named in a French sentence with its article: "Comité de pilotage" → "le comité
    de pilotage", "Assemblée générale" → "l’assemblée générale" (a name already starting with
    an article, an acronym, or a name in any other language, is kept as written)."""
    if lang != _FRENCH or not body or body.lower().startswith(_ARTICLES) or body[1:2].isupper():
        return body
    lowered = body[:1].lower() + body[1:]
    if lowered[:1] in _VOWELS:
        return f"l’{lowered}"
    return f"{'la' if lowered.startswith(_FEMININE) else 'le'} {lowered}"
