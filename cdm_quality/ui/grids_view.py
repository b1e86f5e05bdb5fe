"""On the labelling file's fill page, what the tool fills in itself
(`services.labelling.self_assessment`):
the Cité's self-assessment above 7.1–7.4 (and its CDM21 review's service offer above 7.3),
the partners' feedback above 8.2, and the evolutions
since the previous file offered to 8.3's table, added by one button and then edited."""

from __future__ import annotations

from typing import Any

import streamlit as st

from cdm_quality.domain import evolutions, self_assessment
from cdm_quality.domain.answers import UNCHANGED_STATUS
from cdm_quality.domain.loader import DOSSIER_ID
from cdm_quality.domain.questionnaire import Item, Lang
from cdm_quality.services import database
from cdm_quality.services.labelling.self_assessment import FromGrids, from_grids
from cdm_quality.services.people.access import Actor
from cdm_quality.services.responses import AnswerView
from cdm_quality.ui.fill_state import save
from cdm_quality.ui.i18n import t
from cdm_quality.ui.memo import remembered
from cdm_quality.ui.text import escape_markdown


def load(
    session: database.DbSession,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    questionnaire_id: str,
    lang: Lang,
) -> FromGrids | None:
    """What the grids and the history fill in, for the labelling file only (kept a few
    seconds: the page reruns on every answer)."""
    if questionnaire_id != DOSSIER_ID:
        return None
    return remembered(
        f"from_grids.{cite_id}.{campaign_id}.{lang}",
        lambda: from_grids(session, actor, cite_id=cite_id, campaign_id=campaign_id, lang=lang),
    )


def wanted(item: Item) -> bool:
    """Whether the tool fills in part of this labelling-file item."""
    return (
        item.dossier in self_assessment.AXES
        or item.dossier == self_assessment.FEEDBACK
        or item.id == evolutions.EVOLUTIONS
    )


def panel(
    grids: FromGrids, item: Item, rid: int, stored: AnswerView | None, *, editable: bool, lang: Lang
) -> None:
    """The part of `item` the tool fills in, above what the Cité writes."""
    if item.dossier in self_assessment.AXES:
        axis(grids.axis(item.dossier or ""), item, lang)
        review = grids.review(item.dossier or "")
        if review:
            answers(review[0].grid, review, key=f"review-{item.id.replace('.', '-')}")
    elif item.dossier == self_assessment.FEEDBACK:
        answers(t("self_assessment.feedback"), grids.feedback, key="partners-feedback")
        if not grids.feedback:
            st.caption(t("self_assessment.no_feedback"))
    elif item.id == evolutions.EVOLUTIONS:
        offered(grids, item, rid, stored, editable=editable)


def axis(results: list[self_assessment.AxisResult], item: Item, lang: Lang) -> None:
    with st.container(border=True, key=f"self-assessment-{item.id.replace('.', '-')}"):
        st.markdown(f"**{t('self_assessment.title')}**")
        st.caption(t("self_assessment.help"))
        if not results:
            st.caption(t("self_assessment.none"))
        for result in results:
            grid = escape_markdown(self_assessment.grid_text(result, lang))
            score = escape_markdown(self_assessment.score_text(result, lang))
            lines = [f"**{grid}** — {score}"]
            for key, found in self_assessment.listed(result):
                lines.append(f"\n*{t(key)}*\n")
                lines += [f"- {escape_markdown(line)}" for line in found]
            st.markdown("\n".join(lines))


def answers(title: str, found: list[self_assessment.GridAnswer], *, key: str) -> None:
    """A grid's answers that feed the item: each question over its answer."""
    with st.container(border=True, key=key):
        st.markdown(f"**{escape_markdown(title)}**")
        for answer in found:
            st.markdown(f"*{escape_markdown(answer.question)}*")
            st.text(answer.answer)


def offered(
    grids: FromGrids, item: Item, rid: int, stored: AnswerView | None, *, editable: bool
) -> None:
    """The evolutions the tool knows of, and a button that adds those missing to the table."""
    if not grids.evolutions:
        return
    value: dict[str, Any] = dict(stored.value) if stored and stored.value else {}
    rows = list(value.get("rows") or [])
    added = evolutions.merged(rows, grids.evolutions)
    with st.container(border=True, key="evolutions-offered"):
        st.markdown(f"**{t('self_assessment.offered')}**")
        st.caption(t("self_assessment.offered_help"))
        st.markdown(
            "\n".join(
                f"- {row['annee']} — {escape_markdown(str(row['changement']))}"
                for row in grids.evolutions
            )
        )
        st.button(
            t("self_assessment.offer"),
            icon=":material/playlist_add:",
            key=f"offer.{rid}.{item.id}",
            disabled=not editable or added == rows,
            on_click=save,
            args=(rid, item, {"value": _with_rows(value, added)}),
            kwargs={"typed": {}},
        )


def _with_rows(value: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The answer with `rows`: a draft unless it was ready ("unchanged" no longer holds)."""
    status = value.get("status")
    if status in (None, UNCHANGED_STATUS):
        status = "brouillon"
    return {"status": status, "text": value.get("text") or "", "rows": rows}
