"""What is due, at the top of the overview (`services.network.inbox`): self-assessments to submit,
the authority's recommendations and reservations to answer, plan actions past their date —
each with its date, overdue ones marked, and a button to where it is done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from cdm_quality.domain.questionnaire import Lang
from cdm_quality.services import database
from cdm_quality.services.assessment import review
from cdm_quality.services.network import campaigns, inbox
from cdm_quality.services.network.inbox import Due, InboxEntry
from cdm_quality.services.people.access import Actor
from cdm_quality.ui import fill_view, review_view
from cdm_quality.ui.i18n import t, tn
from cdm_quality.ui.text import date_text, escape_markdown

SHOWN = 5  # entries shown before "n more"


@dataclass(frozen=True)
class Line:
    """One entry as shown, with where its button leads."""

    entry: InboxEntry
    text: str
    questionnaire_id: str = ""  # the questionnaire page's target (submit, answer)
    response_id: int = 0
    section_id: str = ""


def lines(session: database.DbSession, actor: Actor, *, today: dt.date, lang: Lang) -> list[Line]:
    """The actor's inbox as lines to show (names, never ids)."""
    found = inbox.inbox(session, actor, today=today)
    titles: dict[int, dict[str, str]] = {}
    shown = []
    for entry in found:
        if entry.due is Due.submit:
            if entry.campaign_id not in titles:
                campaign = campaigns.get_campaign(session, actor, campaign_id=entry.campaign_id)
                titles[entry.campaign_id] = fill_view.titles(session, actor, campaign, lang)
            title = titles[entry.campaign_id].get(entry.title, entry.title)
            line = Line(entry, t("inbox.due.submit", title=title), entry.title, entry.ref_id)
        elif entry.due is Due.answer:
            line = _answer_line(session, actor, entry, lang)
        elif entry.plan_campaign_id is not None:
            title = review_view.shortened(entry.title)
            line = Line(entry, t("inbox.due.decide", title=title))
        else:
            line = Line(entry, t("inbox.due.action", title=review_view.shortened(entry.title)))
        shown.append(line)
    return shown


def _answer_line(session: database.DbSession, actor: Actor, entry: InboxEntry, lang: Lang) -> Line:
    note = review.get_note(session, actor, note_id=entry.ref_id)
    place = review_view.places(session, actor, [note], lang)[note.id]
    kind = t(f"review.kind.{note.kind.value}")
    text = t("inbox.due.answer", title=f"{kind} — {review_view.shortened(note.text)}")
    return Line(entry, text, place.questionnaire_id, note.response_id, place.section_id)


def show(found: list[Line]) -> None:
    """The entries in a bordered box, the first few at once and the others in an expander."""
    with st.container(border=True, key="inbox"):
        st.markdown(f"**{t('inbox.title')}**")
        if not found:
            st.caption(t("inbox.empty"))
            return
        for line in found[:SHOWN]:
            _line(line)
        if len(found) > SHOWN:
            with st.expander(tn("inbox.more", len(found) - SHOWN)):
                for line in found[SHOWN:]:
                    _line(line)


def _line(line: Line) -> None:
    entry = line.entry
    left, right = st.columns([5, 1], vertical_alignment="center")
    when = t("inbox.due_on", date=date_text(entry.due_on)) if entry.due_on else t("inbox.no_date")
    where = t("inbox.where", cite=entry.cite_name, campaign=entry.campaign_name)
    text = f"{escape_markdown(line.text)}  \n{escape_markdown(where)} · {escape_markdown(when)}"
    if entry.overdue:
        text += f" :red-badge[{t('inbox.overdue')}]"
    left.markdown(text)
    if right.button(t("inbox.go"), key=button_key(entry)):
        go(line)


def button_key(entry: InboxEntry) -> str:
    """The entry's button: by what it refers to (a questionnaire not started has no id)."""
    ref = entry.ref_id or f"{entry.cite_id}.{entry.campaign_id}.{entry.questionnaire_id}"
    return f"inbox.{entry.due.value}.{ref}"


def go(line: Line) -> None:
    """Where the entry is done: the questionnaire (its section) or the plan (the open one
    for an action of a closed plan: it is carried over or dropped there)."""
    entry = line.entry
    if entry.due is Due.action:
        campaign_id = entry.plan_campaign_id or entry.campaign_id
        review_view.open_plan(campaign_id=campaign_id, cite_id=entry.cite_id)
    else:
        review_view.open_fill(
            campaign_id=entry.campaign_id,
            cite_id=entry.cite_id,
            questionnaire_id=line.questionnaire_id,
            response_id=line.response_id,
            section_id=line.section_id,
        )
