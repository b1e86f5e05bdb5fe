"""Which OpenID Connect providers `[auth]` configures (issue 25, item 1): Streamlit's format
read as Streamlit reads it, without offering a settings table as a provider. The whole flow
runs against a real provider in `tests/browser/test_oidc.py`."""

from __future__ import annotations

from typing import Any

import pytest

from cdm_quality.ui import oidc

FLAT = {
    "redirect_uri": "https://quality.example.org/oauth2callback",
    "cookie_secret": "s",
    "client_id": "cdm",
    "client_secret": "x",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}


def offered(monkeypatch: pytest.MonkeyPatch, section: dict[str, Any]) -> list[tuple[str, str]]:
    monkeypatch.setattr(oidc, "auth_section", lambda: section)
    return [(p.name, p.label) for p in oidc.providers()]


def test_a_flat_section_with_client_kwargs_is_one_provider(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    section = FLAT | {"client_kwargs": {"prompt": "login", "scope": "openid email"}}
    assert offered(monkeypatch, section) == [("default", "OpenID Connect")]
    assert oidc.providers()[0].settings["client_kwargs"] == {
        "prompt": "login",
        "scope": "openid email",
    }


def test_named_sections_are_providers_and_settings_tables_are_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    section = {
        "redirect_uri": FLAT["redirect_uri"],
        "cookie_secret": "s",
        "client_kwargs": {"prompt": "login"},
        "google": {"client_id": "g", "client_secret": "x", "server_metadata_url": "https://g"},
        "keycloak": {"client_id": "k", "label": "Annuaire du réseau", "server_metadata_url": "k"},
    }
    assert offered(monkeypatch, section) == [
        ("google", "Google"),
        ("keycloak", "Annuaire du réseau"),
    ]


def test_no_section_no_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    assert offered(monkeypatch, {}) == []


def test_the_callback_route_is_the_path_of_redirect_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oidc, "auth_section", lambda: FLAT | {"redirect_uri": "https://q/cb"})
    assert oidc.callback_path() == "/cb"
    monkeypatch.setattr(oidc, "auth_section", dict)
    assert oidc.callback_path() == "/oauth2callback"
