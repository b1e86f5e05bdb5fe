"""Every writing service acts for the account as stored now, not as it was when the actor was
read: a disabled account, or one given another role or Cité since, is refused and nothing is
written (issue 13, item 3)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from cdm_quality.domain.plan import ActionDraft
from cdm_quality.services import plan, responses
from cdm_quality.services.errors import AccessDenied, AccountChanged
from cdm_quality.services.people.access import Actor
from cdm_quality.services.plan import DeletedRow, EditedRow
from cdm_quality.storage.tables import Answer, AuditEvent, ImprovementAction, Role, User
from tests.factories import World
from tests.plan_edits import add_action
from tests.services.people.test_access_matrix import ROLES, SERVICES

pytestmark = pytest.mark.also_postgres("the account row is share-locked (FOR SHARE) on PostgreSQL")

# The services of the access matrix that write, and the roles allowed to call them on their
# own Cité (so that only the account change can refuse them).
WRITING = (
    "save_answer",
    "submit_response",
    "reopen_response",
    "record_phase",
    "update_cite",
    "create_cite",
    "create_campaign",
    "close_campaign",
    "add_user",
    "change_password",
    "set_active",
    "open_campaign",
    "start_campaign",
)
CHANGES = ("disabled", "new_role", "new_cite")
NEW_ROLE = {
    Role.director: Role.contributor,
    Role.contributor: Role.director,
    Role.authority: Role.admin,
    Role.admin: Role.authority,
}


def change_account(session: Session, world: World, actor: Actor, change: str) -> None:
    """What an administrator does meanwhile: disable the account, or change its role or Cité."""
    user = session.get(User, actor.id)
    assert user is not None
    if change == "disabled":
        user.active = False
    elif change == "new_role":
        user.role = NEW_ROLE[user.role]
        user.cite_id = user.cite_id if user.role in (Role.director, Role.contributor) else None
    elif user.cite_id is not None:
        user.cite_id = world.other.id
    else:
        user.active = False  # the authority and admins have no Cité to move to
    session.add(user)
    session.commit()


def rows(session: Session, table: type) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


CASES = [
    pytest.param(service, role, change, id=f"{service}-{role}-{change}")
    for service in WRITING
    for role in ROLES
    if "own" in SERVICES[service][0][role]
    for change in CHANGES
]


@pytest.mark.parametrize(("service", "role", "change"), CASES)
def test_a_writing_service_refuses_an_account_changed_since(
    session: Session, world: World, service: str, role: str, change: str
) -> None:
    actor = world.actor(role)
    change_account(session, world, actor, change)
    _, call = SERVICES[service]
    with pytest.raises(AccountChanged):
        call(session, world, actor, "own")


def test_a_disabled_director_saves_no_more_remark_and_cannot_submit(
    session: Session, world: World
) -> None:
    rid = world.response.id
    saved = responses.save_answer(
        session, world.director, response_id=rid, item_id="accueil.mode", remark="one"
    )
    responses.save_answer(
        session, world.director, response_id=rid, item_id="accueil.sans_rdv", value="atteint"
    )
    responses.save_answer(
        session, world.director, response_id=rid, item_id="accueil.referent", value=True
    )
    change_account(session, world, world.director, "disabled")
    audit = rows(session, AuditEvent)
    with pytest.raises(AccountChanged) as refused:
        responses.save_answer(
            session,
            world.director,
            response_id=rid,
            item_id="accueil.mode",
            remark="two",
            expected_version=saved.version,
        )
    assert isinstance(refused.value, AccessDenied)  # pages already show AccessDenied as a refusal
    with pytest.raises(AccountChanged):
        responses.submit_response(session, world.director, response_id=rid)
    stored = session.exec(
        select(Answer).where(Answer.response_id == rid, Answer.item_id == "accueil.mode")
    ).one()
    assert (stored.remark, stored.version) == ("one", saved.version)
    assert rows(session, AuditEvent) == audit
    assert responses.response_view(session, world.authority, response_id=rid).locked is False


def test_a_director_moved_to_another_cite_cannot_write_into_the_old_one(
    session: Session, world: World
) -> None:
    change_account(session, world, world.director, "new_cite")
    with pytest.raises(AccountChanged):
        responses.save_answer(
            session,
            world.director,
            response_id=world.response.id,
            item_id="accueil.mode",
            value="libre",
        )
    moved = world.director.model_copy(update={"cite_id": world.other.id})
    responses.save_answer(  # the account as stored now writes into its new Cité
        session,
        moved,
        response_id=world.other_response.id,
        item_id="accueil.mode",
        value="libre",
    )
    assert rows(session, Answer) == 1


def _plan_calls(world: World, action_id: int) -> dict[str, object]:
    own = {"cite_id": world.own.id, "campaign_id": world.campaign.id}
    cells = {"title": "Autre titre"}
    return {
        "save_table": lambda s, a: plan.save_table(
            s, a, edited=[EditedRow(row=1, id=None, cells=cells)], **own
        ),
        "delete_in_table": lambda s, a: plan.save_table(
            s, a, deleted=[DeletedRow(id=action_id, version=1)], **own
        ),
        "propose": lambda s, a: plan.propose(s, a, lang="fr", **own),
        "carry_over_previous": lambda s, a: plan.carry_over_previous(s, a, **own),
    }


@pytest.mark.parametrize(
    "call",
    [
        "save_table",
        "delete_in_table",
        "propose",
        "carry_over_previous",
    ],
)
@pytest.mark.parametrize("change", CHANGES)
def test_plan_services_refuse_an_account_changed_since(
    session: Session, world: World, call: str, change: str
) -> None:
    made = add_action(
        session,
        world.director,
        cite_id=world.own.id,
        campaign_id=world.campaign.id,
        action=ActionDraft(title="Former action"),
    )
    calls = _plan_calls(world, int(made.action.id))
    change_account(session, world, world.director, change)
    with pytest.raises(AccountChanged):
        calls[call](session, world.director)
    assert rows(session, ImprovementAction) == 1
