"""A plan that keeps its own rules (issue 23, item 5): a closed campaign's plan never changes;
a recommendation that comes after its campaign closed becomes an action of the open plan,
linked to the note and its campaign; an earlier action is left only with a printed reason;
the inbox forgets an action once the new plan has decided on it.

On the hand-computed network of `tests/network.py`: Namur's 2025 campaign is
closed, 2026 open."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from cdm_quality.domain.plan import ActionStatus
from cdm_quality.services import plan
from cdm_quality.services.assessment import review
from cdm_quality.services.errors import InvalidState, InvalidValue
from cdm_quality.services.network import inbox
from cdm_quality.services.plan import DeletedRow, EditedRow
from cdm_quality.storage.tables import ImprovementAction, NoteKind
from tests.databases import seeded
from tests.network import Network, build_network

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def net(session: Session) -> Network:
    return seeded(session, build_network)


def ids(net: Network, year: int = 2026) -> dict[str, int]:
    campaign = net.new if year == 2026 else net.old
    return {"cite_id": net.id("Namur"), "campaign_id": campaign.id}


def old_action(session: Session, net: Network, title: str = "Compter les visites") -> int:
    """An unfinished, overdue action of Namur's closed 2025 plan (written directly)."""
    row = ImprovementAction(
        **ids(net, 2025),
        title=title,
        status=ActionStatus.in_progress,
        start_on=dt.date(2025, 4, 1),
        due_on=dt.date(2025, 11, 30),
    )
    session.add(row)
    session.commit()
    assert row.id is not None
    return row.id


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- a closed plan never changes ------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda s, d, net, old: plan.save_table(
            s, d, **ids(net, 2025), edited=[EditedRow(row=2, cells={"title": "Nouvelle"})]
        ),
        lambda s, d, net, old: plan.save_table(
            s,
            d,
            **ids(net, 2025),
            edited=[EditedRow(row=1, id=old, cells={"title": "Autre titre"})],
        ),
        lambda s, d, net, old: plan.save_table(
            s, d, **ids(net, 2025), deleted=[DeletedRow(id=old)]
        ),
        lambda s, d, net, old: plan.dismiss(s, d, **ids(net, 2025), reason="x", item_id="a.un"),
    ],
    ids=["table add", "table edit", "table delete", "dismiss"],
)
def test_the_service_refuses_any_change_to_a_closed_plan(session: Session, net: Network, change):
    old = old_action(session, net)
    with pytest.raises(InvalidState) as refused:
        change(session, net.directors["Namur"], net, old)
    assert refused.value.code == "plan.closed"
    row = session.exec(select(ImprovementAction).where(ImprovementAction.id == old)).one()
    assert (row.title, row.version) == ("Compter les visites", 1)


# --- a recommendation received after its campaign closed ------------------------------------


def test_a_late_recommendation_becomes_an_action_of_the_open_plan(
    session: Session, net: Network
) -> None:
    note = review.add_note(
        session,
        net.authority,
        response_id=net.responses[(2025, "Namur")],
        kind=NoteKind.recommendation,
        text="Ouvrir le samedi matin une fois par mois",
        due_on=dt.date(2027, 2, 1),
        item_id="a.un",
    )
    made = review.make_action(session, net.directors["Namur"], note_id=note.id)
    director = net.directors["Namur"]
    assert plan.list_actions(session, director, **ids(net, 2025)) == []  # 2025 never changes
    [action] = plan.list_actions(session, director, **ids(net, 2026))
    assert made.action_id == action.id and made.campaign_id == net.old.id
    view = plan.plan_view(session, director, **ids(net), lang="fr")
    [answered] = view.recommendations
    assert (answered.action_id, answered.campaign) == (action.id, "Campagne 2025")
    text = pdf_text(plan.plan_pdf(session, director, **ids(net), lang="fr", today=TODAY))
    origin = f"Recommandation de l’autorité de label du {note.created_at:%d/%m/%Y} (Campagne 2025)"
    assert origin in " ".join(text.split())
    assert "Action n° 1 du plan" in text


# --- leaving something without an action needs a reason --------------------------------------


def test_an_earlier_action_is_left_only_with_a_reason_and_the_pdf_prints_it(
    session: Session, net: Network
) -> None:
    old = old_action(session, net)
    director = net.directors["Namur"]
    for blank in ("", "   \n "):
        with pytest.raises(InvalidValue) as refused:
            plan.dismiss(session, director, **ids(net), action_id=old, reason=blank)
        assert refused.value.code == "plan.reason_missing"
    view = plan.plan_view(session, director, **ids(net), lang="fr")
    assert [line.outcome for line in view.review.lines] == ["unfinished"]
    reason = "Remplacée par le comptage de la Région"
    plan.dismiss(session, director, **ids(net), action_id=old, reason=reason)
    view = plan.plan_view(session, director, **ids(net), lang="fr")
    [line] = view.review.lines
    assert (line.outcome, line.why, view.carry_over) == ("dropped", reason, 0)
    assert plan.carry_over_previous(session, director, **ids(net)) == []
    text = " ".join(pdf_text(plan.plan_pdf(session, director, **ids(net), lang="fr")).split())
    assert "1 non reprise, motif donné" in text and reason in text
    assert "réalisée(s)" not in text and "(—)" not in text


def test_a_recommendation_left_without_an_action_needs_a_reason(
    session: Session, net: Network
) -> None:
    note = review.add_note(
        session,
        net.authority,
        response_id=net.responses[(2025, "Namur")],
        kind=NoteKind.reservation,
        text="Préciser le comptage",
        due_on=dt.date(2027, 1, 15),
    )
    director = net.directors["Namur"]
    with pytest.raises(InvalidValue):
        plan.dismiss(session, director, **ids(net), note_id=note.id, reason=" ")
    pending = plan.plan_view(session, director, **ids(net), lang="fr").recommendations
    assert [(n.note_id, n.action_id, n.dropped) for n in pending] == [(note.id, None, "")]
    plan.dismiss(session, director, **ids(net), note_id=note.id, reason="Déjà fait en 2026")
    [dropped] = plan.plan_view(session, director, **ids(net), lang="fr").recommendations
    assert dropped.dropped == "Déjà fait en 2026"
    text = pdf_text(plan.plan_pdf(session, director, **ids(net), lang="fr"))
    assert "Non retenu : Déjà fait en 2026" in text


# --- the inbox --------------------------------------------------------------------------------


def test_an_action_taken_over_by_the_new_plan_leaves_the_inbox(
    session: Session, net: Network
) -> None:
    carried, dropped = old_action(session, net), old_action(session, net, "Club d'employeurs")
    director = net.directors["Namur"]

    def late() -> dict[int, int | None]:
        found = inbox.inbox(session, director, today=TODAY)
        return {e.ref_id: e.plan_campaign_id for e in found if e.due is inbox.Due.action}

    # undecided: due, and done in the open plan (the closed one cannot change)
    assert late() == {carried: net.new.id, dropped: net.new.id}
    plan.dismiss(session, director, **ids(net), action_id=dropped, reason="Sans objet")
    copies = plan.carry_over_previous(session, director, **ids(net))
    # the carried copy's dates were moved into 2026; neither original is due any more
    assert late() == {} and [c.action.continues for c in copies] == [carried]
