"""Review by the label authority: notes on a submitted self-assessment, who reads and writes
them, the Cité's answer, a recommendation turned into a linked plan action (shown in the plan
PDF), a labelling decision resting on recommendations, the campaign's due date, the inbox."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from cdm_quality.domain.plan import ActionDraft, ActionStatus
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import plan, responses
from cdm_quality.services.assessment import review
from cdm_quality.services.errors import AccessDenied, InvalidState, InvalidValue
from cdm_quality.services.network import cites, inbox
from cdm_quality.services.people.access import Actor
from cdm_quality.storage.tables import (
    AuditEvent,
    DecisionBasis,
    ImprovementAction,
    NoteKind,
    PhaseDecision,
    Role,
)
from tests.factories import World, make_user
from tests.plan_edits import add_action

DUE = dt.date(2026, 9, 30)
TODAY = dt.date(2026, 6, 1)


def submitted(session: Session, director: Actor, response_id: int) -> int:
    for item_id, value in (("accueil.sans_rdv", "atteint"), ("accueil.referent", True)):
        responses.save_answer(
            session, director, response_id=response_id, item_id=item_id, value=value
        )
    responses.submit_response(session, director, response_id=response_id)
    return response_id


def recommend(
    session: Session, world: World, response_id: int, text: str = "Ouvrir le samedi matin"
) -> review.NoteView:
    return review.add_note(
        session,
        world.authority,
        response_id=response_id,
        kind=NoteKind.recommendation,
        text=text,
        due_on=DUE,
        item_id="accueil.sans_rdv",
    )


@pytest.fixture
def both_submitted(session: Session, world: World) -> tuple[int, int]:
    own = submitted(session, world.director, world.response.id)
    other = submitted(session, world.other_director, world.other_response.id)
    return own, other


def test_authority_writes_notes_on_an_item_a_section_and_the_whole(
    session: Session, world: World, both_submitted: tuple[int, int]
) -> None:
    own, _ = both_submitted
    on_item = recommend(session, world, own)
    on_section = review.add_note(
        session,
        world.authority,
        response_id=own,
        kind=NoteKind.reservation,
        text="Les horaires affichés ne sont pas tenus.",
        due_on=DUE,
        section_id="accueil",
    )
    whole = review.add_note(
        session, world.admin, response_id=own, kind=NoteKind.comment, text="Dossier clair."
    )
    assert (on_item.item_id, on_item.section_id, on_item.due_on) == ("accueil.sans_rdv", "", DUE)
    assert (on_section.item_id, on_section.section_id) == ("", "accueil")
    assert (whole.kind, whole.due_on, whole.created_by) == (NoteKind.comment, None, "Admin")
    listed = review.list_notes(session, world.director, response_id=own)
    assert [n.id for n in listed] == [on_item.id, on_section.id, whole.id]
    assert on_item.created_by == "Claire Autorité"
    actions = session.exec(select(AuditEvent).where(AuditEvent.entity == "review_note")).all()
    assert len(actions) == 3


def test_a_note_needs_a_submitted_response_a_text_and_for_a_recommendation_a_date(
    session: Session, world: World
) -> None:
    with pytest.raises(InvalidState) as draft:
        recommend(session, world, world.response.id)
    assert draft.value.code == "review.not_submitted"
    own = submitted(session, world.director, world.response.id)
    with pytest.raises(InvalidValue) as undated:
        review.add_note(
            session, world.authority, response_id=own, kind=NoteKind.recommendation, text="x"
        )
    assert undated.value.code == "review.due_missing"
    with pytest.raises(InvalidValue) as empty:
        review.add_note(session, world.authority, response_id=own, kind=NoteKind.comment, text="  ")
    assert empty.value.code == "review.text_empty"
    assert review.list_notes(session, world.authority) == []


@pytest.mark.parametrize("role", ["director", "contributor", "other_director"])
def test_only_the_authority_writes_notes_and_due_dates(
    session: Session, world: World, both_submitted: tuple[int, int], role: str
) -> None:
    own, _ = both_submitted
    actor = world.actor(role)
    with pytest.raises(AccessDenied):
        recommend(session, world.__class__(**{**world.__dict__, "authority": actor}), own)
    with pytest.raises(AccessDenied):
        review.set_due_date(session, actor, campaign_id=world.campaign.id, due_on=DUE)


def test_a_cite_reads_only_its_own_notes_the_authority_reads_all(
    session: Session, world: World, both_submitted: tuple[int, int]
) -> None:
    own, other = both_submitted
    mine = recommend(session, world, own)
    theirs = recommend(session, world, other, text="Former l'équipe d'accueil")
    for role in ("director", "contributor"):
        assert [n.id for n in review.list_notes(session, world.actor(role))] == [mine.id]
    assert [n.id for n in review.list_notes(session, world.other_director)] == [theirs.id]
    for role in ("authority", "admin"):
        assert {n.id for n in review.list_notes(session, world.actor(role))} == {
            mine.id,
            theirs.id,
        }
    with pytest.raises(AccessDenied):
        review.list_notes(session, world.director, cite_id=world.other.id)
    with pytest.raises(AccessDenied):
        review.get_note(session, world.director, note_id=theirs.id)
    with pytest.raises(AccessDenied):
        review.reply_to_note(session, world.director, note_id=theirs.id, reply="Non")
    with pytest.raises(AccessDenied):
        review.make_action(session, world.director, note_id=theirs.id)
    with pytest.raises(AccessDenied):  # the authority reads but does not answer for a Cité
        review.reply_to_note(session, world.authority, note_id=mine.id, reply="Oui")


def test_an_invited_assessor_reads_no_note_of_the_authority(
    session: Session, world: World, both_submitted: tuple[int, int]
) -> None:
    """An assessor only rates: the services, not only the pages, keep the notes from them."""
    note = recommend(session, world, both_submitted[0])
    assessor = make_user(session, "evaluatrice", Role.assessor, cite_id=world.own.id)
    assert review.list_notes(session, assessor) == []
    with pytest.raises(AccessDenied):
        review.list_notes(session, assessor, cite_id=world.own.id)
    with pytest.raises(AccessDenied):
        review.get_note(session, assessor, note_id=note.id)
    with pytest.raises(AccessDenied):
        review.notes_by_action(
            session, assessor, cite_id=world.own.id, campaign_id=world.campaign.id
        )


def test_the_cite_answers_a_note(
    session: Session, world: World, both_submitted: tuple[int, int]
) -> None:
    note = recommend(session, world, both_submitted[0])
    answered = review.reply_to_note(
        session, world.contributor, note_id=note.id, reply="Ouverture le samedi dès septembre."
    )
    assert answered.reply == "Ouverture le samedi dès septembre."
    assert answered.replied_by == "Luc Martin"
    assert answered.replied_at is not None
    with pytest.raises(InvalidValue):
        review.reply_to_note(session, world.contributor, note_id=note.id, reply=" ")


def test_a_recommendation_becomes_one_linked_plan_action_shown_in_the_plan_pdf(
    session: Session, world: World, both_submitted: tuple[int, int]
) -> None:
    note = recommend(session, world, both_submitted[0], text="Ouvrir le samedi matin\nDétails")
    linked = review.make_action(session, world.director, note_id=note.id)
    assert linked.action_id is not None
    action = session.get(ImprovementAction, linked.action_id)
    assert action is not None
    assert (action.cite_id, action.campaign_id) == (world.own.id, world.campaign.id)
    assert (action.title, action.due_on, action.item_ids) == (
        "Ouvrir le samedi matin",
        DUE,
        ["accueil.sans_rdv"],
    )
    assert action.status is ActionStatus.planned
    with pytest.raises(InvalidState) as twice:
        review.make_action(session, world.director, note_id=note.id)
    assert twice.value.code == "review.already_action"
    assert len(session.exec(select(ImprovementAction)).all()) == 1
    by_action = review.notes_by_action(
        session, world.director, cite_id=world.own.id, campaign_id=world.campaign.id
    )
    assert by_action[linked.action_id].id == note.id
    pdf = plan.plan_pdf(
        session, world.director, cite_id=world.own.id, campaign_id=world.campaign.id, lang="fr"
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Ouvrir le samedi matin" in text
    assert "Recommandation de l" in text


def test_a_comment_does_not_become_an_action(
    session: Session, world: World, both_submitted: tuple[int, int]
) -> None:
    comment = review.add_note(
        session, world.authority, response_id=both_submitted[0], kind="comment", text="Bien."
    )
    with pytest.raises(InvalidState):
        review.make_action(session, world.director, note_id=comment.id)


def test_a_labelling_decision_records_the_recommendations_it_rests_on(
    session: Session, world: World, both_submitted: tuple[int, int]
) -> None:
    own, other = both_submitted
    first = recommend(session, world, own)
    second = recommend(session, world, own, text="Mesurer la satisfaction")
    foreign = recommend(session, world, other)
    decided = dict(
        cite_id=world.own.id,
        phase=Phase.fonctionnement,
        decision=PhaseDecision.prolonged,
        decided_on=dt.date(2026, 7, 1),
    )
    with pytest.raises(InvalidValue) as refused:
        cites.record_phase(session, world.authority, **decided, basis=[first.id, foreign.id])
    assert refused.value.code == "review.basis_foreign"
    assert session.exec(select(DecisionBasis)).all() == []
    cite = cites.record_phase(session, world.authority, **decided, basis=[second.id, first.id])
    event_id = max(e.id for e in cite.history)
    rests_on = review.decision_basis(session, world.director, phase_event_id=event_id)
    assert [n.id for n in rests_on] == [first.id, second.id]
    with pytest.raises(AccessDenied):
        review.decision_basis(session, world.other_director, phase_event_id=event_id)


def test_due_date_and_inbox_per_role(
    session: Session, world: World, both_submitted: tuple[int, int]
) -> None:
    own, other = both_submitted
    responses.reopen_response(session, world.authority, response_id=own, reason="Compléter")
    review.set_due_date(session, world.authority, campaign_id=world.campaign.id, due_on=TODAY)
    note = recommend(session, world, other)
    add_action(
        session,
        world.director,
        cite_id=world.own.id,
        campaign_id=world.campaign.id,
        action=ActionDraft(title="Refaire la signalétique", due=dt.date(2026, 5, 1)),
    )
    add_action(
        session,
        world.other_director,
        cite_id=world.other.id,
        campaign_id=world.campaign.id,
        action=ActionDraft(title="Pas en retard", due=dt.date(2026, 12, 1)),
    )

    def seen(actor: Actor, today: dt.date = TODAY) -> list[tuple[str, int, bool]]:
        return [
            (e.due.value, e.ref_id, e.overdue) for e in inbox.inbox(session, actor, today=today)
        ]

    mine = seen(world.director)
    assert [(d, o) for d, _, o in mine] == [("action", True), ("submit", False)]
    assert mine[1][1] == own
    assert seen(world.contributor) == mine
    assert seen(world.other_director) == [("answer", note.id, False)]
    assert seen(world.authority) == [("action", mine[0][1], True)]  # nothing else late yet
    later = dt.date(2026, 10, 1)
    assert [d for d, _, _ in seen(world.authority, later)] == ["action", "submit", "answer"]
    review.reply_to_note(session, world.other_director, note_id=note.id, reply="C'est prévu.")
    assert seen(world.other_director) == []
    assessor = make_user(session, "evaluatrice", Role.assessor, cite_id=world.own.id)
    assert seen(assessor, later) == []  # an assessor rates; nothing is due from them
