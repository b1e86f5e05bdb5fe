"""What the plan PDF prints besides user text: its strings in French and English, its
colours and sizes, number formats, and `plain` (user text made safe for the font)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from cdm_quality.domain.questionnaire import Lang, Text
from cdm_quality.domain.scoring import Classification
from cdm_quality.domain.synthesis import format_number
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

T = {
    "title": Text(fr="Plan d’amélioration de la qualité", en="Quality improvement plan"),
    "subtitle": Text(
        fr="Dossier de labellisation — 8.1.1 Synthèse des remarques · 8.1.2 Plan d’amélioration",
        en="Labelling file — 8.1.1 Synthesis of remarks · 8.1.2 Improvement plan",
    ),
    "running": Text(fr="8.1 Plan d’amélioration", en="8.1 Improvement plan"),
    "campaign": Text(fr="Campagne", en="Campaign"),
    "phase": Text(fr="Phase du label", en="Label phase"),
    "date": Text(fr="Édité le", en="Issued on"),
    "grids": Text(fr="Grilles évaluées", en="Grids assessed"),
    "grid": Text(fr="Grille", en="Grid"),
    "score": Text(fr="Score", en="Score"),
    "compliance": Text(fr="Conformité", en="Compliance"),
    "strengths": Text(fr="Points forts", en="Strengths"),
    "improvements": Text(fr="Axes d’amélioration", en="Areas for improvement"),
    "actions_count": Text(fr="{n} actions au plan", en="{n} actions in the plan"),
    "page": Text(fr="Page", en="Page"),
    "s811": Text(fr="8.1.1 Synthèse des remarques", en="8.1.1 Synthesis of remarks"),
    "s812": Text(fr="8.1.2 Plan d’amélioration", en="8.1.2 Improvement plan"),
    "timeline": Text(fr="Calendrier de mise en œuvre", en="Implementation schedule"),
    "by_section": Text(fr="Scores par section", en="Scores by section"),
    "section": Text(fr="Section", en="Section"),
    "previous": Text(fr="Campagne précédente", en="Previous campaign"),
    "network": Text(fr="Médiane du réseau", en="Network median"),
    "change": Text(fr="Évolution", en="Change"),
    "ref": Text(fr="Réf.", en="Ref."),
    "item": Text(fr="Item", en="Item"),
    "answer": Text(fr="Réponse", en="Answer"),
    "remark": Text(fr="Remarque", en="Remark"),
    "class": Text(fr="Classement", en="Classification"),
    "no": Text(fr="N°", en="No."),
    "action": Text(fr="Action", en="Action"),
    "description": Text(fr="Description", en="Description"),
    "indicator": Text(fr="Indicateur de réussite", en="Success indicator"),
    "items": Text(fr="Items liés", en="Linked items"),
    "owner": Text(fr="Responsable · partenaires", en="Owner · partners"),
    "dates": Text(fr="Début → échéance", en="Start → due"),
    "status": Text(fr="Statut", en="Status"),
    "priority": Text(fr="Priorité\n(E × F)", en="Priority\n(E × F)"),
    "continued": Text(fr="(suite)", en="(continued)"),
    "carried": Text(
        fr="Reprise d’une action du plan précédent.", en="Carried over from the previous plan."
    ),
    "from_recommendation": Text(
        fr="Recommandation de l’autorité de label du {date}.",
        en="Recommendation of the label authority of {date}.",
    ),
    "from_reservation": Text(
        fr="Réserve de l’autorité de label du {date}.",
        en="Reservation of the label authority of {date}.",
    ),
    "no_rows": Text(
        fr="Aucune réponse ni remarque pour cette grille.",
        en="No answer or remark for this grid.",
    ),
    "no_actions": Text(
        fr="Aucune action n’est encore inscrite au plan.", en="The plan has no action yet."
    ),
    "no_dates": Text(fr="Aucune action n’est datée.", en="No action has a date yet."),
    "priority_note": Text(
        fr="Priorité = efficacité (E, 1–4) × faisabilité (F, 1–4) : de 1 à 16.",
        en="Priority = effectiveness (E, 1–4) × feasibility (F, 1–4): from 1 to 16.",
    ),
    "phase_none": Text(fr="non précisée", en="not given"),
    "axis": Text(fr="Score (0–100)", en="Score (0–100)"),
    "summary": Text(fr="Synthèse d’ensemble", en="Executive summary"),
    "top_strengths": Text(fr="Principaux points forts", en="Main strengths"),
    "top_improvements": Text(fr="Principaux axes d’amélioration", en="Main areas for improvement"),
    "no_strength": Text(fr="Aucun point fort relevé.", en="No strength found."),
    "no_improvement": Text(
        fr="Aucun axe d’amélioration relevé.", en="No area for improvement found."
    ),
    "method": Text(fr="Méthode et validation", en="Method and validation"),
    "method_how": Text(
        fr="Chaque grille est remplie dans l’application par l’équipe de la Cité : un niveau et, "
        "si besoin, une remarque et une preuve par critère. La direction soumet ensuite "
        "l’autoévaluation. Un critère est un point fort quand son niveau atteint le seuil haut "
        "de la grille, un axe d’amélioration quand il reste au seuil bas ou en dessous ; les "
        "scores sont des moyennes pondérées de 0 à 100, comparées à la campagne précédente et "
        "à la médiane des autres Cités (donnée à partir de trois Cités).",
        en="Each grid is filled in the app by the Cité’s team: a level and, where useful, a "
        "remark and evidence for each criterion. The director then submits the "
        "self-assessment. A criterion is a strength when its level reaches the grid’s upper "
        "threshold, an area for improvement when it stays at or below the lower one; scores "
        "are weighted means from 0 to 100, set beside the previous campaign and the median of "
        "the other Cités (given from three Cités on).",
    ),
    "started": Text(fr="Commencée le {date}", en="Started on {date}"),
    "submitted": Text(fr="soumise le {date} par {who}", en="submitted on {date} by {who}"),
    "not_submitted": Text(fr="pas encore soumise", en="not submitted yet"),
    "participants": Text(fr="Participants : {who}", en="Participants: {who}"),
    "no_participants": Text(fr="non renseignés dans l’application", en="not recorded in the app"),
    "raters": Text(
        fr="Notes individuelles avant le consensus : {who}.",
        en="Individual ratings before the consensus: {who}.",
    ),
    "divergent": Text(
        fr="Avis divergents (deux niveaux d’écart ou plus) : {items}.",
        en="Views diverged (two levels apart or more): {items}.",
    ),
    "validated": Text(
        fr="Synthèse et plan validés par {body} le {date}.",
        en="Synthesis and plan validated by {body} on {date}.",
    ),
    "not_validated": Text(
        fr="Validation par le comité de pilotage : pas encore enregistrée dans l’application.",
        en="Validation by the steering committee: not yet recorded in the app.",
    ),
    "details": Text(fr="Section par section", en="Section by section"),
    "finding": Text(fr="Constat", en="Finding"),
    "criterion": Text(fr="Critère", en="Criterion"),
    "remark_kind": Text(fr="Remarque", en="Remark"),
    "section_scores": Text(
        fr="Score {score} / 100 · campagne précédente {previous} · médiane du réseau {network}",
        en="Score {score} / 100 · previous campaign {previous} · network median {network}",
    ),
    "nothing_notable": Text(
        fr="Ni point fort, ni axe d’amélioration, ni remarque.",
        en="No strength, no area for improvement, no remark.",
    ),
    "annex": Text(fr="Annexe — toutes les réponses", en="Annex — every answer"),
    "review": Text(
        fr="Bilan du plan précédent ({campaign})", en="Review of the previous plan ({campaign})"
    ),
    "no_review": Text(
        fr="Aucun plan d’amélioration n’a été enregistré pour la campagne précédente.",
        en="No improvement plan was recorded for the previous campaign.",
    ),
    "review_counts": Text(
        fr="{done} réalisée(s) · {carried} reprise(s) cette année · {unfinished} non terminée(s) "
        "et non reprise(s) · {abandoned} abandonnée(s)",
        en="{done} done · {carried} carried over this year · {unfinished} unfinished and not "
        "carried over · {abandoned} abandoned",
    ),
    "outcome": Text(fr="Issue", en="Outcome"),
    "indicator_result": Text(fr="Indicateur : cible → résultat", en="Indicator: target → result"),
    "when_why": Text(fr="Réalisée le · raison de l’abandon", en="Completed on · reason abandoned"),
    "actions": Text(fr="Actions", en="Actions"),
    "criteria": Text(fr="Critères visés", en="Criteria addressed"),
    "completed": Text(fr="le {date}", en="on {date}"),
    "overdue": Text(fr="⚠ échéance dépassée", en="⚠ past due"),
    "uncovered": Text(
        fr="Axes d’amélioration sans action", en="Areas for improvement without an action"
    ),
    "all_covered": Text(
        fr="Chaque axe d’amélioration relevé est couvert par une action du plan.",
        en="Every area for improvement found is covered by an action of the plan.",
    ),
    "grid_section": Text(fr="Grille · section", en="Grid · section"),
    "level": Text(fr="Niveau", en="Level"),
    "reason_missing": Text(fr="raison non donnée", en="no reason given"),
    "today": Text(fr="Aujourd’hui", en="Today"),
}
MONTHS = {
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
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


def fixed(value: float, decimals: int, lang: Lang) -> str:
    """A number with exactly `decimals` decimals, French or English separators: 55,0 / 55.0."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "fr" else text


def pct(value: float | None, lang: Lang) -> str:
    if value is None:
        return "—"
    return format_number(round(value), lang) + ("\u202f%" if lang == "fr" else "%")


def signed(value: float | None, lang: Lang) -> str:
    if value is None:
        return "—"
    rounded = round(value, 1)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return sign + fixed(abs(rounded), 1, lang)
