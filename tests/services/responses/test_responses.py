"""Saving answers, conflicts, submit/lock/reopen, progress and the views the pages use."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services.errors import (
    ConflictError,
    InvalidState,
    InvalidValue,
    MissingRequired,
    NotFound,
    ResponseLocked,
)
from cdm_quality.services.network import campaigns
from cdm_quality.services.network.follow_up import follow_up
from cdm_quality.services.responses import (
    get_or_create_response,
    previous_answers,
    progress,
    reopen_response,
    response_view,
    save_answer,
    submit_response,
)
from cdm_quality.storage.tables import AnswerHistory, AuditEvent, ResponseState, Role
from tests.factories import (
    AUTHORITY,
    World,
    make_campaign,
    make_cite,
    make_user,
    stored_history,
)

pytestmark = pytest.mark.also_postgres("progress counted in SQL with each dialect's JSON functions")


def save(session: Session, world: World, item_id: str, value: object, **kw: object):
    return save_answer(
        session, world.director, response_id=world.response.id, item_id=item_id, value=value, **kw
    )


def fill_required(session: Session, world: World) -> None:
    save(session, world, "accueil.sans_rdv", "atteint")
    save(session, world, "accueil.referent", True)


def test_first_save_is_version_1_then_2(session: Session, world: World) -> None:
    first = save(session, world, "accueil.sans_rdv", "en_cours", remark="À revoir l’été.")
    second = save(session, world, "accueil.sans_rdv", "atteint", expected_version=1)
    assert (first.version, second.version) == (1, 2)
    assert second.saved_by == "Anne Dupré"
    view = response_view(session, world.director, response_id=world.response.id)
    answer = view.answers["accueil.sans_rdv"]
    assert (answer.value, answer.remark, answer.version) == ("atteint", "À revoir l’été.", 2)
    assert view.version("accueil.sans_rdv") == 2 and view.version("accueil.mode") == 0


def test_conflict_names_who_and_when_and_writes_nothing(session: Session, world: World) -> None:
    save(session, world, "accueil.sans_rdv", "en_cours", expected_version=0)
    theirs = save_answer(
        session,
        world.contributor,
        response_id=world.response.id,
        item_id="accueil.sans_rdv",
        value="atteint",
        remark="Vu en réunion",
        expected_version=1,
    )
    with pytest.raises(ConflictError) as caught:
        save(session, world, "accueil.sans_rdv", "exemplaire", expected_version=1)
    conflict = caught.value
    assert conflict.changed_by == "Luc Martin"
    assert conflict.changed_at == theirs.saved_at
    assert (conflict.value, conflict.remark, conflict.version) == ("atteint", "Vu en réunion", 2)
    assert conflict.params == {"who": "Luc Martin", "when": theirs.saved_at, "version": 2}
    view = response_view(session, world.director, response_id=world.response.id)
    assert view.answers["accueil.sans_rdv"].value == "atteint"


def test_two_first_saves_from_empty_conflict(session: Session, world: World) -> None:
    save(session, world, "accueil.mode", "libre", expected_version=0)
    with pytest.raises(ConflictError):
        save_answer(
            session,
            world.contributor,
            response_id=world.response.id,
            item_id="accueil.mode",
            value="mixte",
            expected_version=0,
        )


def test_same_content_with_stale_version_is_not_a_conflict(session: Session, world: World) -> None:
    save(session, world, "accueil.mode", "libre")
    saved = save(session, world, "accueil.mode", "libre", expected_version=0)
    assert saved.version == 1


def test_without_expected_version_last_writer_wins(session: Session, world: World) -> None:
    save(session, world, "accueil.mode", "libre")
    saved = save(session, world, "accueil.mode", "mixte")
    assert saved.version == 2


def test_remark_alone_keeps_value(session: Session, world: World) -> None:
    save(session, world, "accueil.sans_rdv", "atteint")
    save_answer(
        session,
        world.director,
        response_id=world.response.id,
        item_id="accueil.sans_rdv",
        remark="Remarque seule",
    )
    answer = response_view(session, world.director, response_id=world.response.id).answers[
        "accueil.sans_rdv"
    ]
    assert (answer.value, answer.remark, answer.version) == ("atteint", "Remarque seule", 2)


def test_history_keeps_every_version(session: Session, world: World) -> None:
    for value in ("non_engage", "en_cours", "atteint"):
        save(session, world, "accueil.sans_rdv", value)
    history = stored_history(session, response_id=world.response.id, item_id="accueil.sans_rdv")
    assert [(h.version, h.value) for h in history] == [
        (1, "non_engage"),
        (2, "en_cours"),
        (3, "atteint"),
    ]


@pytest.mark.parametrize(
    ("item_id", "value", "kw"),
    [
        ("accueil.sans_rdv", "parfait", {}),
        ("accueil.referent", "oui", {}),
        ("chiffres.visites", -3, {}),
        ("accueil.mode", "libre", {"remark": "x" * 10_001}),
        ("accueil.mode", "libre", {"evidence": "un lien"}),  # item takes no evidence
        ("accueil.mode", "libre", {"remark": "nul \x00"}),
    ],
)
def test_invalid_values_are_refused(
    session: Session, world: World, item_id: str, value: object, kw: dict
) -> None:
    with pytest.raises(InvalidValue) as caught:
        save(session, world, item_id, value, **kw)
    assert caught.value.item_id == item_id
    assert session.exec(select(AnswerHistory)).all() == []


def test_values_are_normalised_and_text_cleaned(session: Session, world: World) -> None:
    save(session, world, "accueil.poles", ["emploi", "orientation"], remark="a\r\nb\x07")
    answer = response_view(session, world.director, response_id=world.response.id).answers[
        "accueil.poles"
    ]
    assert answer.value == ["orientation", "emploi"] and answer.remark == "a\nb"


def test_unknown_item_and_response(session: Session, world: World) -> None:
    with pytest.raises(NotFound):
        save(session, world, "nope", "x")
    with pytest.raises(NotFound):
        save_answer(
            session, world.director, response_id=9999, item_id="accueil.mode", value="libre"
        )


def test_item_of_another_phase_is_refused(session: Session, world: World) -> None:
    cite = make_cite(session, "Cité des métiers de Limoges", phase=Phase.projet)
    director = make_user(session, "limoges", Role.director, cite_id=cite.id)
    response = get_or_create_response(
        session,
        director,
        cite_id=cite.id,
        campaign_id=world.campaign.id,
        questionnaire_id="minimal",
    )
    with pytest.raises(InvalidValue, match="answer.not_in_phase"):
        save_answer(
            session, director, response_id=response.id, item_id="chiffres.visites", value=10
        )


def test_submit_lists_missing_required(session: Session, world: World) -> None:
    save(session, world, "accueil.sans_rdv", "atteint")
    with pytest.raises(MissingRequired) as caught:
        submit_response(session, world.director, response_id=world.response.id)
    assert caught.value.item_ids == ["accueil.referent"]


def test_submit_locks_then_reopen_unlocks(session: Session, world: World) -> None:
    fill_required(session, world)
    submitted = submit_response(session, world.director, response_id=world.response.id)
    assert submitted.state is ResponseState.submitted and submitted.submitted_by == "Anne Dupré"
    with pytest.raises(ResponseLocked):
        save(session, world, "accueil.mode", "libre")
    with pytest.raises(ResponseLocked):
        submit_response(session, world.director, response_id=world.response.id)
    view = response_view(session, world.director, response_id=world.response.id)
    assert view.locked and not view.can_submit and not view.can_reopen
    reopened = reopen_response(
        session, world.authority, response_id=world.response.id, reason="Pièce manquante"
    )
    assert reopened.state is ResponseState.reopened and reopened.reopened_by == "Claire Autorité"
    assert reopened.reopen_reason == "Pièce manquante"  # the Cité reads it
    assert save(session, world, "accueil.mode", "libre").version == 1
    assert submit_response(session, world.director, response_id=world.response.id).state is (
        ResponseState.submitted
    )
    actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert actions.count("submitted") == 2 and actions.count("reopened") == 1


def test_reopen_needs_a_submitted_response(session: Session, world: World) -> None:
    with pytest.raises(InvalidState):
        reopen_response(session, world.authority, response_id=world.response.id, reason="x")


def test_reopen_needs_a_reason_kept_for_the_cite_and_in_the_history(
    session: Session, world: World
) -> None:
    fill_required(session, world)
    submit_response(session, world.director, response_id=world.response.id)
    with pytest.raises(InvalidValue, match="response.reason_required"):
        reopen_response(session, world.authority, response_id=world.response.id, reason="  ")
    assert find_state(session, world) is ResponseState.submitted  # nothing reopened
    reopen_response(
        session, world.authority, response_id=world.response.id, reason="Ajoutez le bilan 2025."
    )
    shown = response_view(session, world.director, response_id=world.response.id).response
    assert shown.reopen_reason == "Ajoutez le bilan 2025."
    notes = [e.after.get("note") for e in session.exec(select(AuditEvent)).all() if e.after]
    assert "Ajoutez le bilan 2025." in notes


def find_state(session: Session, world: World) -> ResponseState:
    view = response_view(session, world.director, response_id=world.response.id)
    return view.response.state


def test_closed_campaign_locks_drafts(session: Session, world: World) -> None:
    campaigns.close_campaign(session, AUTHORITY, campaign_id=world.campaign.id)
    with pytest.raises(ResponseLocked, match="closed"):
        save(session, world, "accueil.mode", "libre")


def test_progress_counts_visible_required_items(session: Session, world: World) -> None:
    empty = progress(session, world.director, response_id=world.response.id)
    assert (empty.required_answered, empty.required_total) == (0, 2)
    save(session, world, "accueil.referent", True)
    save(session, world, "accueil.referent_nom", "Jeanne")
    done = progress(session, world.director, response_id=world.response.id)
    accueil = done.sections[0]
    assert (accueil.required_answered, accueil.required_total) == (1, 2)
    assert (accueil.answered, accueil.visible) == (2, 5)
    assert done.ratio == done.answered / done.visible  # answered out of asked
    assert accueil.ratio == 2 / 5
    save(session, world, "accueil.referent", False)  # hides referent_nom
    hidden = progress(session, world.director, response_id=world.response.id).sections[0]
    assert (hidden.answered, hidden.visible) == (1, 4)


def test_the_follow_up_covers_unstarted_cites(session: Session, world: World) -> None:

    make_cite(session, "Cité des métiers de Turin", country="Italia")
    rows = follow_up(session, world.authority, campaign_id=world.campaign.id).rows
    assert [(r.cite, r.response_id is not None) for r in rows] == [
        ("Cité des métiers de Namur", True),
        ("Cité des métiers de Porto", True),
        ("Cité des métiers de Turin", False),
    ]
    own_only = follow_up(session, world.director, campaign_id=world.campaign.id).rows
    assert [r.cite_id for r in own_only] == [world.own.id]
    assert own_only[0].required_total == 2


def test_previous_answers_come_from_the_latest_earlier_campaign(
    session: Session, world: World
) -> None:
    save(session, world, "accueil.sans_rdv", "en_cours", remark="2026")
    assert previous_answers(session, world.director, response_id=world.response.id) is None
    campaigns.close_campaign(session, AUTHORITY, campaign_id=world.campaign.id)
    nxt = make_campaign(session, 2027)
    response = get_or_create_response(
        session,
        world.director,
        cite_id=world.own.id,
        campaign_id=nxt.id,
        questionnaire_id="minimal",
    )
    previous = previous_answers(session, world.director, response_id=response.id)
    assert previous is not None and previous.campaign.year == 2026
    assert previous.answers["accueil.sans_rdv"].remark == "2026"
    assert response_view(session, world.director, response_id=response.id).answers == {}


def test_new_response_needs_an_open_campaign(session: Session, world: World) -> None:
    campaigns.close_campaign(session, AUTHORITY, campaign_id=world.campaign.id)

    cite = make_cite(session, "Cité des métiers de Rouen")

    director = make_user(session, "rouen", Role.director, cite_id=cite.id)
    with pytest.raises(InvalidState):
        get_or_create_response(
            session,
            director,
            cite_id=cite.id,
            campaign_id=world.campaign.id,
            questionnaire_id="minimal",
        )


def test_get_or_create_returns_the_same_response(session: Session, world: World) -> None:
    again = get_or_create_response(
        session,
        world.contributor,
        cite_id=world.own.id,
        campaign_id=world.campaign.id,
        questionnaire_id="minimal",
    )
    assert again.id == world.response.id
    with pytest.raises(NotFound):
        get_or_create_response(
            session,
            world.director,
            cite_id=world.own.id,
            campaign_id=world.campaign.id,
            questionnaire_id="qualite",
        )
