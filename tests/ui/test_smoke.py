"""Every page opens without an exception for every role (an invited assessor too), and for a
visitor not signed in."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from cdm_quality.domain import languages, texts
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.errors import AccessDenied
from cdm_quality.ui.navigation import PAGES, specs_for
from tests.factories import World, member
from tests.ui.conftest import ROLES, goto, no_exception, open_app, open_page
from tests.ui.rendered import page_texts

SIGNED_IN_PAGES = [spec.key for spec in PAGES if spec.key != "login"]
EVERY_ROLE = (*ROLES, "assessor")
# every page a role is shown (some pages are for one role only, e.g. accounts for admins)
ROLE_PAGES = [(role, spec.key) for role in EVERY_ROLE for spec in specs_for(role)]


def user_id(engine: Engine, world: World, role: str) -> int | None:
    with Session(engine, expire_on_commit=False) as session:
        return member(session, world, role).id


@pytest.mark.parametrize("lang", languages.codes())
@pytest.mark.parametrize(("role", "page"), ROLE_PAGES)
def test_page_opens_for_role(engine: Engine, world: World, role: str, page: str, lang: str) -> None:
    """In every language: no exception, a title, and no catalogue key shown in place of a
    text (a message the language's catalogue lacks, a key asked for that no catalogue has).
    The page is the tab's first (as after a reload)."""
    at = open_page(page, user_id=user_id(engine, world, role), lang=lang)
    no_exception(at)
    assert at.title, f"{page} shows no title for {role}"
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["lang"] == lang
    keys = sorted(set(page_texts(at)) & set(texts.keys()))
    assert not keys, f"{page} shows keys in {lang}: {keys}"


@pytest.mark.parametrize("page", [spec.key for spec in specs_for(None)])
def test_public_page_opens_signed_out(world: World, page: str) -> None:
    at = goto(open_app(), page)
    no_exception(at)
    assert at.title


@pytest.mark.parametrize("page", ["overview", "fill"])
def test_member_page_asks_to_sign_in_when_signed_out(world: World, page: str) -> None:
    at = goto(open_app(lang="en"), page)
    no_exception(at)
    assert at.title[0].value == "Sign in"
    assert at.button(key="sign_in.local")  # the way to the server's sign-in form


def test_signed_out_visitor_starts_on_sign_in(world: World) -> None:
    at = open_app(lang="en")
    assert at.title[0].value == "Sign in"


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_signed_in_user_starts_on_overview(engine: Engine, world: World, role: str) -> None:
    at = open_app(user_id=user_id(engine, world, role), lang="en")
    no_exception(at)
    assert at.title[0].value == "Overview"


@pytest.mark.parametrize(("role", "label"), [("director", "Fill in"), ("authority", "View")])
def test_overview_offers_to_fill_only_to_the_cite_team(world: World, role: str, label: str) -> None:
    at = open_app(user_id=world.actor(role).id, lang="en")
    assert at.button(key="open.minimal").label == label


def test_a_refused_read_is_told_not_shown_as_a_traceback(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The synthesis page catches nothing itself: the boundary around the router words the
    refusal in the reader's language (it showed a traceback)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AccessDenied()

    monkeypatch.setattr(synthesis, "cite_synthesis", refuse)
    at = goto(open_app(user_id=world.actor("director").id, lang="en"), "synthesis")
    no_exception(at)
    assert [e.value for e in at.error] == ["You do not have access to this."]
