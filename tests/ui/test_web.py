"""The server's routes (issue 13, item 4): the sign-in form and its cookie, protection against
cross-site posting, the throttle, the gate in front of the pages, the health route.

The routes and the gate run in a bare Starlette app here (Streamlit's own routes replaced by
one that answers "page"), through Starlette's TestClient; `tests/browser/test_sessions.py`
drives the real server."""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
import streamlit
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient
from streamlit.runtime import memory_media_file_storage as storage

from cdm_quality.services import database
from cdm_quality.services.errors import AuthError
from cdm_quality.services.people import sessions
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import User, WebSession
from cdm_quality.ui import media, web
from tests.factories import FACTORY_PASSWORD, World
from tests.ui.conftest import web_app

ORIGIN = "http://testserver"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url=ORIGIN, follow_redirects=False) as made:
        yield made


def form(client: TestClient, query: str = "") -> dict[str, str]:
    """GET the form as a browser does; the hidden fields it holds."""
    page = client.get(f"/signin{query}", headers={"accept-language": "fr-FR"})
    assert page.status_code == 200
    return dict(re.findall(r'name="(csrf|next|lang)" value="([^"]*)"', page.text))


def post(client: TestClient, fields: dict[str, str], *, origin: str | None = ORIGIN, **kw: str):
    headers = {"origin": origin} if origin else {}
    headers |= {key.replace("_", "-"): value for key, value in kw.items()}
    return client.post("/signin", data=fields, headers=headers)


def sign_in(client: TestClient, login: str = "directrice", password: str = FACTORY_PASSWORD):
    return post(
        client, form(client, "?next=/fill%3Fq%3Dcharte") | {"login": login, "password": password}
    )


def set_cookies(response) -> dict[str, SimpleCookie]:  # noqa: ANN001
    found: dict[str, SimpleCookie] = {}
    for header in response.headers.get_list("set-cookie"):
        cookie = SimpleCookie(header)
        found.update({name: cookie for name in cookie})
    return found


def test_signing_in_sets_an_httponly_samesite_cookie_and_goes_to_the_page_asked(
    client: TestClient, engine: Engine, world: World
) -> None:
    answer = sign_in(client)
    assert (answer.status_code, answer.headers["location"]) == (303, "/fill?q=charte")
    morsel = set_cookies(answer)[sessions.COOKIE][sessions.COOKIE]
    assert morsel["httponly"] and morsel["samesite"].lower() == "lax" and morsel["path"] == "/"
    assert not morsel["secure"]  # plain HTTP here; see the HTTPS test
    token = morsel.value
    with Session(engine) as session:
        stored = session.exec(select(WebSession)).one()
        assert stored.token_hash == sessions.token_hash(token) != token
        assert sessions.resume(session, token).actor.login == "directrice"
    assert client.get("/fill?q=charte").text == "page"  # the gate lets the cookie through


def test_over_https_the_cookie_is_secure(world: World) -> None:
    with TestClient(web_app(), base_url="https://cdm.example", follow_redirects=False) as client:
        fields = form(client) | {"login": "directrice", "password": FACTORY_PASSWORD}
        answer = post(client, fields, origin="https://cdm.example")
    assert set_cookies(answer)[sessions.COOKIE][sessions.COOKIE]["secure"]


def test_the_form_is_in_the_browsers_language_and_escapes_what_it_shows(
    client: TestClient,
) -> None:
    page = client.get(
        "/signin?next=/fill%3Fq%3D%22%3E%3Cscript%3E", headers={"accept-language": "fr"}
    )
    assert "Identifiant" in page.text and "Mot de passe" in page.text
    assert "<script>" not in page.text
    assert "Login" in client.get("/signin?lang=en").text
    guard = set_cookies(page)[web.CSRF_COOKIE][web.CSRF_COOKIE]
    assert guard["httponly"] and guard["samesite"].lower() == "strict"


def test_the_form_fetches_the_apps_page_while_the_person_types(client: TestClient) -> None:
    """Streamlit's first scripts and stylesheet are prefetched by the form (they are what the
    page after the sign-in waits for), the form still runs no script of its own."""
    page = client.get("/signin")
    prefetched = re.findall(r'<link rel="prefetch" href="([^"]+)" crossorigin>', page.text)
    assert prefetched == web.app_assets()
    assert any(p.startswith("./static/js/index.") for p in prefetched)
    assert any(p.endswith(".css") for p in prefetched)
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "script-src" not in policy
    static = Path(streamlit.__file__).parent / "static"
    assert all((static / path).is_file() for path in prefetched)


def test_the_form_names_the_code_of_every_element_the_pages_draw() -> None:
    """Each element of `web.LAZY_ELEMENTS` is one script of this Streamlit, prefetched with the
    scripts it imports (a Streamlit that renames one fails here, not silently)."""
    scripts = Path(streamlit.__file__).parent / "static" / "static" / "js"
    found = {name: web.element_script(scripts, name) for name in web.LAZY_ELEMENTS}
    assert [name for name, script in found.items() if script is None] == []
    prefetched = web.app_assets()
    assert len(prefetched) == len(set(prefetched))
    radio = found["Radio"]
    imported = re.findall(r'(?:from|import)\s*"\./([^"/]+\.js)"', (scripts / radio).read_text())
    assert imported
    assert all(f"./static/js/{name}" in prefetched for name in [radio, *imported])


def test_a_wrong_password_is_refused_keeping_the_login(client: TestClient, engine: Engine) -> None:
    answer = sign_in(client, password="not-the-password")
    assert answer.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in answer.text
    assert 'value="directrice"' in answer.text
    assert sessions.COOKIE not in set_cookies(answer)
    with Session(engine) as session:
        assert session.exec(select(WebSession)).all() == []


def test_the_route_uses_the_throttle_even_for_the_right_password(client: TestClient) -> None:
    for _ in range(get_settings().login_max_failures):
        assert sign_in(client, password="not-the-password").status_code == 401
    answer = sign_in(client)
    assert answer.status_code == 429
    assert "Trop d'essais infructueux" in answer.text.replace("&#x27;", "'")
    assert sessions.COOKIE not in set_cookies(answer)


@pytest.mark.parametrize(
    ("origin", "referer"),
    [
        ("https://evil.example", None),  # another site posting the form
        ("http://testserver.evil.example", None),
        ("null", None),  # a sandboxed frame, no referer
        (None, None),  # neither header
        (None, "https://evil.example/page"),
    ],
)
def test_a_post_from_another_site_is_refused(
    client: TestClient, engine: Engine, origin: str | None, referer: str | None
) -> None:
    fields = form(client) | {"login": "directrice", "password": FACTORY_PASSWORD}
    extra = {"referer": referer} if referer else {}
    answer = post(client, fields, origin=origin, **extra)
    assert answer.status_code == 403
    assert sessions.COOKIE not in set_cookies(answer)
    with Session(engine) as session:
        assert session.exec(select(WebSession)).all() == []


def test_a_same_site_referer_stands_for_a_missing_origin(client: TestClient) -> None:
    fields = form(client) | {"login": "directrice", "password": FACTORY_PASSWORD}
    answer = post(client, fields, origin=None, referer=f"{ORIGIN}/signin")
    assert answer.status_code == 303


def test_a_post_without_the_forms_token_is_refused(client: TestClient) -> None:
    fields = form(client) | {"login": "directrice", "password": FACTORY_PASSWORD}
    assert post(client, fields | {"csrf": "guessed"}).status_code == 403
    client.cookies.clear()  # the token's cookie gone (a form shown to another browser)
    assert post(client, fields).status_code == 403


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/signin", "fill"]
)
def test_the_page_after_signing_in_stays_on_this_site(client: TestClient, target: str) -> None:
    fields = form(client) | {"login": "directrice", "password": FACTORY_PASSWORD, "next": target}
    assert post(client, fields).headers["location"] == "/"


def test_an_oversized_form_is_refused(client: TestClient) -> None:
    fields = form(client) | {"login": "directrice", "password": "x" * 20_000}
    assert post(client, fields).status_code == 403


def test_the_forms_language_becomes_the_accounts_the_language_of_its_emails(
    client: TestClient, engine: Engine
) -> None:
    fields = form(client, "?lang=it") | {"login": "contributeur", "password": FACTORY_PASSWORD}
    assert fields["lang"] == "it"
    assert post(client, fields).status_code == 303
    with Session(engine) as session:
        account = session.exec(select(User).where(User.login == "contributeur")).one()
        assert account.language == "it"


def test_signing_in_again_ends_the_previous_session(client: TestClient, engine: Engine) -> None:
    first = set_cookies(sign_in(client))[sessions.COOKIE][sessions.COOKIE].value
    client.cookies.delete(sessions.COOKIE)
    fields = form(client) | {"login": "contributeur", "password": FACTORY_PASSWORD}
    client.cookies.set(sessions.COOKIE, first)  # the form was shown before, in another tab
    second = set_cookies(post(client, fields))[sessions.COOKIE][sessions.COOKIE].value
    with Session(engine) as session:
        assert sessions.resume(session, first).actor is None
        assert sessions.resume(session, second).actor.login == "contributeur"


def test_a_signed_in_browser_skips_the_form(client: TestClient) -> None:
    client.cookies.set(
        sessions.COOKIE, set_cookies(sign_in(client))[sessions.COOKIE][sessions.COOKIE].value
    )
    answer = client.get("/signin?next=/plan")
    assert (answer.status_code, answer.headers["location"]) == (303, "/plan")


# --- the gate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "target"),
    [("/fill?q=charte&s=publics", "/fill?q=charte&s=publics"), ("/", "/"), ("/users", "/users")],
)
def test_a_page_that_needs_a_sign_in_sends_to_the_form(
    client: TestClient, path: str, target: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?" + web.urlencode({"next": target})


@pytest.mark.parametrize(
    "path", ["/questionnaires", "/dossier", "/_stcore/health", "/static/x.js", "/nope"]
)
def test_pages_open_to_everyone_and_other_paths_load_as_they_are(
    client: TestClient, path: str
) -> None:
    assert client.get(path).status_code == 200


def test_the_apps_login_page_signed_out_is_the_sign_in_form(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Back after signing out: the history's /login, not an empty page with one button
    answer = client.get("/login", headers={"referer": f"{ORIGIN}/fill?q=charte"})
    assert answer.headers["location"] == "/signin?" + web.urlencode({"next": "/fill?q=charte"})
    monkeypatch.setattr(web.oidc, "providers", lambda: [web.oidc.Provider("default", "IdP")])
    assert client.get("/login").status_code == 303  # the form offers the providers itself


def test_the_root_reached_from_a_page_comes_back_to_it(client: TestClient) -> None:
    # Signing out, or an ended session, goes through Streamlit's /auth/logout to the root.
    answer = client.get("/", headers={"referer": f"{ORIGIN}/plan?c=2"})
    assert answer.headers["location"] == "/signin?" + web.urlencode({"next": "/plan?c=2"})
    answer = client.get("/", headers={"referer": "https://evil.example/plan"})
    assert answer.headers["location"] == "/signin?next=%2F"


def test_an_ended_session_is_told_and_its_cookie_cleared(
    client: TestClient, engine: Engine
) -> None:
    token = set_cookies(sign_in(client))[sessions.COOKIE][sessions.COOKIE].value
    with Session(engine) as session:
        row = session.exec(select(WebSession)).one()
        row.last_seen_at = row.last_seen_at.replace(year=2020)
        session.add(row)
        session.commit()
    client.cookies.set(sessions.COOKIE, token)
    answer = client.get("/fill")
    assert answer.headers["location"] == "/signin?next=%2Ffill&expired=1"
    assert set_cookies(answer)[sessions.COOKIE][sessions.COOKIE]["max-age"] == "0"
    assert "Votre session a expiré" in client.get(answer.headers["location"]).text


def test_a_revoked_cookie_on_a_public_page_is_cleared(client: TestClient, engine: Engine) -> None:
    client.cookies.set(sessions.COOKIE, "revoked-or-forged")
    answer = client.get("/questionnaires")
    assert answer.status_code == 200
    assert set_cookies(answer)[sessions.COOKIE][sessions.COOKIE]["max-age"] == "0"


# --- health ---------------------------------------------------------------------------------


def test_health_answers_200_while_the_database_answers(client: TestClient) -> None:
    assert (client.get("/healthz").status_code, client.get("/healthz").text) == (200, "ok")


def test_health_answers_503_when_the_database_does_not(client: TestClient) -> None:
    gone = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    database.use_engine(gone)
    answer = client.get("/healthz")
    assert (answer.status_code, answer.text) == (503, "database unavailable")


def test_the_form_offers_each_openid_connect_provider_when_configured(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert web.OIDC_START not in client.get("/signin").text
    found = [web.oidc.Provider("default", "Annuaire CDM"), web.oidc.Provider("google", "Google")]
    monkeypatch.setattr(web.oidc, "providers", lambda: found)
    page = client.get("/signin?next=/plan", headers={"accept-language": "fr"}).text
    assert 'href="/signin/oidc/default?next=%2Fplan"' in page
    assert "Se connecter avec Annuaire CDM" in page and "Se connecter avec Google" in page


# --- a burst of sign-ins --------------------------------------------------------------------


def _from_address(app: Any) -> Any:
    """The app, seeing each request come from the address in its `x-test-client` header."""

    async def addressed(scope: Any, receive: Any, send: Any) -> None:
        given = dict(scope.get("headers", [])).get(b"x-test-client")
        if given:
            scope = dict(scope, client=(given.decode(), 50000))
        await app(scope, receive, send)

    return addressed


def test_sign_ins_beyond_the_free_slots_are_answered_at_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered, release = threading.Semaphore(0), threading.Event()

    def held(*_args: object, **_kw: object) -> None:  # a slow password check, held
        entered.release()
        release.wait(timeout=60)
        raise AuthError()

    monkeypatch.setattr(web.auth_service, "authenticate", held)
    monkeypatch.setattr(web, "_token_matches", lambda *_: True)  # not what is tested here
    fields = {"login": "directrice", "password": "wrong-password", "csrf": "t", "lang": "fr"}

    with TestClient(_from_address(web_app()), base_url=ORIGIN, follow_redirects=False) as client:

        def post_from(address: str) -> Any:
            headers = {"origin": ORIGIN, "x-test-client": address}
            return client.post("/signin", data=fields, headers=headers)

        with ThreadPoolExecutor(max_workers=2) as pool:
            first = pool.submit(post_from, "192.0.2.1")
            assert entered.acquire(timeout=30)
            again = post_from("192.0.2.1")  # the same client while its first is checked
            second = pool.submit(post_from, "192.0.2.2")
            assert entered.acquire(timeout=30)  # both slots (max_parallel_hashes = 2) busy
            third = post_from("192.0.2.3")
            health = client.get("/healthz")
            release.set()
            answers = [first.result(timeout=60), second.result(timeout=60)]
        after = post_from("192.0.2.3")  # the slots are free again
    for busy in (again, third):
        assert busy.status_code == 429 and busy.headers["retry-after"] == "5"
        assert "Trop de connexions sont en cours" in busy.text
    assert health.status_code == 200
    assert [a.status_code for a in answers] == [401, 401] and after.status_code == 401


@pytest.fixture
def database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The server's own database, a SQLite file under tmp_path (no test engine)."""
    path = tmp_path / "data" / "cdm-quality.db"
    monkeypatch.setenv("CDM_QUALITY_DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    database.use_engine(None)
    yield path
    get_settings.cache_clear()


def test_health_on_a_missing_database_file_answers_503_and_creates_nothing(
    client: TestClient, database_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    answer = client.get("/healthz")
    assert (answer.status_code, answer.text) == (503, "database unavailable")
    assert not database_file.exists() and not database_file.parent.exists()
    assert f"database file missing: {database_file}" in caplog.text


def test_health_on_a_corrupt_database_file_answers_503_with_the_reason_in_the_log(
    client: TestClient, database_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    database_file.parent.mkdir(parents=True)
    database_file.write_bytes(b"this is no database, only a damaged file " * 200)
    answer = client.get("/healthz")
    assert (answer.status_code, answer.text) == (503, "database unavailable")
    assert "file is not a database" in caplog.text


def test_health_on_an_empty_database_answers_503_and_migrates_nothing(
    client: TestClient, database_file: Path
) -> None:
    database_file.parent.mkdir(parents=True)
    database_file.touch()  # e.g. a volume mounted before `cdm-quality db upgrade`
    assert client.get("/healthz").status_code == 503
    assert database_file.stat().st_size == 0


def test_health_on_a_migrated_database_file_answers_200(
    client: TestClient, database_file: Path
) -> None:
    from cdm_quality.storage import migrations

    engine = make_engine(f"sqlite:///{database_file}")
    migrations.upgrade(engine)
    engine.dispose()
    assert (client.get("/healthz").status_code, client.get("/healthz").text) == (200, "ok")


# --- files of /media/ -------------------------------------------------------------------------


def _signed_in_cookie(client: TestClient, login: str) -> str:
    client.cookies.clear()
    answer = sign_in(client, login=login)
    assert answer.status_code == 303
    return str(set_cookies(answer)[sessions.COOKIE][sessions.COOKIE].value)


def _session_id(engine: Engine, token: str) -> int:
    with Session(engine) as session:
        found = sessions.resume(session, token, touch=False)
    assert found.actor is not None and found.actor.session_id is not None
    return found.actor.session_id


def test_a_media_file_is_served_only_to_the_sign_in_that_made_it(
    client: TestClient, engine: Engine
) -> None:
    director = _signed_in_cookie(client, "directrice")
    other = _signed_in_cookie(client, "contributeur")
    client.cookies.clear()
    media.remember("made-for-her", _session_id(engine, director))
    media.remember("deferred", media.SIGNED_IN)
    media.remember("public", media.ANYONE)

    def status(name: str, token: str | None) -> int:
        cookies = {sessions.COOKIE: token} if token else {}
        client.cookies.clear()
        return client.get(f"/media/{name}.pdf", cookies=cookies).status_code

    assert status("made-for-her", director) == 200
    assert status("made-for-her", None) == 404  # no cookie: the tab closed, the URL kept
    assert status("made-for-her", other) == 404  # another sign-in
    assert status("deferred", other) == 200 and status("deferred", None) == 404
    assert status("public", None) == 200
    assert status("unknown", director) == 404
    with Session(engine) as session:
        sessions.end_session(session, director)
    assert status("made-for-her", director) == 404  # signed out


def test_media_names_cannot_be_computed_from_the_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "_calculate_file_id", media.streamlit_file_id)
    media.install()  # as the server does at its start
    content = b"%PDF-1.7 a known attachment"
    keyed = storage._calculate_file_id(content, "application/pdf", "devis.pdf")
    assert keyed != media.streamlit_file_id(content, "application/pdf", "devis.pdf")
    assert len(keyed) == 64
    assert media.owner_of(f"/media/{keyed}.pdf") == media.SIGNED_IN  # made outside a run


def test_the_served_app_runs_one_run_at_a_time_per_tab() -> None:
    """With Streamlit's fast reruns, a click during a run starts the next run at once in
    another thread while the stopped one goes on to its next Streamlit call: two runs of one
    tab overlap, and the plan editor, which saves on the run an edit triggers and remembers
    what it saved, created an action twice under load. The served configuration turns them
    off (an option Streamlit knows, whose default is on)."""
    served = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text())
    assert served["runner"]["fastReruns"] is False
    option = streamlit.config.get_config_options()["runner.fastReruns"]
    assert option.default_val is True  # an option of this Streamlit, on unless told otherwise
