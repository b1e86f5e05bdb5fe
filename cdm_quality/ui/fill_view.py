"""The body of the questionnaire page: sections, items saved on change, last year, submit.

This module draws; what each item's save left behind (saved, refused, conflict) and the
callbacks that save are in `ui.fill_state`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cdm_quality.domain import labelling_file
from cdm_quality.domain.answers import (
    UNCHANGED_STATUS,
    AnswerError,
    asks_update,
    carried_forward,
    missing_required,
    validate_value,
)
from cdm_quality.domain.answers import is_visible as item_visible
from cdm_quality.domain.labels import DOSSIER_LEVEL
from cdm_quality.domain.loader import DOSSIER_ID
from cdm_quality.domain.questionnaire import Item, ItemKind, Lang, Phase, Questionnaire, Section
from cdm_quality.services import database, responses
from cdm_quality.services.assessment.ratings import TeamBoard
from cdm_quality.services.errors import (
    InvalidValue,
    MissingRequired,
    ServiceError,
)
from cdm_quality.services.labelling.attachments import AttachmentPublic
from cdm_quality.services.labelling.self_assessment import FromGrids
from cdm_quality.services.network import campaigns, notices
from cdm_quality.services.network.campaigns import CampaignPublic
from cdm_quality.services.people.access import Actor
from cdm_quality.services.responses import (
    AnswerView,
    PreviousAnswers,
    Progress,
    ResponseView,
    compute_progress,
)
from cdm_quality.ui import (
    auth,
    confirm,
    evidence,
    grids_view,
    inputs,
    review_view,
    scroll,
    selection,
    team_view,
)
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.fill_state import (
    Conflict,
    changed,
    keep_mine,
    save,
    section_key,
    state,
    take_over,
    take_theirs,
    widget_key,
)
from cdm_quality.ui.i18n import t, tn, word
from cdm_quality.ui.memo import remembered
from cdm_quality.ui.overview import overall as progress_bar
from cdm_quality.ui.text import escape_markdown, local_date, local_time, person

QUERY_SECTION = "s"


# --- loading -----------------------------------------------------------------------------------


def titles(
    session: database.DbSession, actor: Actor, campaign: CampaignPublic, lang: Lang
) -> dict[str, str]:
    """Questionnaire id → title in `lang`, as frozen in the campaign (kept by the frozen
    copies' hashes: another campaign under a reused id brings its own)."""
    hashes = ".".join(f.sha256 for f in campaign.questionnaires)
    return remembered(
        f"titles.{lang}.{hashes}",
        lambda: _titles(session, actor, campaign, lang),
        seconds=None,
    )


def _titles(
    session: database.DbSession, actor: Actor, campaign: CampaignPublic, lang: Lang
) -> dict[str, str]:
    return {
        f.questionnaire_id: campaigns.campaign_questionnaire(
            session, actor, campaign_id=campaign.id, questionnaire_id=f.questionnaire_id
        ).title(lang)
        for f in campaign.questionnaires
    }


def load(
    session: database.DbSession,
    actor: Actor,
    *,
    cite_id: int,
    campaign: CampaignPublic,
    questionnaire_id: str,
) -> tuple[ResponseView, PreviousAnswers | None] | None:
    """The response to show (started now if the user may fill it), with last year's answers."""
    target = {"cite_id": cite_id, "campaign_id": campaign.id, "questionnaire_id": questionnaire_id}
    found = remembered(
        f"response.{cite_id}.{campaign.id}.{questionnaire_id}",
        lambda: _response_id(session, actor, campaign, target),
    )
    if found is None:
        return None
    view = responses.response_view(session, actor, response_id=found)
    previous = remembered(
        f"previous.{found}",
        lambda: responses.previous_answers(session, actor, response_id=found),
        seconds=None,
    )
    return view, previous


def _response_id(
    session: database.DbSession, actor: Actor, campaign: CampaignPublic, target: dict[str, Any]
) -> int | None:
    found = responses.find_response(session, actor, **target)
    if found is None and responses.may_start(
        actor, cite_id=target["cite_id"], campaign_id=campaign.id
    ):
        if campaign.state == "open":
            found = responses.get_or_create_response(session, actor, **target)
    return None if found is None else found.id


# --- the page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One rendering of a response: what every item block needs."""

    view: ResponseView
    previous: PreviousAnswers | None
    lang: Lang
    values: dict[str, Any]
    progress: Progress
    attached: dict[str, list[AttachmentPublic]] = field(default_factory=dict)
    team: TeamBoard | None = None  # the team's ratings (scored grids), `ui.team_view`
    notes: review_view.Notes | None = None  # the authority's review, `ui.review_view`
    grids: FromGrids | None = None  # the labelling file: what the tool fills in, `ui.grids_view`

    @property
    def rid(self) -> int:
        return self.view.response.id

    @property
    def q(self) -> Questionnaire:
        return self.view.questionnaire

    @property
    def phase(self) -> str:
        return self.view.response.phase.value

    @property
    def opened(self) -> bool:
        return self.view.response.opened

    @property
    def editable(self) -> bool:
        return self.view.can_fill and not self.view.locked

    @property
    def unfinished(self) -> list[Item]:
        """For the labelling file, the parts its phase asks that are neither ready nor
        unchanged (empty or draft); nothing for any other questionnaire."""
        if self.q.id != DOSSIER_ID:
            return []
        asked = labelling_file.asked_items(self.q, self.phase, self.values, self.opened)
        states = {i.id: labelling_file.item_state(self.values.get(i.id)) for i in asked}
        return [i for i in asked if states[i.id] not in labelling_file.DONE]

    def file_readiness(self) -> str | None:
        """How ready the labelling file is, when parts are still to write."""
        unfinished = self.unfinished
        if not unfinished:
            return None
        asked = labelling_file.asked_items(self.q, self.phase, self.values, self.opened)
        done = len(asked) - len(unfinished)
        return tn("fill.file_unready", len(unfinished), percent=f"{100 * done / len(asked):.0f}")


def show(
    view: ResponseView,
    previous: PreviousAnswers | None,
    lang: Lang,
    attached: dict[str, list[AttachmentPublic]] | None = None,
    team: TeamBoard | None = None,
    notes: review_view.Notes | None = None,
    grids: FromGrids | None = None,
) -> str | None:
    """Banner, progress, the team's ratings, section navigation, the section's items (with
    their attachments, `evidence.attached`, ratings, `team_view.board`, the authority's
    notes, `review_view.load`, and in the labelling file what the tool fills in,
    `grids_view.load`), submit and reopen. Returns the section shown, if any (for the
    address, `QUERY_SECTION`)."""
    state().drawing_page = True
    try:
        return _show(view, previous, lang, attached, team, notes, grids)
    finally:
        state().drawing_page = False


def _show(
    view: ResponseView,
    previous: PreviousAnswers | None,
    lang: Lang,
    attached: dict[str, list[AttachmentPublic]] | None,
    team: TeamBoard | None,
    notes: review_view.Notes | None,
    grids: FromGrids | None = None,
) -> str | None:
    values = view.values()
    page = Page(
        view,
        previous,
        lang,
        values,
        compute_progress(view.questionnaire, values, view.response.phase, view.response.opened),
        attached or {},
        team,
        notes,
        grids,
    )
    remember_page(page)
    banner(page)
    whole_notes(page)
    if team is not None:
        team_view.summary(team, page.rid)
    overall = page.progress
    st.progress(*progress_bar(overall))
    if not overall.sections:
        st.info(t("fill.nothing_to_answer"))
        return None
    nav, body = st.columns([1.4, 3], gap="medium")  # a long section name fits at 1024 px
    section = section_navigation(page, nav.container(key="section-nav"))
    with body:
        show_section(page, section)
    submit_area(page)
    reopen_area(page)
    return section.id


def remember_page(page: Page) -> None:
    """What the item fragments and save callbacks need of this whole run: the questionnaire,
    the values the page counted; saves older than this read are forgotten."""
    fs = state()
    fs.questionnaires[page.rid] = (page.q, page.phase)
    fs.values[page.rid] = dict(page.values)
    fs.whole_page.discard(page.rid)  # this run draws the whole page
    for item_id, answer in page.view.answers.items():
        kept = fs.saved.get((page.rid, item_id))
        if kept is not None and kept.version <= answer.version:
            del fs.saved[(page.rid, item_id)]


def banner(page: Page) -> None:
    """Read-only and reopened notices at the top."""
    response = page.view.response
    if response.state == "submitted":
        st.info(
            t(
                "fill.submitted_banner",
                when=local_time(response.submitted_at),
                who=person(response.submitted_by),
            ),
            icon=":material/lock:",
        )
    elif page.view.locked:
        st.info(t("fill.closed_banner"), icon=":material/lock:")
    elif not page.view.can_fill:
        st.info(t("fill.read_only_role"), icon=":material/visibility:")
    if response.state == "reopened":
        st.warning(
            t(
                "fill.reopened_banner",
                when=local_time(response.reopened_at),
                who=person(response.reopened_by),
                reason=escape_markdown(response.reopen_reason or "—"),
            ),
            icon=":material/lock_open:",
        )


def section_navigation(page: Page, container: DeltaGenerator) -> Section:
    """The sections (only those with visible items) as a radio list with their progress."""
    shown = {s.section_id: s for s in page.progress.sections}
    key = section_key(page.rid)
    brought = selection.from_address(QUERY_SECTION, list(shown))
    if brought is not None:  # a reload, Back or Forward: back to that section
        st.session_state[key] = brought

    unfinished = {section.id for i in page.unfinished if (section := page.q.section_of(i.id))}
    labels = {  # radio options render Markdown: the title is escaped; ✓ once all is answered
        sid: f"{escape_markdown(s.title(page.lang))} · {s.answered}/{s.visible}"
        + (" ✓" if 0 < s.answered == s.visible and sid not in unfinished else "")
        for sid, s in shown.items()
    }
    chosen = selection.sticky_select(
        t("fill.sections"),
        list(shown),
        key=key,
        default=next(iter(shown)),
        format_func=labels.__getitem__,
        container=container,
        widget="radio",
    )
    return next(s for s in page.q.sections if s.id == chosen)


def show_section(page: Page, section: Section) -> None:
    st.subheader(escape_markdown(section.title(page.lang)))
    if section.description:
        st.caption(escape_markdown(section.description(page.lang)))
    if page.notes is not None:
        for note in page.notes.on_section(section.id):
            review_view.show_note(note, page.notes, today=dt.date.today())
    missing = set(state().missing.get(page.rid, []))
    for item in section.items:
        if item_visible(page.q, item, page.values, page.phase, page.opened):
            item_fragment(page, item, flagged=item.id in missing)
    if page.notes is not None and page.notes.can_write:
        if page.view.response.state == "submitted":
            review_view.write_form(page.rid, page.q, section, page.lang)
        else:
            st.caption(t("review.not_yet"))
    neighbours(page, section)
    focus_requested()


def whole_notes(page: Page) -> None:
    """The authority's notes on the whole self-assessment, under the banner."""
    found = page.notes.on_whole() if page.notes is not None else []
    if not found or page.notes is None:
        return
    with st.expander(t("review.on_page"), icon=":material/rate_review:", expanded=True):
        for note in found:
            review_view.show_note(note, page.notes, today=dt.date.today())


def neighbours(page: Page, section: Section) -> None:
    """Previous / next section buttons."""
    ids = [s.section_id for s in page.progress.sections]
    index = ids.index(section.id)
    left, right = st.columns(2)
    if index > 0:
        left.button(
            t("fill.previous_section"),
            icon=":material/arrow_back:",
            on_click=goto,
            args=(page.rid, ids[index - 1]),
            key=f"prev.{page.rid}",
        )
    if index < len(ids) - 1:
        right.button(
            t("fill.next_section"),
            icon=":material/arrow_forward:",
            on_click=goto,
            args=(page.rid, ids[index + 1]),
            key=f"next.{page.rid}",
        )


def goto(rid: int, section_id: str, item_id: str | None = None) -> None:
    """Show another section (callback); with `item_id`, bring that question into view."""
    st.session_state[section_key(rid)] = section_id
    if item_id is not None:
        st.session_state[FOCUS_KEY] = item_id


FOCUS_KEY = "fill.focus"


def focus_requested() -> None:
    """After "Go there": scroll to the question asked for and focus its first field, once."""
    item_id = st.session_state.pop(FOCUS_KEY, None)
    if item_id is not None:
        scroll.bring_into_view(item_block_key(item_id))


# --- one item ----------------------------------------------------------------------------------


def item_block_key(item_id: str) -> str:
    """The key of a question's block (its CSS class is `st-key-` + this key)."""
    return f"item-{item_id.replace('.', '-')}"


@st.fragment
def item_fragment(page: Page, item: Item, *, flagged: bool = False) -> None:
    """One question on its own: a change of its widgets saves and reruns it alone (`page` is
    the whole run's; the answer shown is the newest, `FillState.answer`). A save that moves
    the rest of the page (`FillState.whole_page`) reruns the whole page instead, and so does,
    once drawn, whatever else ran inside the question (`ui.fill_state`)."""
    fs, key = state(), (page.rid, item.id)
    alone = not fs.drawing_page
    if alone and page.rid in fs.whole_page:
        st.rerun(scope="app")
    item_block(page, item, flagged=flagged)
    if alone and key not in fs.answered:  # a form, a button, an upload: the page may change
        st.rerun(scope="app")
    fs.answered.discard(key)


def item_block(page: Page, item: Item, *, flagged: bool = False) -> None:
    """Title, help, answer widgets, remark and evidence, save state, last year's answer."""
    stored = state().answer((page.rid, item.id), page.view.answers.get(item.id))
    with st.container(border=True, key=item_block_key(item.id)):
        item_title(page, item, flagged=flagged and not _answered(stored))
        before = _previous_answer(page, item)
        # a table needs the block's width (beside last year's answer it scrolled sideways and
        # hid its first column): last year's rows go under it
        beside = before is not None and item.kind is not ItemKind.table
        main, side = st.columns([3, 2]) if beside else (st.container(), st.container())
        with main:
            if page.grids is not None and grids_view.wanted(item):
                grids_view.panel(
                    page.grids, item, page.rid, stored, editable=page.editable, lang=page.lang
                )
            if item.id in page.view.withheld:  # blind rating: shown once the assessor's are done
                st.caption(t("fill.withheld"))
            else:
                answer_part(page, item, stored)
            if evidence.wanted(item):
                found = page.attached.get(item.id, [])
                if item.kind in (ItemKind.status_text, ItemKind.table):
                    evidence.images(found)
                evidence.panel(page.rid, item, found, editable=page.editable)
            if page.team is not None and item.scored:
                version = stored.version if stored is not None else 0
                team_view.panel(page.team, page.rid, page.q, item, page.lang, version)
            if page.notes is not None:
                for note in page.notes.on_item(item.id):
                    review_view.show_note(note, page.notes, today=dt.date.today())
        if before is not None:
            with side:
                previous_panel(page, item, before, stored)


def answer_part(page: Page, item: Item, stored: AnswerView | None) -> None:
    """The answer's widgets, then its save state or conflict."""
    sync_widgets(page.rid, item, stored, read_only=not page.editable)
    answer_widgets(page, item)
    # a table's edit is saved while its editor is drawn: the save state tells that save
    stored = state().answer((page.rid, item.id), stored)
    conflict = state().conflicts.get((page.rid, item.id))
    if conflict is not None:
        conflict_panel(page, item, conflict)
    else:
        save_state(page, item, stored)


def _answered(stored: AnswerView | None) -> bool:
    return stored is not None and stored.value not in (None, "", [])


def item_title(page: Page, item: Item, *, flagged: bool) -> None:
    number = f"{escape_markdown(item.dossier)} · " if item.dossier else ""
    badges = f" :orange-badge[{t('item.required')}]" if item.required else ""
    badges += f" :red-badge[{t('fill.missing_badge')}]" if flagged else ""
    depth = (item.phase_levels or {}).get(Phase(page.phase))
    if depth is not None:
        badges += f" :blue-badge[{t('fill.depth', level=word(DOSSIER_LEVEL, depth.value))}]"
    st.markdown(f"**{number}{escape_markdown(item.text(page.lang))}**{badges}")
    if depth is not None:
        st.caption(t(f"fill.depth_help.{depth.value}"))
    if item.help:
        st.caption(escape_markdown(item.help(page.lang)))


def answer_widgets(page: Page, item: Item) -> None:
    disabled = not page.editable
    inputs.render(
        page.q,
        item,
        page.lang,
        key=lambda part: widget_key(page.rid, item.id, part),
        disabled=disabled,
        on_change=changed,
        args=(page.rid, item.id),
        # "unchanged" is given by its button (an earlier text carried forward), never picked
        hidden=frozenset({UNCHANGED_STATUS}),
    )
    if item.remark:
        st.text_area(
            t("fill.remark"),
            key=widget_key(page.rid, item.id, "remark"),
            max_chars=10_000,
            height=68,
            disabled=disabled,
            on_change=changed,
            args=(page.rid, item.id, "remark"),
        )
    if item.evidence:
        st.text_input(
            t("fill.evidence"),
            key=widget_key(page.rid, item.id, "evidence"),
            max_chars=2_000,
            disabled=disabled,
            on_change=changed,
            args=(page.rid, item.id, "evidence"),
        )


def sync_widgets(rid: int, item: Item, stored: AnswerView | None, *, read_only: bool) -> None:
    """Put the stored answer into the item's widgets when the screen is behind it.

    Unsaved input (`pending`) always wins; the version shown is only moved forward when
    nothing is pending, so a colleague's change since then surfaces as a conflict on save.
    A widget is written only when its value must change: a write is sent to the browser,
    which then replaces whatever is being typed in that field. Disabled widgets are set on
    every run: Streamlit drops their frontend value.
    """
    fs, key = state(), (rid, item.id)
    version = stored.version if stored else 0
    pending = fs.pending.get(key, {})
    behind = key in fs.resync or fs.versions.get(key) != version
    fs.resync.discard(key)
    # a table's edits are saved while it is drawn: until then they count as unsaved input
    editing = inputs.editing(item, lambda part: widget_key(rid, item.id, part))
    if key not in fs.conflicts and ((not pending and not editing) or key not in fs.versions):
        fs.versions[key] = version
    for part, value in _stored_widgets(item, stored).items():
        widget = widget_key(rid, item.id, part)
        if part in pending:
            value = pending[part]
        elif not (read_only or behind or widget not in st.session_state):
            continue
        if read_only or widget not in st.session_state or st.session_state[widget] != value:
            st.session_state[widget] = value


def _stored_widgets(item: Item, stored: AnswerView | None) -> dict[str, Any]:
    shown = inputs.to_widgets(item, stored.value if stored else None)
    if item.remark:
        shown["remark"] = stored.remark if stored else ""
    if item.evidence:
        shown["evidence"] = stored.evidence if stored else ""
    return shown


def save_state(page: Page, item: Item, stored: AnswerView | None) -> None:
    """Saved (when, by whom, version), refused (why), unsaved, or not answered yet."""
    key = (page.rid, item.id)
    note = state().notes.get(key)
    if note is not None and not note.ok:
        st.error(escape_markdown(note.message), icon=":material/error:")
    elif key in state().pending:
        st.warning(t("fill.unsaved"), icon=":material/edit:")
    elif stored is not None:
        since = stored.value.get("since") if isinstance(stored.value, dict) else None
        if since:
            st.caption(t("fill.unchanged_since", date=inputs.iso_date_text(since)))
        st.caption(
            ":green[:material/check_circle:] "
            + t(
                "fill.saved",
                when=local_time(stored.saved_at),
                who=person(stored.saved_by),
                version=stored.version,
            )
        )
    else:
        st.caption(t("fill.not_answered"))


# --- last year ---------------------------------------------------------------------------------


def _previous_answer(page: Page, item: Item) -> AnswerView | None:
    if page.previous is None:
        return None
    before = page.previous.answers.get(item.id)
    if before is None or (before.value is None and not before.remark):
        return None
    return before


def previous_panel(page: Page, item: Item, before: AnswerView, stored: AnswerView | None) -> None:
    """Last campaign's answer as plain text, and one button to take it over."""
    assert page.previous is not None
    old_q = page.previous.questionnaire
    old_item = old_q.item(item.id) or item
    st.caption(t("fill.previous", campaign=escape_markdown(page.previous.campaign.name)))
    st.text(inputs.value_text(old_q, old_item, before.value, page.lang))
    if before.remark:
        st.caption(t("fill.previous_remark"))
        st.text(before.remark)
    same = stored is not None and stored.value == before.value
    key = f"takeover.{page.rid}.{item.id}"
    replaces = stored is not None and stored.value is not None and not same
    question = t(
        "fill.take_over_confirm",
        mine=escape_markdown(
            inputs.value_text(page.q, item, stored.value if stored else None, page.lang)
        ),
        theirs=escape_markdown(inputs.value_text(old_q, old_item, before.value, page.lang)),
        campaign=escape_markdown(page.previous.campaign.name),
    )
    st.button(
        t("fill.take_over"),
        icon=":material/content_copy:",
        key=key,
        disabled=not page.editable or same or not _valid(page.q, item, before.value),
        on_click=confirm.ask if replaces else take_over,
        args=(key, question) if replaces else (page.rid, item.id, before, stored),
        kwargs={"args": (page.rid, item.id, before, stored)} if replaces else None,
    )
    confirm.box(key, confirm=t("fill.take_over"), run=lambda d: take_over(*d["args"]))
    if asks_update(item, page.phase):
        unchanged_button(page, item, before, stored)


def unchanged_button(page: Page, item: Item, before: AnswerView, stored: AnswerView | None) -> None:
    """ "Unchanged since the last file": last file's text kept, with the date it was written."""
    carried = carried_forward(before.value, local_date(before.saved_at))
    if carried is None:
        return
    st.button(
        t("fill.unchanged"),
        icon=":material/history:",
        key=f"unchanged.{page.rid}.{item.id}",
        help=t("fill.unchanged_help"),
        disabled=not page.editable or (stored is not None and stored.value == carried),
        on_click=save,
        args=(page.rid, item, {"value": carried}),
        kwargs={"typed": {}},
    )


def _valid(q: Questionnaire, item: Item, value: Any) -> bool:
    try:
        validate_value(q, item, value)
    except AnswerError:
        return False
    return True


# --- conflicts (the state and its callbacks: ui.fill_state) ------------------------------------


def conflict_panel(page: Page, item: Item, conflict: Conflict) -> None:
    """Both versions side by side, and the two ways out."""
    st.warning(
        t(
            "fill.conflict",
            who=person(conflict.changed_by),
            when=local_time(conflict.changed_at),
        ),
        icon=":material/sync_problem:",
    )
    mine, theirs = st.columns(2)
    for column, title, values in (
        (mine, t("fill.conflict_mine"), conflict.mine),
        (theirs, t("fill.conflict_theirs"), conflict.theirs),
    ):
        column.caption(title)
        column.text(_conflict_text(page, item, values, conflict.mine))
    key = (page.rid, item.id)
    mine.button(t("fill.keep_mine"), key=f"keep.{page.rid}.{item.id}", on_click=keep_mine, args=key)
    theirs.button(
        t("fill.take_theirs"), key=f"theirs.{page.rid}.{item.id}", on_click=take_theirs, args=key
    )


def _conflict_text(page: Page, item: Item, values: dict[str, Any], mine: dict[str, Any]) -> str:
    lines = []
    if "value" in mine:
        lines.append(inputs.value_text(page.q, item, values.get("value"), page.lang))
    for part in ("remark", "evidence"):
        if part in mine:
            lines.append(f"{t(f'fill.{part}')}: {values.get(part) or '—'}")
    return "\n".join(lines)


# --- submit and reopen -------------------------------------------------------------------------


def submit_area(page: Page) -> None:
    """What is still missing (each with a way to reach it) and the submit button."""
    if not page.view.can_submit:
        return
    st.divider()
    st.subheader(t("fill.submit_title"))
    missing = missing_required(page.q, page.values, page.phase, page.opened)
    readiness = page.file_readiness()
    if missing:
        st.warning(tn("fill.missing_count", len(missing)), icon=":material/pending_actions:")
        missing_list(page, missing)
    elif readiness is None:
        st.success(t("fill.ready"), icon=":material/task_alt:")
    if readiness is not None:
        st.warning(readiness, icon=":material/edit_note:")
    if state().pending:
        st.warning(t("fill.unsaved_before_submit"))
    error = state().submit_errors.pop(page.rid, None)
    if error:
        st.error(escape_markdown(error))
    question = t(
        "fill.submit_confirm",
        questionnaire=escape_markdown(page.q.title(page.lang)),
        cite=escape_markdown(page.view.cite.name),
    )
    if readiness is not None:
        question = f"{readiness}\n\n{question}"
    st.button(
        t("fill.submit"),
        type="primary",
        icon=":material/send:",
        key=f"submit.{page.rid}",
        on_click=confirm.ask,
        args=(f"submit.{page.rid}", question),
        kwargs={"rid": page.rid},
    )
    confirm.box(f"submit.{page.rid}", confirm=t("fill.submit"), run=lambda d: submit(d["rid"]))


def missing_key(rid: int) -> str:
    return f"fill.missing_open.{rid}"


def missing_list(page: Page, missing: list[Item]) -> None:
    """The missing questions, each with a button to its section; built only when opened."""
    shown = st.expander(t("fill.missing_list"), key=missing_key(page.rid), on_change="rerun")
    if not shown.open:
        return
    with shown:
        for item in missing:
            section = page.q.section_of(item.id)
            left, right = st.columns([4, 1], vertical_alignment="center")
            where = section.title(page.lang) if section else ""
            left.markdown(escape_markdown(f"{where} — {item.text(page.lang)}"))
            right.button(
                t("fill.go_to"),
                key=f"goto.{page.rid}.{item.id}",
                on_click=goto,
                args=(page.rid, section.id if section else "", item.id),
            )


def submit(rid: int) -> None:
    """Submit the response (callback); a refusal lists what is missing."""
    fs = state()
    current = auth.actor()
    if current is None:
        fs.submit_errors[rid] = t("fill.signed_out")
        return
    try:
        with database.session() as session:
            responses.submit_response(session, current, response_id=rid)
    except MissingRequired as exc:
        fs.missing[rid] = exc.item_ids
        st.session_state[missing_key(rid)] = True  # open the list of what is missing
        fs.submit_errors[rid] = tn("fill.submit_missing", len(exc.item_ids))
        return
    except ServiceError as exc:
        fs.submit_errors[rid] = error_text(exc)
        return
    fs.missing.pop(rid, None)
    notices.announce_later("submitted", rid)
    st.toast(t("fill.submitted_toast"), icon=":material/send:")


def reopen_area(page: Page) -> None:
    """For the label authority: reopen a submitted response, with a reason."""
    if not page.view.can_reopen:
        return
    st.divider()
    reason_key = f"reopen.reason.{page.rid}"
    st.text_input(t("fill.reopen_reason"), key=reason_key, max_chars=2000)
    names = {"questionnaire": page.q.title(page.lang), "cite": page.view.cite.name}
    st.button(
        t("fill.reopen"),
        icon=":material/lock_open:",
        key=f"reopen.{page.rid}",
        on_click=ask_reopen,
        args=(page.rid, reason_key, names),
    )
    confirm.box(
        f"reopen.{page.rid}",
        confirm=t("fill.reopen"),
        run=lambda d: reopen(d["rid"], d["reason"]),
    )
    error = state().submit_errors.pop(page.rid, None)
    if error:
        st.error(escape_markdown(error))


def ask_reopen(rid: int, reason_key: str, names: dict[str, str]) -> None:
    """Ask to confirm the reopening, naming the Cité, the questionnaire and the reason (which
    is needed first)."""
    reason = str(st.session_state.get(reason_key) or "")
    if not reason.strip():
        state().submit_errors[rid] = error_text(InvalidValue("response.reason_required"))
        return
    shown = {name: escape_markdown(value) for name, value in names.items()}
    question = t("followup.reopen_confirm", reason=escape_markdown(reason.strip()), **shown)
    confirm.ask(f"reopen.{rid}", question, rid=rid, reason=reason)


def reopen(rid: int, reason: str) -> None:
    current = auth.actor()
    if current is None:
        return
    try:
        with database.session() as session:
            responses.reopen_response(session, current, response_id=rid, reason=reason)
    except ServiceError as exc:
        state().submit_errors[rid] = error_text(exc)
        return
    notices.announce_later("reopened", rid)
