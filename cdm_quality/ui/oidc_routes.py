"""The OpenID Connect flow as routes of the server (`ui/server.py` mounts them):

- `GET /signin/oidc/<provider>?next=…` sends the browser to the provider (state, nonce and
  PKCE kept in Starlette's signed session cookie, signed with `cookie_secret` of `[auth]`);
- `GET <path of redirect_uri>` (`/oauth2callback`) ends it: the code is exchanged, the ID
  token checked, the email read (from the userinfo endpoint when the token has none) and
  matched to one active account, which gets a session exactly as a password sign-in does: one
  `web_session` row and its HttpOnly cookie, ended at sign-out. A refusal by the provider, a
  failed exchange or an unknown email sends the browser to `/signin`, which says why. The same
  address without a flow under way is where the provider sends the browser after signing out;
- `GET /auth/logout` (loaded by `st.logout` when signing out: answered here before
  Streamlit's route) signs out at the provider too when the session came from one.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cdm_quality.services import database
from cdm_quality.services.people import auth as auth_service
from cdm_quality.services.people import sessions, users
from cdm_quality.settings import get_settings
from cdm_quality.ui import oidc, web

FLOW_KEY = "cdmq_oidc_flow"  # provider and next page while the flow is under way
SIGNED_KEY = "cdmq_oidc_signed"  # provider and ID token of this browser's sign-in
LOGOUT_PATH = "/auth/logout"
START_PATH = web.OIDC_START
_log = logging.getLogger(__name__)


def routes() -> list[Route]:
    return [
        Route(START_PATH + "/{provider}", start, methods=["GET"]),
        Route(oidc.callback_path(), callback, methods=["GET"]),
        Route(LOGOUT_PATH, logout, methods=["GET"]),
    ]


async def start(request: Request) -> Response:
    """Send the browser to the provider's authorisation endpoint."""
    target = web.safe_next(request.query_params.get("next"))
    provider = oidc.provider_named(request.path_params["provider"])
    if provider is None:
        return web.redirect_to_form(target)
    request.session[FLOW_KEY] = {"provider": provider.name, "next": target}
    try:
        answer = await oidc.authorize_redirect(provider, request)
    except oidc.SignInFailed as exc:
        _log.warning("OpenID Connect sign-in could not start (%s): %s", provider.name, exc)
        return _failed(request, target, "login.oidc.unreachable", provider=provider.label)
    return answer


async def callback(request: Request) -> Response:
    """End the flow: an identity mapped to an account and its session, or the reason why not."""
    flow = request.session.pop(FLOW_KEY, None)
    provider = oidc.provider_named(flow.get("provider")) if isinstance(flow, dict) else None
    if flow is None or provider is None:  # back from signing out at the provider, or stale
        return RedirectResponse("/", status_code=303)
    target = web.safe_next(flow.get("next"))
    error = request.query_params.get("error")
    if error:
        reason = _one_line(error, request.query_params.get("error_description"))
        _log.warning("OpenID Connect provider %s refused: %s", provider.name, reason)
        label = provider.label
        return _failed(request, target, "login.oidc.refused", provider=label, reason=reason)
    try:
        email, id_token = await oidc.identity(provider, request)
    except oidc.SignInFailed as exc:
        _log.warning("OpenID Connect sign-in failed (%s): %s", provider.name, exc)
        return _failed(request, target, "login.oidc.failed", provider=provider.label)
    if not email:
        return _failed(request, target, "login.oidc.no_email", provider=provider.label)
    opened = await run_in_threadpool(_open_session, email, web.lang_of(request, None))
    if opened is None:
        return _failed(request, target, "login.oidc_unknown", email=email)
    request.session[SIGNED_KEY] = {"provider": provider.name, "id_token": id_token}
    await run_in_threadpool(web.end_session, request.cookies.get(sessions.COOKIE))
    response = RedirectResponse(target, status_code=303)
    hours = get_settings().session_hours
    web.set_cookie(response, request, sessions.COOKIE, opened, hours * 3600)
    return response


def _open_session(email: str, lang: str) -> str | None:
    with database.session() as session:
        actor = auth_service.actor_for_email(session, email)
        if actor is None:
            return None
        users.remember_language(session, actor, lang=lang)  # the language of their emails
        return sessions.open_session(session, actor)


def _failed(request: Request, target: str, key: str, **params: str) -> Response:
    """Back to the form, which tells `key` (kept in the signed session for that one page)."""
    request.session[web.OIDC_FAILURE] = {"key": key, "params": params}
    return web.redirect_to_form(target)


def _one_line(error: str, description: str | None) -> str:
    text = f"{error}: {description}" if description else error
    return " ".join(text.split())[:200]


async def logout(request: Request) -> Response:
    """After `st.logout` (the session has ended in the database): at the provider too when
    this browser signed in through one, else back to the root (the gate then shows the form)."""
    signed: Any = request.session.pop(SIGNED_KEY, None)
    url = None
    if isinstance(signed, dict) and oidc.providers():
        url = await oidc.logout_url(str(signed.get("provider")), str(signed.get("id_token") or ""))
    return RedirectResponse(url or "/", status_code=302)
