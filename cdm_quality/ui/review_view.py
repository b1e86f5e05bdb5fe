"""The label authority's review on the pages: its notes (comments, recommendations,
reservations) where the Cité reads them — on the overview, beside the item on the
questionnaire page — with the Cité's answer and "turn into an action", and the form where the
authority writes one while reading the submitted self-assessment.

Who sees what: the Cité's director and contributors (who answer) and the label authority and
admins (who write); an invited assessor only rates, and sees none of it. The services
(`services.assessment.review`) check every call again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st

from cdm_quality.domain.questionnaire import Item, Lang, Questionnaire, Section
from cdm_quality.services import database, plan, responses
from cdm_quality.services.assessment import review
from cdm_quality.services.assessment.review import NoteKind, NoteView
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.cites import CitePublic
from cdm_quality.services.people.access import Actor, Permission, allowed
from cdm_quality.ui import confirm, navigation, plan_view, selection
from cdm_quality.ui.fill_state import section_key
from cdm_quality.ui.i18n import t
from cdm_quality.ui.text import DATE_INPUT_FORMAT, date_text, escape_markdown, local_time, person

KIND_COLOURS = {"comment": "gray", "recommendation": "blue", "reservation": "orange"}
SHORT = 90  # characters of a note or an item shown in a one-line label


def sees_notes(actor: Actor, cite_id: int) -> bool:
    """The Cité's people who answer (director, contributors) and those who review; not an
    invited assessor, who only rates (`Permission.read_review`, held by the services too)."""
    return allowed(actor, Permission.read_review, cite_id)


def shortened(text: str, limit: int = SHORT) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# --- where a note points ------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a note points, by name: its questionnaire, section (for the page's navigation)
    and what it is about (an item, a section or the whole self-assessment)."""

    questionnaire_id: str
    questionnaire: str
    section_id: str
    about: str


def item_name(item: Item, lang: Lang) -> str:
    number = f"{item.dossier} · " if item.dossier else ""
    return number + item.text(lang)


def place_of(note: NoteView, q: Questionnaire, lang: Lang) -> Place:
    section: Section | None
    if note.item_id:
        item = q.item(note.item_id)
        section = q.section_of(note.item_id)
        about = shortened(item_name(item, lang)) if item else t("review.gone")
    elif note.section_id:
        section = next((s for s in q.sections if s.id == note.section_id), None)
        about = t("review.section", title=section.title(lang)) if section else t("review.gone")
    else:
        section, about = None, t("review.whole")
    return Place(q.id, q.title(lang), section.id if section else "", about)


def places(
    session: database.DbSession, actor: Actor, notes: list[NoteView], lang: Lang
) -> dict[int, Place]:
    """Note id → where it points (each response's questionnaire read once)."""
    frozen: dict[int, Questionnaire] = {}
    found = {}
    for note in notes:
        if note.response_id not in frozen:
            response = responses.readable_response(session, actor, response_id=note.response_id)
            frozen[note.response_id] = campaigns.campaign_questionnaire(
                session,
                actor,
                campaign_id=response.campaign_id,
                questionnaire_id=response.questionnaire_id,
            )
        found[note.id] = place_of(note, frozen[note.response_id], lang)
    return found


def action_titles(
    session: database.DbSession, actor: Actor, notes: list[NoteView]
) -> dict[int, str]:
    """Action id → title, for the notes turned into actions."""
    linked = {(n.cite_id, n.campaign_id) for n in notes if n.action_id is not None}
    return {
        view.id: view.action.title
        for cite_id, campaign_id in linked
        for view in plan.list_actions(session, actor, cite_id=cite_id, campaign_id=campaign_id)
    }


# --- going where a note or an entry points -----------------------------------------------


def open_fill(
    *, campaign_id: int, cite_id: int, questionnaire_id: str, response_id: int, section_id: str
) -> None:
    """The questionnaire page on that response's section (a page switch: call it in the run,
    not in a callback)."""
    st.session_state[selection.CAMPAIGN_KEY] = campaign_id
    st.session_state[selection.CITE_KEY] = cite_id
    selection.open_questionnaire(questionnaire_id)
    params = {"q": questionnaire_id}
    if section_id:
        st.session_state[section_key(response_id)] = section_id
        params["s"] = section_id
    st.switch_page(navigation.page_of("fill"), query_params=params)


def open_plan(*, campaign_id: int, cite_id: int) -> None:
    st.session_state[selection.CAMPAIGN_KEY] = campaign_id
    st.session_state[selection.CITE_KEY] = cite_id
    st.switch_page(navigation.page_of("plan"))


# --- one note -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Notes:
    """The notes a page shows, with what the reader may do with them."""

    notes: list[NoteView]
    can_answer: bool  # the Cité's director and contributors
    can_write: bool  # the label authority and admins
    actions: dict[int, str] = field(default_factory=dict)  # action id → title
    places: dict[int, Place] = field(default_factory=dict)  # note id → where it points
    closed: dict[int, str] = field(default_factory=dict)  # campaigns not open: id → name

    def on_item(self, item_id: str) -> list[NoteView]:
        return [n for n in self.notes if n.item_id == item_id]

    def on_section(self, section_id: str) -> list[NoteView]:
        return [n for n in self.notes if not n.item_id and n.section_id == section_id]

    def on_whole(self) -> list[NoteView]:
        return [n for n in self.notes if not n.item_id and not n.section_id]


def load(
    session: database.DbSession,
    actor: Actor,
    *,
    cite_id: int,
    lang: Lang,
    campaign_id: int | None = None,
    response_id: int | None = None,
) -> Notes | None:
    """The notes of a Cité's campaign or response, as the actor may see them (None: none to
    see, as for an invited assessor)."""
    if not sees_notes(actor, cite_id):
        return None
    found = review.list_notes(
        session, actor, cite_id=cite_id, campaign_id=campaign_id, response_id=response_id
    )
    return Notes(
        found,
        can_answer=allowed(actor, Permission.fill, cite_id),
        can_write=allowed(actor, Permission.review, cite_id),
        actions=action_titles(session, actor, found),
        places=places(session, actor, found, lang) if response_id is None else {},
        closed=closed_campaigns(session, actor, {n.campaign_id for n in found}),
    )


def closed_campaigns(
    session: database.DbSession, actor: Actor, campaign_ids: set[int]
) -> dict[int, str]:
    """The campaigns among `campaign_ids` whose plans no longer change (not open), by name."""
    found = [campaigns.get_campaign(session, actor, campaign_id=cid) for cid in campaign_ids]
    return {c.id: c.name for c in found if c.state.value != "open"}


def label(note: NoteView, place: Place | None, today: dt.date) -> str:
    """One line: kind, what it is about, its due date and whether it is answered."""
    parts = [t(f"review.kind.{note.kind.value}")]
    if place is not None:
        parts.append(f"{place.questionnaire} — {place.about}")
    if note.asks:
        if note.due_on is not None:
            parts.append(t("review.due_on", date=date_text(note.due_on)))
        parts.append(t("review.answered") if note.reply else t("review.awaiting"))
    text = " · ".join(escape_markdown(p) for p in parts)
    if note.overdue(today):
        text += f" · :red[{t('inbox.overdue')}]"  # a label takes colours, not badges
    return text


def show_note(note: NoteView, notes: Notes, *, today: dt.date) -> None:
    """A note: kind, due date, text, who wrote it; the Cité's answer or the way to give it;
    its plan action or the button making it one."""
    with st.container(border=True, key=f"note-{note.id}"):
        badge = f":{KIND_COLOURS[note.kind.value]}-badge[{t(f'review.kind.{note.kind.value}')}]"
        due = ""
        if note.due_on is not None:
            due = " " + escape_markdown(t("review.due_on", date=date_text(note.due_on)))
        if note.overdue(today):
            due += f" :red-badge[{t('inbox.overdue')}]"
        st.markdown(badge + due)
        st.markdown(escape_markdown(note.text))
        st.caption(
            t(
                "review.written",
                when=local_time(note.created_at),
                who=person(note.created_by),
            )
        )
        if note.asks:
            _answer_part(note, notes)
        confirm.told(f"review.note.{note.id}")


def _answer_part(note: NoteView, notes: Notes) -> None:
    if note.reply:
        st.markdown(
            t(
                "review.reply_shown",
                when=local_time(note.replied_at),
                who=person(note.replied_by),
                text=escape_markdown(note.reply),
            )
        )
    elif not notes.can_answer:
        st.caption(t("review.awaiting"))
    if note.action_id is not None:
        title = notes.actions.get(note.action_id)
        shown = t("review.linked", title=escape_markdown(title)) if title else None
        st.markdown(":green[:material/link:] " + (shown or t("review.linked_plain")))
        if st.button(
            t("review.open_plan"), key=f"review.plan.{note.id}", icon=":material/event_note:"
        ):
            open_plan(campaign_id=note.campaign_id, cite_id=note.cite_id)
    if notes.can_answer:
        _reply_form(note)
        closed = notes.closed.get(note.campaign_id)
        if note.action_id is None and closed is not None:
            st.caption(t("review.no_action_closed", campaign=escape_markdown(closed)))
        elif note.action_id is None:
            st.button(
                t("review.to_action"),
                key=f"review.to_action.{note.id}",
                icon=":material/add_task:",
                help=t("review.to_action_help"),
                on_click=_to_action,
                args=(note.id, note.cite_id, note.campaign_id),
            )


def _reply_form(note: NoteView) -> None:
    with st.form(key=f"review.reply.{note.id}", border=False):
        text = st.text_area(t("review.your_answer"), value=note.reply, max_chars=5000, height=80)
        if st.form_submit_button(t("review.send_answer"), icon=":material/reply:"):
            done = confirm.act(
                f"review.note.{note.id}",
                lambda s, a: review.reply_to_note(s, a, note_id=note.id, reply=text),
                t("review.answer_saved"),
            )
            if done:
                st.rerun()


def _to_action(note_id: int, cite_id: int, campaign_id: int) -> None:
    """Turn the note into a plan action (callback); the plan's editor starts afresh."""
    done = confirm.act(
        f"review.note.{note_id}",
        lambda s, a: review.make_action(s, a, note_id=note_id),
        t("review.action_made"),
    )
    if done:
        plan_view.redraw(cite_id, campaign_id)


# --- the authority writes -----------------------------------------------------------------


def write_form(rid: int, q: Questionnaire, section: Section, lang: Lang) -> None:
    """Under a section of a submitted self-assessment: a note on the whole, on this section
    or on one of its items, with a due date for a recommendation or a reservation."""
    about = {
        "": t("review.whole"),
        f"s:{section.id}": t("review.section", title=section.title(lang)),
    }
    about |= {f"i:{item.id}": shortened(item_name(item, lang)) for item in section.items}
    kinds = {kind: t(f"review.kind.{kind.value}") for kind in NoteKind}
    key = f"review.write.{rid}"
    with st.container(border=True, key=f"review-write-{rid}"):
        st.markdown(f"**{t('review.write')}**")
        with st.form(key=key, border=False):
            target = st.selectbox(
                t("review.about"),
                list(about),
                format_func=about.__getitem__,
                key=f"{key}.about",
                placeholder=t("widget.choose"),
            )
            kind = st.radio(
                t("review.kind"),
                list(kinds),
                format_func=kinds.__getitem__,
                horizontal=True,
                key=f"{key}.kind",
            )
            text = st.text_area(t("review.text"), max_chars=5000, key=f"{key}.text")
            due = st.date_input(
                t("review.due"),
                value=None,
                format=DATE_INPUT_FORMAT,
                help=t("review.due_hint"),
                key=f"{key}.due",
            )
            if st.form_submit_button(t("review.save"), icon=":material/rate_review:"):
                _write(rid, key, str(target or ""), NoteKind(kind), text, due)
        confirm.told(key)


def _write(rid: int, key: str, target: str, kind: NoteKind, text: str, due: dt.date | None) -> None:
    where = {"item_id": target[2:]} if target.startswith("i:") else {}
    if target.startswith("s:"):
        where = {"section_id": target[2:]}
    done = confirm.act(
        key,
        lambda s, a: review.add_note(
            s, a, response_id=rid, kind=kind, text=text, due_on=due, **where
        ),
        t("review.saved"),
    )
    if done:
        for part in ("text", "due"):
            st.session_state.pop(f"{key}.{part}", None)
        st.rerun()


# --- the overview -------------------------------------------------------------------------


def campaign_notes(notes: Notes, *, today: dt.date) -> None:
    """The campaign's notes under the questionnaires: one line each (kind, what it is about,
    due date, answered or not), opening to the note and a way to its question."""
    st.subheader(t("review.title"), anchor=False)
    if not notes.notes:
        st.caption(t("review.none"))
        return
    for note in notes.notes:
        place = notes.places.get(note.id)
        waiting = note.asks and not note.reply and notes.can_answer
        with st.expander(label(note, place, today), expanded=waiting):
            show_note(note, notes, today=today)
            if place is not None and st.button(
                t("review.see_item"), key=f"review.goto.{note.id}", icon=":material/edit_note:"
            ):
                open_fill(
                    campaign_id=note.campaign_id,
                    cite_id=note.cite_id,
                    questionnaire_id=place.questionnaire_id,
                    response_id=note.response_id,
                    section_id=place.section_id,
                )


# --- labelling decisions ------------------------------------------------------------------


def basis_name(note: NoteView, place: Place | None, campaign: str) -> str:
    """A recommendation or reservation by name: campaign, kind, what it is about, its text."""
    about = f" — {place.questionnaire} — {place.about}" if place else ""
    kind = t(f"review.kind.{note.kind.value}")
    return f"{campaign} · {kind}{about} — {shortened(note.text, 60)}"


def basis_choices(
    session: database.DbSession, actor: Actor, *, cite_id: int, lang: Lang
) -> dict[int, str]:
    """The Cité's recommendations and reservations a labelling decision may rest on: note id
    → its name (latest first)."""
    found = [n for n in review.list_notes(session, actor, cite_id=cite_id) if n.asks]
    where = places(session, actor, found, lang)
    names = {c.id: c.name for c in campaigns.list_campaigns(session, actor)}
    return {
        n.id: basis_name(n, where.get(n.id), names.get(n.campaign_id, "")) for n in reversed(found)
    }


def decisions_basis(
    session: database.DbSession, actor: Actor, cite: CitePublic, lang: Lang
) -> dict[int, list[str]]:
    """Each labelling decision of the Cité → the notes it rests on, by name."""
    names = {c.id: c.name for c in campaigns.list_campaigns(session, actor)}
    found = {}
    for event in cite.history:
        notes = review.decision_basis(session, actor, phase_event_id=event.id)
        where = places(session, actor, notes, lang)
        found[event.id] = [
            basis_name(n, where.get(n.id), names.get(n.campaign_id, "")) for n in notes
        ]
    return found


# --- the plan -----------------------------------------------------------------------------


def plan_sources(
    session: database.DbSession, actor: Actor, *, cite_id: int, campaign_id: int
) -> dict[int, NoteView]:
    """Action id → the authority's note it came from (none for an invited assessor)."""
    if not sees_notes(actor, cite_id):
        return {}
    return review.notes_by_action(session, actor, cite_id=cite_id, campaign_id=campaign_id)


def show_plan_sources(sources: dict[int, NoteView], titles: dict[int, str]) -> None:
    """Under the plan's table: the actions that answer the authority's review."""
    lines = [
        t(
            "review.plan_source",
            title=escape_markdown(titles[action_id]),
            kind=t(f"review.kind.{note.kind.value}").lower(),
            date=date_text(note.created_at.date()),
        )
        for action_id, note in sources.items()
        if action_id in titles
    ]
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
