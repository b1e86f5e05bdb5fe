"""What the plan PDF prints besides user text: its colours and sizes, number formats, and
`plain` (user text made safe for the font). Its words are the `pdf.*` messages of the
catalogues (`cdm_quality/locale`, read by `domain.texts`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from cdm_quality.domain.formats import fixed, percent
from cdm_quality.domain.languages import Lang
from cdm_quality.domain.scoring import Classification
from cdm_quality.reports.table import Style

FONTS_DIR = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
MARGIN = 14.0
BODY_PT = 7.5
LINE = 3.4  # mm per line at BODY_PT
NAVY = (31, 78, 121)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
RULE = (206, 212, 218)
TABLE_STYLE = Style(family=FAMILY, size=BODY_PT, line=LINE)
CLASS_STYLE = {
    Classification.strength: ((226, 239, 218), (46, 104, 30)),
    Classification.improvement: ((252, 228, 214), (165, 72, 0)),
    Classification.neutral: ((240, 240, 240), (90, 90, 90)),
}


# --- Text ----------------------------------------------------------------------------------

_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_NEEDS_SHAPING = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@cache
def _font_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONTS_DIR / "DejaVuSans.ttf", lazy=True) as font:
        return frozenset(font.getBestCmap())


def plain(text: str | None) -> str:
    """Text as the PDF prints it: no control or bidi-override characters, tabs as spaces,
    characters the font lacks as U+FFFD (joiners and variation selectors dropped)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\t", "    ").translate(_BIDI_CONTROLS)
    known = _font_codepoints()
    odd = {ch for ch in set(text) if ch != "\n" and (ch < " " or ord(ch) not in known)}
    return text.translate({ord(ch): _replacement(ch) for ch in odd}) if odd else text


def _replacement(ch: str) -> str:
    """Nothing for controls, joiners, modifiers and marks the font lacks; U+FFFD otherwise."""
    if ch < " " or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc", "Sk"):
        return ""
    return "\ufffd"


def needs_shaping(texts: Sequence[str]) -> bool:
    """Whether any text holds a right-to-left script that HarfBuzz must shape and order."""
    return any(_NEEDS_SHAPING.search(t) for t in texts if t)


def shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


# --- Number formats ----------------------------------------------------------------------


def score_text(
    value: float | None, lang: Lang, *, decimals: int = 0, suffix: str = "", blank: str = "—"
) -> str:
    if value is None:
        return blank
    return fixed(value, decimals, lang) + suffix


def pct(value: float | None, lang: Lang) -> str:
    return "—" if value is None else percent(value, lang)


def signed(value: float | None, lang: Lang) -> str:
    if value is None:
        return "—"
    rounded = round(value, 1)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return sign + fixed(abs(rounded), 1, lang)
