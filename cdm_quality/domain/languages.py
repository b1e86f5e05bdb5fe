"""The product's languages: the one list every text, format and choice of language reads.

The list is a data file beside the catalogues, `cdm_quality/locale/languages.txt` (one code a
line); each language has its catalogue `cdm_quality/locale/<code>/LC_MESSAGES/cdm_quality.po`.
Its code names it everywhere (a questionnaire text's key, `--lang`, the sign-in form's choice,
the session's language), the `Language:` line of its catalogue's header gives the Babel locale
of its dates and numbers (`en_GB`: day before month), and Babel names it in its own words
("Italiano"). French is the reference language: listed first, required in every questionnaire
text, and what a text missing in another language falls back to. Adding a language is adding
its catalogue, its line and its questionnaire texts: no code names a language
(`tests/test_languages.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
LIST_FILE = "languages.txt"  # in LOCALE_DIR
DOMAIN = "cdm_quality"
REFERENCE = "fr"  # the language every text is written in first, and falls back to

Lang = str  # a code of `codes()`
_HEADER_LANGUAGE = re.compile(r'^"Language: *([A-Za-z_@-]+) *\\n"$', re.MULTILINE)


@dataclass(frozen=True)
class Language:
    """One language of the product."""

    code: str  # "fr": the catalogue's folder, a questionnaire text's key, a `--lang` value
    name: str  # in the language itself: "Français", "English", "Italiano"
    locale: str  # Babel's locale for its dates and numbers: "fr_FR", "en_GB"


def po_file(code: Lang) -> Path:
    """Where the catalogue of `code` lives (shipped with the package)."""
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def languages() -> tuple[Language, ...]:
    """The languages listed in `languages.txt`, in its order, French first."""
    lines = (LOCALE_DIR / LIST_FILE).read_text(encoding="utf-8").splitlines()
    listed = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    ordered = [REFERENCE, *(code for code in dict.fromkeys(listed) if code != REFERENCE)]
    return tuple(_read(code) for code in ordered)


def _read(code: Lang) -> Language:
    from babel import Locale  # read on first use only: keeps start-up light

    head = po_file(code).read_text(encoding="utf-8")[:4000]
    match = _HEADER_LANGUAGE.search(head)
    locale = match.group(1) if match else code
    own = Locale.parse(locale).language_name or code
    return Language(code=code, name=own[:1].upper() + own[1:], locale=locale)


def name_in(code: Lang, reader: Lang) -> str:
    """The name of the language `code` in the language `reader` reads ("portoghese" in
    Italian), from Babel; its name in itself when Babel has none."""
    from babel import Locale

    named = Locale.parse(language(reader).locale).languages.get(code)
    return named or language(code).name


def codes() -> tuple[Lang, ...]:
    """The codes of the languages, French first."""
    return tuple(language.code for language in languages())


def language(code: Lang) -> Language:
    """The language of `code`; the reference language for a code the product lacks."""
    return next((lg for lg in languages() if lg.code == code), languages()[0])


def known(value: object) -> Lang | None:
    """`value` when it is a language's code, else None."""
    return value if isinstance(value, str) and value in codes() else None


def chosen(value: object) -> Lang:
    """`value` when it is a language's code, else the reference language."""
    return known(value) or REFERENCE


def best(accepted: str | None) -> Lang:
    """The first of a browser's languages (`it-CH,it;q=0.9,en;q=0.8`, or a locale `it_CH`)
    the product speaks, by the browser's preference; the reference language when none."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accepted or "").split(",")):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            quality = 0.0
        ranked.append((-quality, index, re.split(r"[-_]", tag.strip().lower())[0]))
    for _, _, code in sorted(ranked):
        if code in codes():
            return code
    return REFERENCE
