"""The 8.1.2 plan on the page: the editable table of actions, saved on each edit.

How an edit is saved: `st.data_editor` keeps the user's edits (changed cells, added rows,
deleted rows) in `st.session_state[key]`, relative to the rows it was given, which are kept
beside it with what is stored of each row shown (`<key>.tracked`: action id, version and
cells). On the next run — the one the edit triggers — `save_pending` saves the rows that
differ from what is stored (`services.plan.save_table`): all of them, or none when a row has
a problem (the messages name the row and the field, and the user's input stays in the table)
or when someone changed an action meanwhile. The editor stays the same across saves (its key
and rows unchanged: see `ui.editor_state`); it is drawn afresh from the database (a new key,
the generation) on a run it did not start, or after a proposal, a carry-over or a reload.
This bookkeeping relies on one run at a time per tab (`runner.fastReruns` off in
`.streamlit/config.toml`): a run started while another still saves would not know its rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from cdm_quality.domain import labels
from cdm_quality.domain.plan import (
    ActionDraft,
    ActionStatus,
    LaterDecision,
    review_counts,
    shorten,
)
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.domain.synthesis import format_date
from cdm_quality.reports import charts
from cdm_quality.services import database, plan
from cdm_quality.services.errors import ServiceError
from cdm_quality.services.network.campaigns import CampaignPublic
from cdm_quality.services.network.cites import CitePublic
from cdm_quality.services.people.access import Actor
from cdm_quality.services.plan import ActionConflict, ActionView, DeletedRow, EditedRow, PlanView
from cdm_quality.ui import auth, confirm, editor_state
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.i18n import current_lang, t, tn
from cdm_quality.ui.layout import Container
from cdm_quality.ui.tables import show_chart
from cdm_quality.ui.text import chart_dates, escape_markdown, local_time, person

EDITABLE = (
    "title",
    "status",
    "start",
    "due",
    "effectiveness",
    "feasibility",
    "item_ids",
    "owner",
    "partners",
    "indicator",
    "baseline",
    "target",
    "result",
    "people_days",
    "budget",
    "milestones",
    "completed_on",
    "abandon_reason",
    "description",
)
SHOWN = (*EDITABLE[:6], "priority", *EDITABLE[6:], "continues")  # the order on screen
DATES = ("start", "due", "completed_on")
SCORES = ("effectiveness", "feasibility", "priority")
PDF_MIME = "application/pdf"


@dataclass
class Outcome:
    """What the last save attempt gave: saved changes, row problems, or a refusal."""

    saved: plan.TableSaved | None = None
    problems: list[str] = field(default_factory=list)
    refusal: str | None = None


# --- keys and the rows the editor was given -----------------------------------------------


def _generation_key(cite_id: int, campaign_id: int) -> str:
    return f"plan.generation.{cite_id}.{campaign_id}"


def editor_key(cite_id: int, campaign_id: int) -> str:
    """The editor's key for this Cité and campaign; it stays the same across the saves of its
    own edits, and changes when the table is drawn afresh (`redraw`)."""
    generation = st.session_state.get(_generation_key(cite_id, campaign_id), 0)
    return f"plan.editor.{cite_id}.{campaign_id}.{generation}"


def redraw(cite_id: int, campaign_id: int) -> None:
    """Start a fresh editor from the database (unsaved edits are dropped)."""
    old = editor_key(cite_id, campaign_id)
    st.session_state.pop(f"{old}.tracked", None)
    key = _generation_key(cite_id, campaign_id)
    st.session_state[key] = st.session_state.get(key, 0) + 1


def action_cells(view: ActionView, items: dict[str, str], lang: Lang) -> dict[str, Any]:
    """An action as a table row: its cells by field name, as the reader of `lang` reads
    them (what a screen reader says of a cell is its value, not how it is drawn): linked
    items by their names (`items`: id → name; never an internal id), the status by its
    label, dates as dd/mm/yyyy."""
    action = view.action
    return {
        "title": action.title,
        "item_ids": [items[i] for i in action.item_ids if i in items],
        "description": action.description,
        "owner": action.owner,
        "partners": action.partners,
        "start": format_date(action.start, lang),
        "due": format_date(action.due, lang),
        "status": labels.label(labels.ACTION_STATUS, action.status.value, lang),
        "indicator": action.indicator,
        "baseline": action.baseline,
        "target": action.target,
        "result": action.result,
        "people_days": action.people_days,
        "budget": action.budget,
        "milestones": action.milestones,
        "completed_on": format_date(action.completed_on, lang),
        "abandon_reason": action.abandon_reason,
        "effectiveness": action.effectiveness,
        "feasibility": action.feasibility,
        "priority": action.priority,
        "continues": view.continues_campaign or "",
    }


def base_rows(view: PlanView, lang: Lang) -> list[dict[str, Any]]:
    """The rows the editor is given; `unnamed` keeps the linked items that have no name in
    this campaign's grids (not shown, and saved back unchanged)."""
    return [
        {
            "id": a.id,
            "version": a.version,
            "cells": action_cells(a, view.items, lang),
            "unnamed": [i for i in a.action.item_ids if i not in view.items],
        }
        for a in view.actions
    ]


def table_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as the editor shows them, numbered from 1 (the numbers messages use)."""
    frame = pd.DataFrame([row["cells"] for row in rows], columns=list(SHOWN))
    for name in SCORES:
        frame[name] = frame[name].astype("Int64")
    texts = ("title", "description", "owner", "partners", "indicator", "target", "result")
    more = ("baseline", "budget", "milestones")
    for name in (*DATES, *texts, *more, "abandon_reason"):
        frame[name] = frame[name].astype("object")  # dates stay `datetime.date` or None
    frame["people_days"] = frame["people_days"].astype("Float64")
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


# --- turning the editor's state into saved changes ----------------------------------------


@dataclass
class Stored:
    """A row of the editor as it is stored: its action, version and cells (as shown)."""

    id: int
    version: int | None
    cells: dict[str, Any]


@dataclass
class Tracked:
    """Beside the editor while it lives: the rows it was drawn with (`base`: each row's
    action id, version and cells), what is stored of each row it shows, by position (the rows
    drawn, then the rows added), and its edits when that was last brought up to date."""

    base: list[dict[str, Any]]
    stored: dict[int, Stored]
    seen: dict[str, Any]

    @classmethod
    def drawn(cls, base: list[dict[str, Any]]) -> Tracked:
        stored = {
            position: Stored(row["id"], row["version"], _editable(row["cells"]))
            for position, row in enumerate(base)
        }
        return cls(base, stored, editor_state.edits(None))

    def following(self, edits: dict[str, Any]) -> tuple[dict[int, Stored], list[Stored]]:
        """What is stored of each row shown by `edits`, and the stored rows no longer shown
        (an added row removed moves the ones after it up)."""
        first = len(self.base)
        moved = editor_state.moved_rows(self.seen["added_rows"], edits["added_rows"])
        stored = {p: row for p, row in self.stored.items() if p < first}
        for position, row in self.stored.items():
            if position >= first and position - first in moved:
                stored[first + moved[position - first]] = row
        gone = [r for p, r in self.stored.items() if p >= first and p - first not in moved]
        gone += [stored.pop(p) for p in edits["deleted_rows"] if p in stored]
        return stored, gone


def shown_rows(edits: dict[str, Any], base: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """The editable cells of each row the editor shows, by position (the rows drawn and not
    deleted, then the rows added)."""
    deleted = set(edits["deleted_rows"])
    shown = {
        position: _editable(row["cells"]) | _editable(edits["edited_rows"].get(position, {}))
        for position, row in enumerate(base)
        if position not in deleted
    }
    first = len(base)
    return shown | {first + i: _editable(row) for i, row in enumerate(edits["added_rows"])}


def pending(
    edits: dict[str, Any],
    tracked: Tracked,
    stored: dict[int, Stored],
    items: dict[str, str] | None = None,
) -> list[EditedRow]:
    """The rows shown that differ from what is stored of them (numbered as shown), each
    stored row with its version now; a new row has no id. Linked items come back from their
    names to their ids (`items`: id → name)."""
    ids = {name: item_id for item_id, name in (items or {}).items()}
    edited = []
    for position, cells in shown_rows(edits, tracked.base).items():
        known = stored.get(position)
        if known is not None and known.cells == cells:
            continue
        row = _item_ids(cells, ids)
        unnamed = tracked.base[position].get("unnamed") if position < len(tracked.base) else None
        if unnamed and isinstance(row.get("item_ids"), list):
            row["item_ids"] = [*row["item_ids"], *unnamed]
        if known is None:
            edited.append(EditedRow(row=position + 1, cells=row))
        else:
            edited.append(
                EditedRow(row=position + 1, id=known.id, version=known.version, cells=row)
            )
    return edited


def _editable(cells: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in cells.items() if name in EDITABLE}


def _item_ids(cells: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    """The cells with linked items named as shown turned back into item ids (a name not
    found is kept: the plan's check reports it as an unknown item)."""
    names = cells.get("item_ids")
    if not isinstance(names, list | tuple):
        return cells
    return {**cells, "item_ids": [ids.get(str(n), str(n)) for n in names]}


def save_pending(
    session: database.DbSession, actor: Actor, *, cite_id: int, campaign_id: int, lang: Lang
) -> Outcome | None:
    """Save the rows the user changed in the table since they were last saved; None when
    nothing was. A run the editor did not start, with nothing left to save, draws the table
    afresh from the database (priorities and statuses as stored, colleagues' changes)."""
    key = editor_key(cite_id, campaign_id)
    tracked, state = st.session_state.get(f"{key}.tracked"), st.session_state.get(key)
    if tracked is None or state is None:
        return None
    edits = editor_state.edits(state)
    stored, gone = tracked.following(edits)
    edited = pending(edits, tracked, stored, st.session_state.get(f"plan.names.{key}"))
    if not edited and not gone:
        if edits == tracked.seen and editor_state.has_edits(edits):
            redraw(cite_id, campaign_id)
        tracked.stored, tracked.seen = stored, edits
        return None
    deleted = [DeletedRow(id=row.id, version=row.version) for row in gone]
    try:
        saved = plan.save_table(
            session, actor, cite_id=cite_id, campaign_id=campaign_id, edited=edited, deleted=deleted
        )
    except ActionConflict as conflict:
        return Outcome(refusal=conflict_message(conflict))
    except ServiceError as error:
        return Outcome(refusal=t("plan.refused", reason=error_text(error)))
    if not saved.saved:
        return Outcome(problems=saved.messages(lang))
    shown = shown_rows(edits, tracked.base)
    for number, (action_id, version) in saved.stored.items():
        stored[number - 1] = Stored(action_id, version, shown[number - 1])
    tracked.stored, tracked.seen = stored, edits
    # a row just added, still blank, is not saved: it waits for the user to fill it
    return Outcome(saved=saved) if saved.changed else None


def conflict_message(conflict: ActionConflict) -> str:
    return t(
        "plan.conflict",
        who=conflict.changed_by,
        title=conflict.current.action.title,
        when=local_time(conflict.changed_at),
    )


# --- the page blocks ----------------------------------------------------------------------


def column_config(view: PlanView, lang: Lang) -> dict[str, Any]:
    """Column titles in `lang` (shared with the PDF) and the editing widgets."""
    names = {f: labels.label(labels.ACTION_FIELD, f, lang) for f in SHOWN}
    names["continues"] = t("plan.col.continues")
    statuses = [labels.label(labels.ACTION_STATUS, s.value, lang) for s in ActionStatus]
    column = st.column_config
    # No bounds: the editor would bring a 7 down to 4 without a word; the plan's check
    # refuses it, naming the row, and the typed value stays in the table.
    score = functools.partial(
        column.NumberColumn, step=1, format="%d", width=95, help=t("plan.score_help")
    )
    # Dates are text in the reader's format: a date column's cell reads as ISO to a screen
    # reader whatever its display format; the plan's check reads dd/mm/yyyy (or ISO).
    date = functools.partial(column.TextColumn, help=t("plan.date_help"), width=110, max_chars=10)
    return {
        "title": column.TextColumn(names["title"], width=280, max_chars=300),
        "item_ids": column.MultiselectColumn(
            names["item_ids"], options=list(view.items.values()), width="medium"
        ),
        "description": column.TextColumn(names["description"], width="medium"),
        "owner": column.TextColumn(names["owner"], max_chars=200),
        "partners": column.TextColumn(names["partners"]),
        "start": date(names["start"]),
        "due": date(names["due"]),
        # No default status: a row just added stays blank (and unsaved) until it gets a
        # title; a blank status is saved as "planned".
        "status": column.SelectboxColumn(names["status"], options=statuses),
        "indicator": column.TextColumn(names["indicator"]),
        "baseline": column.TextColumn(names["baseline"], max_chars=300),
        "target": column.TextColumn(names["target"], max_chars=300),
        "result": column.TextColumn(names["result"], max_chars=300),
        "people_days": column.NumberColumn(names["people_days"], min_value=0, step=0.5),
        "budget": column.TextColumn(names["budget"], max_chars=100),
        "milestones": column.TextColumn(names["milestones"], width="medium", max_chars=2000),
        "completed_on": date(names["completed_on"]),
        "abandon_reason": column.TextColumn(names["abandon_reason"], max_chars=1000),
        "effectiveness": score(names["effectiveness"]),
        "feasibility": score(names["feasibility"]),
        "priority": column.NumberColumn(names["priority"], disabled=True, format="%d"),
        "continues": column.TextColumn(names["continues"], disabled=True),
    }


def actions_table(view: PlanView, lang: Lang) -> None:
    """The editor (or a read-only table), its rows remembered for the next run."""
    config = column_config(view, lang)
    key = editor_key(view.cite.id, view.campaign.id)
    if not view.can_edit:
        frame = table_frame(base_rows(view, lang))
        st.dataframe(
            frame, column_config=config, column_order=list(SHOWN), placeholder="", key="plan.ro"
        )
        return
    tracked = st.session_state.get(f"{key}.tracked")
    if tracked is None or key not in st.session_state:  # a new editor, or not drawn last run
        tracked = st.session_state[f"{key}.tracked"] = Tracked.drawn(base_rows(view, lang))
    st.session_state[f"plan.names.{key}"] = view.items
    st.data_editor(
        table_frame(tracked.base),
        key=key,
        num_rows="dynamic",
        hide_index=False,
        placeholder="",
        column_config=config,
        column_order=list(SHOWN),
        width="stretch",
    )


def save_state(view: PlanView, outcome: Outcome | None) -> None:
    """Under the table: what is saved, or why nothing was."""
    if outcome and outcome.refusal:
        st.error(escape_markdown(outcome.refusal), icon=":material/sync_problem:")
        if st.button(t("plan.reload"), icon=":material/refresh:", key="plan.reload"):
            redraw(view.cite.id, view.campaign.id)
            st.rerun()
        return
    if outcome and outcome.problems:
        st.error(tn("plan.not_saved", len(outcome.problems)), icon=":material/error:")
        st.markdown("\n".join(f"- {escape_markdown(m)}" for m in outcome.problems))
        return
    if outcome and outcome.saved:
        now = local_time(outcome.saved.saved_at)
        st.success(tn("plan.saved_now", outcome.saved.changed, time=now), icon=":material/check:")
        return
    latest = max(view.actions, key=lambda a: a.updated_at, default=None)
    if latest is None:
        st.caption(t("plan.empty"))
    else:
        who = person(latest.updated_by)
        st.caption(t("plan.saved_at", when=local_time(latest.updated_at), who=who))


def timeline(view: PlanView, lang: Lang) -> None:
    """The Gantt chart of the plan, dates in the page's language, a dashed line on today."""
    st.subheader(t("plan.timeline"), anchor=False)
    actions = [a.action for a in view.actions]
    rows = len(charts.timeline_data(actions, lang))
    if not rows:
        st.info(t("plan.no_dates"))
        return
    chart = charts.timeline_chart(actions, lang, today=dt.date.today())
    chart = chart.configure(locale={"time": chart_dates(lang)})
    # A tick a month at most (labels that would overlap are dropped): never "mai, mai".
    chart = chart.configure_axisTemporal(tickCount={"interval": "month", "step": 1})
    # Streamlit ignores a layered chart's own height: give it, or the rows collapse.
    description = t("plan.timeline_description")
    show_chart(chart, description=description, key="plan.timeline", height=chart.height + 110)


def review(view: PlanView, lang: Lang) -> None:
    """What became of the previous plan's actions (done, carried over, unfinished,
    abandoned), with target → result and the completion date or the reason."""
    found = view.review
    if not found.lines:
        return
    with st.expander(t("plan.review", campaign=escape_markdown(found.campaign or "")), True):
        st.markdown(escape_markdown(review_counts(found, lang)))
        rows = [
            {
                labels.label(labels.ACTION_FIELD, "title", lang): line.action.title,
                t("plan.col.outcome"): labels.label(labels.REVIEW_OUTCOME, line.outcome, lang),
                t("plan.col.target_result"): _target_result(line.action),
                t("plan.col.when_why"): line.why or format_date(line.action.completed_on, lang),
            }
            for line in found.lines
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="plan.review")


def decisions(view: PlanView) -> dict[str, str]:
    """What this plan may still leave without acting, each with a reason (choice key →
    how it reads): the earlier plan's unfinished actions awaiting a decision, the authority's
    notes awaiting one and the areas for improvement with neither an action nor a reason.
    Keys: "action:<id>", "note:<id>", "item:<item id>"."""
    found = {
        f"action:{line.action.id}": t("plan.decide_action", title=line.action.title)
        for line in view.review.lines
        if line.outcome == "unfinished"
    }
    for note in view.recommendations:
        if note.action_id is None and not note.dropped:
            kind = t(f"review.kind.{note.kind}")
            date = format_date(note.written_on, current_lang())
            found[f"note:{note.note_id}"] = t(
                "plan.decide_note", kind=kind, date=date, text=shorten(note.text, 90)
            )
    reasons = {d.item_id for d in view.dismissals if d.item_id}
    for row in view.uncovered:
        if row.item_id not in reasons:
            name = view.items.get(row.item_id, row.title)
            key = "plan.decide_breach" if row.breach else "plan.decide_item"
            found[f"item:{row.item_id}"] = t(key, title=name)
    return found


def decide_form(view: PlanView) -> None:
    """The reason prompt: leave an earlier action or an authority's note without an action,
    with the reason printed in 8.1.2 (required: the service refuses a blank one)."""
    choices = decisions(view)
    if not view.can_edit or not choices:
        return
    st.subheader(t("plan.decide"), anchor=False)
    st.caption(t("plan.decide_intro"))
    with st.form("plan.decide", clear_on_submit=False):
        chosen = st.selectbox(
            t("plan.decide_what"),
            list(choices),
            format_func=choices.__getitem__,
            placeholder=t("widget.choose"),
            key="plan.decide.what",
        )
        reason = st.text_area(t("plan.decide_reason"), max_chars=1000, key="plan.decide.reason")
        sent = st.form_submit_button(t("plan.decide_submit"), icon=":material/block:")
    if sent and chosen:
        ids = _decided(chosen)
        dismissed = confirm.act(
            "plan.decide",
            lambda s, a: plan.dismiss(
                s, a, cite_id=view.cite.id, campaign_id=view.campaign.id, reason=reason, **ids
            ),
            t("plan.decide_done"),
        )
        if dismissed:
            st.session_state.pop("plan.decide.reason", None)
            st.rerun()
    confirm.told("plan.decide")


def _decided(choice: str) -> dict[str, Any]:
    """The service's keyword for a choice of `decisions`: an item id, or an action or note id."""
    kind, ref = choice.split(":", 1)
    return {"item_id": ref} if kind == "item" else {f"{kind}_id": int(ref)}


def dropped_notes(view: PlanView) -> None:
    """The authority's notes this plan left without an action, each with its reason."""
    lines = [
        t(
            "plan.note_dropped",
            kind=t(f"review.kind.{note.kind}"),
            date=format_date(note.written_on, current_lang()),
            text=escape_markdown(shorten(note.text, 90)),
            reason=escape_markdown(note.dropped),
        )
        for note in view.recommendations
        if note.dropped
    ]
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))


def _target_result(action: ActionDraft) -> str:
    if not (action.target or action.result):
        return ""
    return f"{action.target or '…'} → {action.result or '…'}"


def overdue(view: PlanView) -> None:
    """A warning naming the unfinished actions whose due date has passed."""
    today = dt.date.today()
    late = [a.action.title for a in view.overdue(today)]
    if late:
        titles = ", ".join(f"« {escape_markdown(title)} »" for title in late)
        st.warning(t("plan.overdue", titles=titles), icon=":material/schedule:")
    answered = [(a.action.title, view.later.get(a.action.id or -1)) for a in view.actions]
    lines = [f"« {title} » : {later_text(later)}" for title, later in answered if later]
    if lines:
        st.info(escape_markdown(t("plan.later", lines=" ; ".join(lines))))


def later_text(later: LaterDecision) -> str:
    """What a later plan did with an action: carried it over, or left it with its reason."""
    if later.carried:
        return t("pdf.later_carried", campaign=later.campaign)
    return t("pdf.later_dropped", campaign=later.campaign, reason=later.reason)


def uncovered(view: PlanView) -> None:
    """The areas for improvement that no action covers yet."""
    st.subheader(t("plan.uncovered"), anchor=False)
    if not view.uncovered:
        st.caption(t("plan.all_covered"))
        return
    reasons = {d.item_id: d.reason for d in view.dismissals if d.item_id}
    rows = [
        {
            t("plan.col.criterion"): view.items.get(row.item_id, row.title)
            + (f" — {t('synthesis.breach')}" if row.breach else ""),
            t("plan.col.section"): row.section_title,
            t("plan.col.level"): row.answer or "",
            t("plan.col.not_retained"): reasons.get(row.item_id, "⚠"),
            t("plan.col.remark"): row.remark,
        }
        for row in view.uncovered
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="plan.uncovered")


def pdf_name(cite: CitePublic, campaign: CampaignPublic, lang: Lang) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in cite.name.lower()).strip("-")
    return f"plan-{slug}-{campaign.year}-{lang}.pdf"


def pdf_button(
    actor: Actor,
    cite: CitePublic,
    campaign: CampaignPublic,
    lang: Lang,
    container: Container = st,
    *,
    annex: bool = True,
) -> None:
    """Download the 8.1.1 + 8.1.2 PDF in `lang` (the Cité's working language, or the reader's:
    `ui.document_lang`), built only when clicked (on a thread of Streamlit's: it opens its own
    session)."""

    def build() -> bytes:
        with auth.signed_in_session(actor) as session:
            return plan.plan_pdf(
                session, actor, cite_id=cite.id, campaign_id=campaign.id, lang=lang, annex=annex
            )

    container.download_button(
        t("plan.pdf"),
        data=build,
        file_name=pdf_name(cite, campaign, lang),
        mime=PDF_MIME,
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key=f"plan.pdf.{cite.id}.{campaign.id}",
    )
