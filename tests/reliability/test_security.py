"""Security: password storage, throttling, idle expiry, text never rendered as HTML, no SQL
from strings, no secret in logs, and the access matrix over every page of the app.

Page tests run the real `app.py` (AppTest) on a network whose Cité names, account names and
remarks (this year and last year) hold hostile markup.
"""

from __future__ import annotations

import ast
import datetime as dt
import html
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import argon2
import pytest
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from cdm_quality import cli
from cdm_quality.services import responses
from cdm_quality.services.errors import AuthError, LoginThrottled, StorageUnavailable
from cdm_quality.services.network import campaigns
from cdm_quality.services.people import auth as auth_service
from cdm_quality.services.people import users
from cdm_quality.services.people.access import SYSTEM, Actor
from cdm_quality.settings import Settings, get_settings
from cdm_quality.storage import tables  # noqa: F401  (registers the tables)
from cdm_quality.storage.engine import make_engine, session_scope
from cdm_quality.storage.tables import Role, User, utcnow
from cdm_quality.ui import fill_state, scroll, style
from cdm_quality.ui.errors import error_text
from cdm_quality.ui.navigation import PAGES, specs_for
from cdm_quality.ui.written import written_html
from tests.factories import AUTHORITY, make_campaign, make_cite, make_user
from tests.reliability.helpers import ROOT
from tests.reliability.sqlscan import scan_source, scan_tree
from tests.ui.conftest import age_session, app_database, goto, no_exception, open_app, web_app

SCRIPT = '<script>alert("cdm")</script>'
HOSTILE = f"{SCRIPT}<img src=x onerror=alert(1)> [lien](javascript:alert(1)) **gras** :red[x]"
PASSWORD = "Correct-Horse-42"
OTHER_CITE = "Cité des métiers de Porto"
OTHER_SECRET = "only-porto-knows-this"


# --- passwords ----------------------------------------------------------------------------


def test_passwords_are_stored_as_salted_argon2id_hashes(session: Session) -> None:
    cite = make_cite(session, "Cité des métiers de Namur")
    for login in ("anne", "luc"):
        users.add_user(
            session, SYSTEM, login=login, name=login, password=PASSWORD, role=Role.director,
            cite_id=cite.id,
        )  # fmt: skip
    hashes = [u.password_hash for u in session.exec(select(User)).all()]
    assert len(set(hashes)) == 2, "the same password must not give the same hash (salt)"
    for stored in hashes:
        parameters = argon2.extract_parameters(stored)
        assert parameters.type is argon2.Type.ID
        assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2  # OWASP minimum
        assert PASSWORD not in stored
        assert users.verify_password(stored, PASSWORD)
        assert not users.verify_password(stored, PASSWORD.lower())
    assert PASSWORD not in _every_stored_text(session)


def _every_stored_text(session: Session) -> str:
    rows = []
    for table in SQLModel.metadata.sorted_tables:
        rows += [repr(tuple(row)) for row in session.execute(table.select()).all()]
    return "\n".join(rows)


def test_a_changed_password_is_hashed_too(session: Session) -> None:
    cite = make_cite(session, "Cité des métiers de Namur")
    make_user(session, "anne", Role.director, cite_id=cite.id)
    users.change_password(session, SYSTEM, login="anne", new_password=PASSWORD)
    stored = session.exec(select(User)).one().password_hash
    assert stored.startswith("$argon2id$") and users.verify_password(stored, PASSWORD)
    assert PASSWORD not in _every_stored_text(session)


# --- throttling ---------------------------------------------------------------------------


def test_throttled_login_refuses_even_the_right_password_known_or_not(session: Session) -> None:
    cite = make_cite(session, "Cité des métiers de Namur")
    make_user(session, "anne", Role.director, cite_id=cite.id)
    users.change_password(session, SYSTEM, login="anne", new_password=PASSWORD)
    settings = Settings(login_max_failures=3, login_lock_minutes=15)
    messages = {}
    for login in ("anne", "nobody"):  # an unknown login behaves the same: no enumeration
        for _ in range(3):
            with pytest.raises(AuthError) as refused:
                auth_service.authenticate(session, login, "wrong-password", settings=settings)
            messages[login] = str(refused.value)
        with pytest.raises(LoginThrottled):
            auth_service.authenticate(session, login, PASSWORD, settings=settings)
    assert messages["anne"] == messages["nobody"]
    later = utcnow() + dt.timedelta(minutes=16)
    actor = auth_service.authenticate(session, "anne", PASSWORD, settings=settings, now=later)
    assert actor.login == "anne"


@pytest.fixture
def quick_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The throttle without argon2's second per check: the right password is `PASSWORD`."""
    monkeypatch.setattr(auth_service, "verify_password", lambda _hash, given: given == PASSWORD)


def test_an_outsider_failing_on_purpose_does_not_lock_the_administrator_out(
    session: Session, quick_checks: None
) -> None:
    make_user(session, "admin2", Role.admin)
    users.change_password(session, SYSTEM, login="admin2", new_password=PASSWORD)
    settings = Settings(login_max_failures=3, login_lock_minutes=15)

    def attempt(client: str, password: str) -> str:
        try:
            auth_service.authenticate(session, "admin2", password, client=client, settings=settings)
        except LoginThrottled:
            return "throttled"
        except AuthError:
            return "refused"
        return "accepted"

    outsider = [attempt("203.0.113.9", "wrong-password") for _ in range(5)]
    assert outsider == ["refused"] * 3 + ["throttled"] * 2  # that address is throttled...
    assert attempt("203.0.113.9", PASSWORD) == "throttled"
    assert attempt("192.0.2.10", PASSWORD) == "accepted"  # ...not the administrator's


def test_guessing_spread_over_many_addresses_still_locks_the_login(
    session: Session, quick_checks: None
) -> None:
    settings = Settings(login_max_failures=1, login_lock_minutes=15)
    limit = 1 * auth_service.CLIENT_FACTOR  # the login's own limit, over every client
    for n in range(limit):
        with pytest.raises(AuthError) as refused:
            auth_service.authenticate(
                session, "nobody", "wrong", client=f"198.51.100.{n}", settings=settings
            )
        assert not isinstance(refused.value, LoginThrottled)
    with pytest.raises(LoginThrottled):
        auth_service.authenticate(
            session, "nobody", "wrong", client="198.51.100.250", settings=settings
        )


# --- SQL from strings ---------------------------------------------------------------------

REVIEWED_SQL = {
    # (file, SQL argument): why it cannot carry user input
    ("cdm_quality/storage/engine.py", 'f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}"'): "int constant",
    (
        "cdm_quality/services/backup.py",
        "f\"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), \"  # noqa: S608\n"
        '            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"',
    ): "table names of the code's own metadata",
}


def test_no_sql_is_assembled_from_strings() -> None:
    findings = scan_tree(ROOT / "cdm_quality", ROOT)
    unreviewed = [str(f) for f in findings if (f.file, f.source) not in REVIEWED_SQL]
    assert unreviewed == [], "SQL built from strings: use bound parameters or SQL expressions"


@pytest.mark.parametrize(
    ("snippet", "flagged"),
    [
        ("from sqlalchemy import text\nsession.exec(text(f'select * from t where a = {v}'))", 1),
        ("conn.execute('select * from t where a = %s' % v)", 1),
        ("conn.execute('select * from t where a = ' + v)", 1),
        ("cursor.execute('select * from t where a = {}'.format(v))", 1),
        ("def f(v):\n    q = f'delete from t where a = {v}'\n    conn.exec_driver_sql(q)", 1),
        ("import sqlalchemy as sa\nsa.text('select 1 where a = ' + v)", 1),
        ("from sqlalchemy import text\nconn.execute(text('select :a'), {'a': v})", 0),
        ("session.exec(select(User).where(User.login == v))", 0),
        ("st.text(f'Hello {name}')", 0),
    ],
)
def test_the_sql_scan_finds_what_it_should(snippet: str, flagged: int) -> None:
    assert len(scan_source(snippet, "snippet.py")) == flagged


# --- no raw HTML in the pages' code -------------------------------------------------------


# The one module allowed to run a script in the browser: `ui/scroll.py` ("Go there" scrolls to a
# question and focuses it, which Streamlit cannot do). Its script is a constant whose only
# variable parts are a block key checked against a strict pattern and an int, so nothing a user
# typed reaches it (`test_the_scroll_script_takes_only_a_block_key` below).
SCRIPT_MODULE = ROOT / "cdm_quality" / "ui" / "scroll.py"
# And the stylesheets (`ui/style.py`): `<style>` blocks, the only HTML a page may hold besides
# that script (`raw_html` leaves an HTML element out only when it is a style block holding no
# tag at all).
STYLE_MODULE = ROOT / "cdm_quality" / "ui" / "style.py"
STYLE_BLOCK = re.compile(r"<style>[^<]*</style>")
# And a Cité's words marked with their language (`ui/written.py`): one div, a language code, the
# text escaped (no `<` left in it but the line breaks' `<br>`).
WRITTEN_MODULE = ROOT / "cdm_quality" / "ui" / "written.py"
WRITTEN_ELEMENT = re.compile(r'<div class="cdmq-written"( lang="[a-z]{2}")?>([^<]|<br>)*</div>')


def test_no_page_code_renders_raw_html() -> None:
    offending = []
    for path in sorted((ROOT / "cdm_quality" / "ui").rglob("*.py")) + [ROOT / "app.py"]:
        if path in (SCRIPT_MODULE, STYLE_MODULE, WRITTEN_MODULE):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg in UNSAFE_KEYWORDS:
                if not (isinstance(node.value, ast.Constant) and node.value.value is False):
                    offending.append(f"{path.name}:{node.value.lineno} {node.arg}")
            if isinstance(node, ast.Attribute) and node.attr in ("html", "components"):
                offending.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert offending == []


UNSAFE_KEYWORDS = ("unsafe_allow_html", "unsafe_allow_javascript")


def test_the_scroll_script_takes_only_a_block_key() -> None:
    assert 'const selector = ".st-key-" + "item-prof-formation_accueil"' in scroll.script(
        "item-prof-formation_accueil", 3
    )
    assert scroll.script("item-a", 1).replace('"item-a"', '"item-b"') == scroll.script("item-b", 1)
    for hostile in ('item"; alert(1); "', "item</script><script>alert(1)", "Item", "", "a b"):
        with pytest.raises(ValueError, match="not a block key"):
            scroll.script(hostile, 1)


# --- secrets in logs and messages ---------------------------------------------------------


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log record at DEBUG and above, of every logger (SQL statements included)."""
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "sqlalchemy.pool"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield caplog
    for name in ("sqlalchemy.engine", "sqlalchemy.pool"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)


def test_no_password_in_logs_during_account_work(
    all_logs: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'logs.sqlite'}")  # created with logging on
    SQLModel.metadata.create_all(engine)
    settings = Settings(login_max_failures=2)
    with session_scope(engine) as session:
        cite = make_cite(session, "Cité des métiers de Namur")
        users.add_user(
            session, SYSTEM, login="anne", name="Anne", password=PASSWORD, role=Role.director,
            cite_id=cite.id,
        )  # fmt: skip
        auth_service.authenticate(session, "anne", PASSWORD, settings=settings)
        for attempt in ("Wrong-Horse-41", "Wrong-Horse-43", PASSWORD):
            with pytest.raises(AuthError):
                auth_service.authenticate(session, "anne", attempt, settings=settings)
        users.change_password(session, SYSTEM, login="anne", new_password=PASSWORD + "!")
    engine.dispose()
    logged = _logged(all_logs)
    assert "INSERT INTO app_user" in logged  # the capture did see the SQL
    for secret in (PASSWORD, "Wrong-Horse-41", "Wrong-Horse-43"):
        assert secret not in logged


def test_no_password_in_the_command_line_output(
    all_logs: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("CDM_QUALITY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CDM_QUALITY_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert cli.main(["db", "upgrade"]) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        command = ["user", "add", "admin2", "--name", "Admin", "--role", "admin"]
        assert cli.main([*command, "--password-stdin"]) == 0
    finally:
        get_settings.cache_clear()
    printed = capsys.readouterr()
    assert PASSWORD not in printed.out + printed.err + _logged(all_logs)


def test_a_database_password_is_never_shown(
    all_logs: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "S3cret-db-pass"
    with pytest.raises(ValidationError) as refused:
        Settings(database_url=f"mysql://cdm:{secret}@db.example/cdm")
    assert "CDM_QUALITY_DATABASE_URL" in str(refused.value)
    assert secret not in str(refused.value)
    engine = make_engine(f"postgresql+psycopg://cdm:{secret}@127.0.0.1:1/cdm?connect_timeout=3")
    with pytest.raises(StorageUnavailable) as unavailable:
        with session_scope(engine) as session:
            responses.save_answer(session, AUTHORITY, response_id=1, item_id="x", value=1)
    engine.dispose()
    assert secret not in error_text(unavailable.value, "en") + _logged(all_logs)
    monkeypatch.setenv("CDM_QUALITY_DATABASE_URL", f"mysql://cdm:{secret}@db.example/cdm")
    get_settings.cache_clear()
    try:
        assert cli.main(["db", "upgrade"]) != 0
    finally:
        get_settings.cache_clear()
    printed = capsys.readouterr()
    assert "CDM_QUALITY_DATABASE_URL" in printed.err
    assert secret not in printed.out + printed.err


# --- pages: a network with hostile text ---------------------------------------------------


@dataclass(frozen=True)
class Network:
    director: Actor
    contributor: Actor
    other_director: Actor
    authority: Actor
    admin: Actor
    own_name: str
    rid: int

    def actor(self, role: str) -> Actor:
        return getattr(self, role)


@pytest.fixture
def app_engine() -> Iterator[Engine]:
    """The `engine` of tests/ui under another name: here `engine` is the root conftest's."""
    with app_database() as created:
        yield created


@pytest.fixture
def network(app_engine: Engine) -> Network:
    """Two Cités, 2025 closed and 2026 open; hostile markup in names and remarks."""
    with Session(app_engine, expire_on_commit=False) as session:
        own = make_cite(session, f"Cité {HOSTILE} Namur")
        other = make_cite(session, OTHER_CITE)
        director = make_user(session, "anne", Role.director, cite_id=own.id, name=f"Anne {SCRIPT}")
        contributor = make_user(session, "luc", Role.contributor, cite_id=own.id, name="Luc")
        other_director = make_user(session, "ana", Role.director, cite_id=other.id, name="Ana")
        authority = make_user(session, "claire", Role.authority, name="Claire")
        admin = make_user(session, "root", Role.admin, name="Admin")
        last = make_campaign(session, 2025)
        _answer(session, (director, own.id), (other_director, other.id), campaign_id=last.id)
        campaigns.close_campaign(session, AUTHORITY, campaign_id=last.id)
        current = make_campaign(session, 2026)
        rid = _answer(
            session, (contributor, own.id), (other_director, other.id), campaign_id=current.id
        )
    return Network(director, contributor, other_director, authority, admin, own.name, rid)


def _answer(session: Session, *writers: tuple[Actor, int], campaign_id: int) -> int:
    """Hostile remarks for the first writer's Cité, a secret one for the other; first's id."""
    ids = []
    for actor, cite_id in writers:
        response = responses.get_or_create_response(
            session, actor, cite_id=cite_id, campaign_id=campaign_id, questionnaire_id="minimal"
        )
        remark = HOSTILE if not ids else OTHER_SECRET
        for item_id, value in (("accueil.sans_rdv", "atteint"), ("accueil.mode", "mixte")):
            responses.save_answer(
                session, actor, response_id=response.id, item_id=item_id, value=value,
                remark=remark,
            )  # fmt: skip
        ids.append(response.id)
    return ids[0]


@dataclass(frozen=True)
class Shown:
    """One string a page sends to the browser: element type, field, text."""

    element: str
    field: str
    text: str


PLAIN_TEXT_FIELDS = {
    ("text", "body"),  # st.text: preformatted, never parsed
    ("text", "value"),
    ("text_area", "default"),  # widget values are edited as text
    ("text_area", "value"),
    ("text_input", "default"),
    ("text_input", "value"),
    ("selectbox", "options"),  # select options show as plain text
    ("selectbox", "value"),
    ("selectbox", "raw_value"),
    ("multiselect", "options"),
    ("multiselect", "value"),
}
PLAIN_TEXT_ELEMENTS = {
    "vega_lite_chart",  # chart text is drawn by Vega; its tooltips escape HTML
    "arrow_data_frame",  # table cells are plain text
}


def shown_strings(at: AppTest) -> list[Shown]:
    """Every string of every element sent to the browser, widget values included."""
    found: list[Shown] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", type(node).__name__.lower())
        own: list[Shown] = []
        if proto is not None and hasattr(proto, "ListFields"):
            _strings(proto, kind, own)
        value = getattr(node, "value", None) if hasattr(node, "key") else None
        if isinstance(value, str) and value not in {s.text for s in own}:
            own.append(Shown(kind, "value", value))
        found.extend(own)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def _strings(message: Any, kind: str, found: list[Shown], field: str = "") -> None:
    for descriptor, value in message.ListFields():
        name = descriptor.name
        repeated = not isinstance(value, str | bytes | int | float) and not hasattr(
            value, "ListFields"
        )
        for one in value if repeated else [value]:
            if isinstance(one, str):
                found.append(Shown(kind, field or name, one))
            elif hasattr(one, "ListFields"):
                _strings(one, kind, found, field or name)


def unescaped_markup(shown: list[Shown]) -> list[Shown]:
    """Strings rendered as Markdown that carry the hostile markup unescaped."""
    bad = []
    for s in shown:
        if (s.element, s.field) in PLAIN_TEXT_FIELDS or s.element in PLAIN_TEXT_ELEMENTS:
            continue
        if s.field == "id":
            continue
        if s.element == "html" and WRITTEN_ELEMENT.fullmatch(s.text):
            continue  # HTML, not Markdown: the text escaped, no tag but <br> (`ui/written.py`)
        text = s.text.replace("\\<", "").replace("\\[", "").replace("\\*", "")
        if "<script" in text or "<img" in text or "](javascript:" in text or "**gras**" in text:
            bad.append(s)
    return bad


def raw_html(at: AppTest) -> list[str]:
    """Elements that would put raw HTML in the page: st.html, components, unsafe markdown."""
    kinds: list[str] = []

    def walk(node: Any) -> None:
        kinds.append(getattr(node, "type", ""))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    found = [k for k in kinds if k in ("html", "iframe", "component_instance")]
    if "html" in found:  # the app's stylesheets (`ui/style.py`) are not raw HTML
        found = [k for k in found if k != "html"]
        found += ["html" for h in at.get("html") if not _allowed_html(h.proto.body)]
    return found + ["markdown(allow_html)" for m in at.markdown if m.proto.allow_html]


def _allowed_html(body: str) -> bool:
    """A stylesheet of `ui/style.py` or a Cité's words marked by `ui/written.py`."""
    return bool(STYLE_BLOCK.fullmatch(body) or WRITTEN_ELEMENT.fullmatch(body))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("<script>alert(1)</script>", "pt"),
        ('a"><img src=x onerror=alert(1)>\nb', "it"),
        ("Texte", '"><script>alert(1)</script>'),
        ("Texte", "xx"),
        ("Texte & <b>gras</b>", None),
    ],
)
def test_a_written_text_is_one_escaped_element_whatever_is_typed(
    text: str, language: str | None
) -> None:
    element = written_html(text, language)
    assert WRITTEN_ELEMENT.fullmatch(element)
    assert html.unescape(element.split(">", 1)[1].rsplit("<", 1)[0].replace("<br>", "\n")) == text
    assert ('lang="' in element) is (language in ("pt", "it"))


def test_the_raw_html_check_sees_raw_html() -> None:
    at = AppTest.from_string(
        "import streamlit as st\n"
        "st.html('<b>a</b>')\n"
        "st.markdown('<b>b</b>', unsafe_allow_html=True)\n"
        "st.markdown('<script>c</script>')\n"
        "from cdm_quality.ui.text import escape_markdown\n"
        "st.markdown(escape_markdown('<script>d</script> **gras**'))\n"
        "st.text('<script>e</script>')\n"
    ).run()
    assert sorted(raw_html(at)) == ["html", "markdown(allow_html)"]
    assert [s.text for s in unescaped_markup(shown_strings(at))] == ["<script>c</script>"]


ROLES = ("director", "contributor", "authority", "admin")
PAGE_KEYS = [spec.key for spec in PAGES]


@pytest.mark.parametrize("page", PAGE_KEYS)
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix_and_text_on_every_page(network: Network, role: str, page: str) -> None:
    actor = network.actor(role)
    at = open_app(user_id=actor.id, lang="en")
    if page not in [spec.key for spec in specs_for(role)]:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            goto(at, page)  # not registered for this role: no URL reaches it
        return
    at = goto(at, page)
    no_exception(at)
    shown = shown_strings(at)
    assert raw_html(at) == []
    assert unescaped_markup(shown) == []
    if page in ("overview", "fill"):  # the capture sees the names and the remarks
        assert any("Namur" in s.text for s in shown)
    if page == "fill" and role != "authority" and role != "admin":
        assert any(s.text == HOSTILE for s in shown)
    if actor.cite_id is not None:  # directors and contributors: their own Cité only
        everything = "\n".join(s.text for s in shown)
        assert OTHER_CITE not in everything and OTHER_SECRET not in everything


@pytest.mark.parametrize("page", [spec.key for spec in PAGES if spec.audience & {"anonymous"}])
def test_signed_out_pages_show_no_cite_data(network: Network, page: str) -> None:
    at = goto(open_app(lang="en"), page)
    no_exception(at)
    everything = "\n".join(s.text for s in shown_strings(at))
    for secret in (OTHER_CITE, OTHER_SECRET, "Namur", SCRIPT):
        assert secret not in everything


@pytest.mark.parametrize("page", ["overview", "fill"])
def test_a_forged_cite_choice_does_not_open_another_cite(
    network: Network, app_engine: Engine, page: str
) -> None:
    with Session(app_engine) as session:
        other_id = responses.response_view(
            session, network.authority, response_id=network.rid + 1
        ).cite.id
    at = goto(open_app(user_id=network.director.id, lang="en", **{"sel.cite_id": other_id}), page)
    no_exception(at)
    everything = "\n".join(s.text for s in shown_strings(at))
    assert OTHER_CITE not in everything and OTHER_SECRET not in everything


def test_a_script_in_a_remark_shows_as_text(network: Network) -> None:
    at = goto(open_app(user_id=network.director.id, lang="en"), "fill")
    no_exception(at)
    remark = at.text_area(key=fill_state.widget_key(network.rid, "accueil.sans_rdv", "remark"))
    assert remark.value == HOSTILE  # this year's remark: in its field, as typed
    assert HOSTILE in [t.value for t in at.text]  # last year's remark: plain text element
    assert raw_html(at) == []  # the page's only HTML: its style blocks
    assert style.STYLESHEET in [h.proto.body for h in at.get("html")]


# --- sessions -----------------------------------------------------------------------------


def test_an_idle_session_cannot_save(network: Network, app_engine: Engine) -> None:
    at = goto(open_app(user_id=network.director.id, lang="en"), "fill")
    age_session(at, app_engine, get_settings().idle_minutes + 1)
    widget = fill_state.widget_key(network.rid, "accueil.mode", "remark")
    at.text_area(key=widget).input("typed after the idle time").run()
    no_exception(at)
    assert at.title[0].value == "Sign in"
    with Session(app_engine) as session:
        view = responses.response_view(session, network.director, response_id=network.rid)
    assert view.answers["accueil.mode"].remark == HOSTILE  # unchanged
    assert view.answers["accueil.mode"].version == 1


def test_the_password_never_reaches_a_page_session(network: Network, app_engine: Engine) -> None:
    """The password is typed on the server's form (`ui/web.py`), never in a Streamlit page:
    no page of a signed-out visitor asks for it, and a signed-in session holds no trace of it
    (nor of the session token beyond the tab's own)."""
    with Session(app_engine) as session:
        users.change_password(session, SYSTEM, login="anne", new_password=PASSWORD)
    at = open_app(lang="en")
    assert not [w for w in at.text_input if w.type == "password"]
    with TestClient(web_app(), base_url="http://testserver", follow_redirects=False) as client:
        page = client.get("/signin")
        csrf = re.search(r'name="csrf" value="([^"]*)"', page.text).group(1)
        fields = {"csrf": csrf, "next": "/fill", "login": "anne", "password": PASSWORD}
        answer = client.post("/signin", data=fields, headers={"origin": "http://testserver"})
    assert answer.status_code == 303
    assert PASSWORD not in str(answer.headers) + answer.text
    at = goto(open_app(user_id=network.director.id, lang="en"), "fill")
    state = {key: repr(value) for key, value in at.session_state.to_dict().items()}
    assert not [key for key, value in state.items() if PASSWORD in value]
