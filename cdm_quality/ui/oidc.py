"""OpenID Connect providers of `[auth]` in `.streamlit/secrets.toml`, and the client side of
their flow (Authlib): what to offer on the sign-in form, the authorisation request, the email
of the identity, the address that signs out at the provider. The routes that run the flow are
in `ui/oidc_routes.py`.

The configuration is Streamlit's (`st.login`'s), read as Streamlit reads it: a flat `[auth]`
holding `client_id`, `client_secret` and `server_metadata_url` is one provider; each
sub-section holding them (`[auth.google]`…) is one more. Any other sub-section (`client_kwargs`)
is settings, never a provider. Unlike `st.login`, no `prompt` is added to the request (Streamlit
adds `prompt=select_account`, which a provider following the standard strictly refuses); one
given in `client_kwargs` is sent as it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from streamlit.errors import StreamlitSecretNotFoundError

DEFAULT = "default"  # the provider of a flat `[auth]`
DEFAULT_LABEL = "OpenID Connect"
DEFAULT_CALLBACK = "/oauth2callback"
_PROVIDER_KEYS = frozenset({"client_id", "client_secret", "server_metadata_url"})
_SETTINGS_ONLY = frozenset({"redirect_uri", "cookie_secret", "label", "expose_tokens"})
_NAME = re.compile(r"^[A-Za-z0-9-]{1,40}$")


@dataclass(frozen=True)
class Provider:
    """One identity provider: `name` in addresses, `label` on its button."""

    name: str
    label: str
    settings: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


class SignInFailed(Exception):
    """The provider's answer gives no identity (refused, unreachable, unreadable)."""


def auth_section() -> dict[str, Any]:
    """`[auth]` of the secrets as plain dicts ({} when there is none)."""
    try:
        if "auth" not in st.secrets:
            return {}
        section = st.secrets["auth"]
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return {}
    return dict(section.to_dict()) if hasattr(section, "to_dict") else {}


def _is_provider(values: dict[str, Any]) -> bool:
    return any(key in values for key in _PROVIDER_KEYS)


def providers() -> list[Provider]:
    """The providers to offer, flat one first; settings sub-sections are not providers."""
    section = auth_section()
    found: list[Provider] = []
    if _is_provider(section):
        flat = {k: v for k, v in section.items() if not isinstance(v, dict) or k == "client_kwargs"}
        found.append(Provider(DEFAULT, str(section.get("label", DEFAULT_LABEL)), flat))
    for name, values in section.items():
        if isinstance(values, dict) and _is_provider(values) and _NAME.match(name):
            found.append(Provider(name, str(values.get("label", name.title())), values))
    return found


def provider_named(name: str | None) -> Provider | None:
    return next((p for p in providers() if p.name == name), None)


def redirect_uri() -> str:
    """Where the provider sends the browser back (`redirect_uri` of `[auth]`)."""
    return str(auth_section().get("redirect_uri", ""))


def callback_path() -> str:
    """The path of `redirect_uri` on this server (the route that ends the flow)."""
    return urlsplit(redirect_uri()).path or DEFAULT_CALLBACK


_CLIENTS: dict[str, Any] = {}


async def client(provider: Provider) -> Any:
    """Authlib's client for `provider` (made once per configuration), its metadata loaded;
    PKCE (S256) when the provider offers it."""
    key = json.dumps([provider.name, provider.settings], sort_keys=True, default=str)
    if key not in _CLIENTS:
        _CLIENTS[key] = _register(provider)
    made = _CLIENTS[key]
    try:
        metadata = await made.load_server_metadata()
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        raise SignInFailed(f"metadata of {provider.name}: {exc}") from exc
    if "S256" in (metadata.get("code_challenge_methods_supported") or []):
        made.client_kwargs.setdefault("code_challenge_method", "S256")
    return made


def _register(provider: Provider) -> Any:
    try:
        from authlib.integrations.starlette_client import OAuth  # type: ignore[import-untyped]
    except ImportError as exc:
        raise SignInFailed("Authlib is not installed (pip install 'Authlib>=1.3.2')") from exc
    options = {k: v for k, v in provider.settings.items() if k not in _SETTINGS_ONLY}
    kwargs = dict(options.pop("client_kwargs", None) or {})
    kwargs.setdefault("scope", "openid email profile")
    registry = OAuth()
    registry.register(provider.name, client_kwargs=kwargs, **options)
    return registry.create_client(provider.name)


def _authlib_errors(*others: type[Exception]) -> tuple[type[Exception], ...]:
    """Authlib's errors (none when it is not installed), with `others`."""
    try:
        from authlib.common.errors import AuthlibBaseError  # type: ignore[import-untyped]
    except ImportError:
        return others
    return (AuthlibBaseError, *others)


async def authorize_redirect(provider: Provider, request: Request) -> Response:
    """The answer sending the browser to `provider` (state, nonce, PKCE kept in the session)."""
    made = await client(provider)
    try:
        answer: Response = await made.authorize_redirect(request, redirect_uri())
    except _authlib_errors() as exc:
        raise SignInFailed(f"authorisation request: {exc}") from exc
    return answer


async def identity(provider: Provider, request: Request) -> tuple[str, str]:
    """The email and the ID token of the identity the provider sent back (code exchanged, ID
    token checked against the state and nonce of this browser's flow)."""
    made = await client(provider)
    try:
        token = await made.authorize_access_token(request)
    except _authlib_errors(httpx.HTTPError) as exc:
        raise SignInFailed(f"token exchange: {exc}") from exc
    return await email_of(made, token), str(token.get("id_token") or "")


async def email_of(made: Any, token: dict[str, Any]) -> str:
    """The identity's email: from the ID token, else from the userinfo endpoint (where
    providers following the standard's defaults give it); "" when neither has one."""
    claims = token.get("userinfo") or {}
    email = str(claims.get("email") or "").strip()
    if email:
        return email
    try:
        answered = await made.userinfo(token=token)
    except _authlib_errors(httpx.HTTPError, ValueError, KeyError) as exc:
        raise SignInFailed(f"userinfo: {exc}") from exc
    if claims.get("sub") and answered.get("sub") != claims.get("sub"):
        raise SignInFailed("userinfo answered for another subject")
    return str(answered.get("email") or "").strip()


async def logout_url(provider_name: str, id_token: str) -> str | None:
    """The provider's end-of-session address, coming back to `redirect_uri` (the one address
    the provider must register as a post-logout redirect URI); None when it has none."""
    provider = provider_named(provider_name)
    if provider is None:
        return None
    try:
        metadata = (await client(provider)).server_metadata
    except SignInFailed:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    query = {"client_id": provider.settings.get("client_id", "")}
    query |= {"post_logout_redirect_uri": redirect_uri()}
    query |= {"id_token_hint": id_token} if id_token else {}
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"
