"""OpenID Connect against a real provider (issue 25, item 1): the certified Node provider
`oidc-provider` (`tests/oidc/provider.js`, installed by `npm ci` in `tests/oidc`, which
`.ci/run` does) on 127.0.0.1, the app configured with README's flat `[auth]` block (plus a
`client_kwargs` table), Chromium through the provider's own sign-in and consent screens.

The provider keeps its defaults: it refuses a `prompt` it does not know (`select_account`, which
`st.login` adds), and it gives the email from its userinfo endpoint, not in the ID token."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import support
from tests.browser.support import ROOT, Server, app_server, demo_data, free_port, settle

api = support.playwright_or_skip()
PROVIDER = ROOT / "tests" / "oidc"
NODE = shutil.which("node")
if NODE is None:
    pytest.skip("node is not installed (apt-get install nodejs npm)", allow_module_level=True)
if not (PROVIDER / "node_modules" / "oidc-provider").is_dir():
    pytest.skip("oidc-provider not installed: run `npm ci` in tests/oidc", allow_module_level=True)

SECRETS = """[auth]
redirect_uri = "{app}/oauth2callback"
cookie_secret = "tests-only-a-long-random-string-0123456789"
client_id = "cdm-quality"
client_secret = "test-secret"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
client_kwargs = {{ scope = "openid email profile" }}
"""


def _provider(port: int, app_url: str) -> subprocess.Popen[str]:
    """The provider on `port`, once it prints that it listens."""
    process = subprocess.Popen(  # noqa: S603
        [str(NODE), str(PROVIDER / "provider.js")],
        cwd=PROVIDER,
        env={"PATH": "/usr/bin:/bin", "PORT": str(port), "APP_URL": app_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # blocks until it listens, or "" if it died
    if not line.startswith("listening"):
        process.kill()
        raise RuntimeError(f"the OpenID Connect provider did not start: {line!r}")
    return process


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo served with `[auth]` pointing at the provider; `directrice` has the email the
    provider gives the login `directrice`."""
    data_dir = demo_data(tmp_path_factory.mktemp("data"))
    _set_email(data_dir, "directrice", "directrice@cdm.test")
    app_port, provider_port = free_port(), free_port()
    app_url, issuer = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{provider_port}"
    folder = tmp_path_factory.mktemp("served")
    (folder / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / ".streamlit" / "secrets.toml").write_text(SECRETS.format(app=app_url, issuer=issuer))
    provider = _provider(provider_port, app_url)
    try:
        with app_server(data_dir, port=app_port, cwd=folder) as url:
            yield Server(url, data_dir)
    finally:
        provider.terminate()
        provider.wait(timeout=10)


def _set_email(data_dir: Path, login: str, email: str) -> None:
    with sqlite3.connect(data_dir / "cdm-quality.db") as db:
        db.execute("UPDATE app_user SET email = ? WHERE login = ?", (email, login))


def _web_sessions(server: Server) -> int:
    with sqlite3.connect(server.data_dir / "cdm-quality.db") as db:
        return int(db.execute("SELECT count(*) FROM web_session").fetchone()[0])


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR")
    context.route("**/fonts.googleapis.com/**", lambda route: route.abort())  # no network
    made = context.new_page()
    yield made
    context.close()


def _through_the_provider(page: Any, server: Server, login: str) -> list[str]:
    """From the app's sign-in form, through the provider's sign-in and consent screens;
    returns the authorisation requests the browser sent to the provider."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/auth?" in r.url else None)
    page.goto(f"{server.url}/plan")
    page.get_by_role("link", name="Se connecter avec OpenID Connect").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    return asked


def test_the_documented_configuration_signs_in_once_and_out_everywhere(
    page: Any, server: Server
) -> None:
    page.goto(f"{server.url}/plan")
    assert page.url.startswith(f"{server.url}/signin?next=%2Fplan")
    links = page.locator("main a[href^='/signin/oidc/']")
    assert links.all_inner_texts() == ["Se connecter avec OpenID Connect"]  # no Client_Kwargs

    asked = _through_the_provider(page, server, "directrice")
    assert asked and all("prompt=" not in url for url in asked)
    page.wait_for_url(f"{server.url}/plan")
    settle(page)
    page.get_by_text("Plan d'amélioration", exact=False).first.wait_for()
    assert _web_sessions(server) == 1  # the email came from the userinfo endpoint

    page.reload()
    settle(page)
    page.reload()
    settle(page)
    page.goto(f"{server.url}/fill")
    settle(page)
    assert _web_sessions(server) == 1  # one session per sign-in, not per page load

    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider's own screen
    page.wait_for_url(f"{server.url}/signin**")
    assert _web_sessions(server) == 0
    page.goto(f"{server.url}/fill")
    assert page.url.startswith(f"{server.url}/signin")


def test_an_unknown_email_is_told_on_the_sign_in_form(page: Any, server: Server) -> None:
    _through_the_provider(page, server, "stranger")
    page.wait_for_url(f"{server.url}/signin**")
    alert = page.get_by_role("alert")
    assert "Aucun compte actif ne correspond à l'adresse stranger@cdm.test" in alert.inner_text()
    assert _web_sessions(server) == 0


def test_a_refusal_by_the_provider_is_told_with_its_reason(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/fill")
    page.get_by_role("link", name="Se connecter avec OpenID Connect").click()
    page.get_by_role("link", name="[ Cancel ]").click()
    page.wait_for_url(f"{server.url}/signin**")
    text = page.get_by_role("alert").inner_text()
    assert "OpenID Connect a refusé la connexion" in text
    assert "access_denied" in text
