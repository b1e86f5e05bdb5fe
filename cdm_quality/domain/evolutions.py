"""Item 8.3 of the labelling file pre-filled: what changed in the Cité since its previous
file, from what the tool already knows — the label's decisions, the opening hours (3.2) and
the partners (4.1) of the two files. The rows are offered to the Cité, who edits them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from cdm_quality.domain import formats, labels, table_rows, texts
from cdm_quality.domain.questionnaire import Lang, Questionnaire

EVOLUTIONS = "complements.evolutions"  # 8.3
HOURS = "offre.horaires"  # 3.2
PARTNERS = "organisation.partenaires"  # 4.1


class Decision(Protocol):
    """A labelling decision as 8.3 tells it (`storage.PhaseEventBase`'s fields)."""

    @property
    def phase(self) -> str: ...

    @property
    def decision(self) -> str: ...

    @property
    def decided_on(self) -> dt.date: ...


def evolution_rows(
    plan: Questionnaire,
    *,
    year: int,
    since: int | None,
    decisions: Sequence[Decision],
    now: Mapping[str, Any],
    before: Mapping[str, Any] | None,
    lang: Lang,
) -> list[dict[str, Any]]:
    """Rows {annee, changement} for 8.3: the decisions taken after the previous file's year
    `since` (all of them without a previous file), then, dated `year`, the opening hours that
    changed and the partners who joined or left since the previous file (`before`)."""
    rows = [
        {"annee": d.decided_on.year, "changement": _decision(d, lang)}
        for d in decisions
        if (since is None or d.decided_on.year > since) and d.decided_on.year <= year
    ]
    if before is not None:
        changes = _hours(plan, _rows(before, HOURS), _rows(now, HOURS), lang)
        changes += _partners(_rows(before, PARTNERS), _rows(now, PARTNERS), lang)
        rows += [{"annee": year, "changement": change} for change in changes]
    return rows


def _rows(values: Mapping[str, Any], item_id: str) -> list[dict[str, Any]]:
    value = values.get(item_id)
    return list(value.get("rows") or []) if isinstance(value, Mapping) else []


def _decision(d: Decision, lang: Lang) -> str:
    return texts.text(
        "evolution.decision",
        lang,
        date=formats.date(d.decided_on, lang),
        phase=labels.label(labels.PHASE, d.phase, lang),
        decision=texts.text(f"decision.{d.decision}", lang),
    )


def _hours(
    plan: Questionnaire, before: list[dict[str, Any]], now: list[dict[str, Any]], lang: Lang
) -> list[str]:
    item = plan.item(HOURS)
    if item is None or not before or not now:
        return []
    columns = {c.id: c for c in table_rows.columns(item)}
    was = {row.get("periode"): row.get("heures") for row in before}
    found = []
    for row in now:
        period, hours = row.get("periode"), row.get("heures")
        if period in was and was[period] != hours and hours is not None:
            found.append(
                texts.text(
                    "evolution.hours",
                    lang,
                    period=table_rows.cell_text(columns["periode"], period, lang),
                    before=table_rows.cell_text(columns["heures"], was[period], lang) or "—",
                    now=table_rows.cell_text(columns["heures"], hours, lang),
                )
            )
    return found


def _partners(before: list[dict[str, Any]], now: list[dict[str, Any]], lang: Lang) -> list[str]:
    if not before:
        return []
    was = [str(row.get("nom") or "").strip() for row in before]
    are = [str(row.get("nom") or "").strip() for row in now]
    joined = [name for name in are if name and name not in was]
    left = [name for name in was if name and name not in are]
    return [texts.text("evolution.joined", lang, name=name) for name in joined] + [
        texts.text("evolution.left", lang, name=name) for name in left
    ]


def merged(rows: list[dict[str, Any]], offered: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows with the offered rows it does not hold yet added at the end."""
    have = {(row.get("annee"), row.get("changement")) for row in rows}
    return rows + [r for r in offered if (r["annee"], r["changement"]) not in have]
