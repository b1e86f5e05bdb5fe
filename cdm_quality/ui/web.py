"""The HTTP side of the app, beside Streamlit's own routes (`ui/server.py` mounts them).

- `GET /signin` shows the sign-in form (plain HTML, no script, in the person's language; it
  prefetches Streamlit's first scripts into the browser's cache); `POST /signin` checks
  the login and password with the throttled `services.people.auth.authenticate`, opens a session
  (`services.people.sessions`) and sets its token in an HttpOnly, SameSite=Lax cookie (Secure when
  the request came over HTTPS), then sends the browser to the page it asked for. A post from
  another site is refused: its Origin (or Referer) must be this server's, and it must carry
  the random form token also set in a SameSite=Strict cookie when the form was shown.
  Password checks are slow (argon2): at most `max_parallel_hashes` sign-ins are checked at
  once per process and one at a time per client address (`SignInSlots`); any other is
  answered at once with 429 and a message to try again, instead of waiting on a server
  thread, so a burst of sign-ins leaves the health route and the pages their threads.
- `GET /healthz` answers 200 when the database answers, 503 otherwise (for a load balancer).
- `SignInGate` (middleware) also serves a file of `/media/` only to the sign-in that made it
  (`ui.media`: keyed names, their owners), others get 404.
- `SignInGate` (middleware): a page load (GET of `/` or of a page of `ui.navigation`) that
  needs a sign-in and has no valid session cookie is sent to `/signin?next=<that page>`; an
  ended session's cookie is cleared on the way. Pages open to everyone load as they are, but
  the app's own `/login` goes to the form too.
- OpenID Connect (`ui/oidc_routes.py`) ends in the same session cookie; the form offers one
  link per provider and tells why a sign-in through one failed.

The Streamlit pages then read the cookie (`st.context.cookies`, sent with the WebSocket
handshake) in `ui.auth.resolve`, once per run.
"""

from __future__ import annotations

import hmac
import html
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import streamlit
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from cdm_quality.domain import languages, texts
from cdm_quality.domain.error_texts import describe
from cdm_quality.domain.languages import Lang
from cdm_quality.services import database
from cdm_quality.services.errors import AuthError, LoginThrottled, StorageUnavailable
from cdm_quality.services.people import auth as auth_service
from cdm_quality.services.people import sessions, users
from cdm_quality.settings import get_settings
from cdm_quality.ui import media, oidc
from cdm_quality.ui.i18n import LANG_COOKIE, translate
from cdm_quality.ui.navigation import ANONYMOUS, PAGES

SIGN_IN_PATH = "/signin"
HEALTH_PATH = "/healthz"
CSRF_COOKIE = "cdmq_signin"
MAX_FORM_BYTES = 8192
OIDC_START = "/signin/oidc"  # + "/<provider>": the OpenID Connect flow (`ui/oidc_routes.py`)
OIDC_FAILURE = "cdmq_oidc_failure"  # why the last OpenID Connect sign-in failed (signed session)
PUBLIC_PAGES = frozenset(spec.key for spec in PAGES if ANONYMOUS in spec.audience)
PAGE_KEYS = frozenset(spec.key for spec in PAGES)
_log = logging.getLogger(__name__)
LOGIN_PAGE = "login"  # the app's own sign-in page: signed out, the form is the way in

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def routes() -> list[Route]:
    """The routes this module adds to Streamlit's."""
    return [
        Route(SIGN_IN_PATH, sign_in_page, methods=["GET"]),
        Route(SIGN_IN_PATH, sign_in_post, methods=["POST"]),
        Route(HEALTH_PATH, health, methods=["GET", "HEAD"]),
    ]


# --- health ---------------------------------------------------------------------------------


async def health(request: Request) -> Response:
    """200 when the database answers with the app's tables, 503 when it does not (the reason
    in the log); nothing is created or migrated to answer."""
    problem = await run_in_threadpool(database.health_problem)
    if problem is None:
        return PlainTextResponse("ok")
    _log.warning("health check failed: %s", problem)
    return PlainTextResponse("database unavailable", status_code=503)


# --- signing in -----------------------------------------------------------------------------


async def sign_in_page(request: Request) -> Response:
    """The form; a browser already signed in goes straight to the page it asked for."""
    target = safe_next(request.query_params.get("next"))
    found = await _resume(request.cookies.get(sessions.COOKIE), touch=False)
    if found.actor is not None:
        return RedirectResponse(target, status_code=303)
    notice = "login.expired" if request.query_params.get("expired") else None
    lang = lang_of(request)
    return _form(request, lang, target, notice=notice, error_text=_oidc_failure(request, lang))


def _oidc_failure(request: Request, lang: Lang) -> str | None:
    """Why the OpenID Connect sign-in that sent the browser here failed (told once)."""
    if "session" not in request.scope:
        return None
    failure = request.session.pop(OIDC_FAILURE, None)
    if not isinstance(failure, dict) or not isinstance(failure.get("params"), dict):
        return None
    params = {str(k): str(v) for k, v in failure["params"].items()}
    return translate(str(failure.get("key")), lang, **params)


def redirect_to_form(target: str) -> Response:
    """To the sign-in form, which then opens `target`."""
    return RedirectResponse(f"{SIGN_IN_PATH}?{urlencode({'next': target})}", status_code=303)


async def sign_in_post(request: Request) -> Response:
    """Check the origin and form token, then the login and password; set the cookie."""
    fields = await _form_fields(request)
    lang = lang_of(request, fields.get("lang"))
    target = safe_next(fields.get("next"))
    login = fields.get("login", "")[:64]
    if not same_origin(request) or not _token_matches(request, fields.get("csrf")):
        return _form(request, lang, target, login=login, error="signin.refused", status=403)
    client = request.client.host if request.client else None
    if not SIGN_INS.take(client):
        busy = _form(request, lang, target, login=login, error="signin.busy", status=429)
        busy.headers["Retry-After"] = "5"
        return busy
    try:
        token = await run_in_threadpool(
            _open_session, login, fields.get("password", ""), client, lang
        )
    except (AuthError, StorageUnavailable) as exc:
        status = _REFUSED.get(type(exc), 401)
        error = describe(exc, lang)
        return _form(request, lang, target, login=login, error_text=error, status=status)
    finally:
        SIGN_INS.give_back(client)
    await run_in_threadpool(end_session, request.cookies.get(sessions.COOKIE))
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, request, sessions.COOKIE, token, get_settings().session_hours * 3600)
    set_cookie(response, request, LANG_COOKIE, lang, 365 * 24 * 3600)
    response.delete_cookie(CSRF_COOKIE, path=SIGN_IN_PATH)
    return response


_REFUSED: dict[type, int] = {LoginThrottled: 429, StorageUnavailable: 503}


def _open_session(login: str, password: str, client: str | None, lang: Lang) -> str:
    with database.session() as session:
        actor = auth_service.authenticate(session, login, password, client=client)
        users.remember_language(session, actor, lang=lang)  # the language of their emails
        return sessions.open_session(session, actor)


class SignInSlots:
    """The sign-ins being checked in this process: at most `size` at once, one per client.
    Used from the event loop only (no await between a check and its count), so no lock."""

    def __init__(self) -> None:
        self.running: dict[str | None, int] = {}

    def take(self, client: str | None) -> bool:
        """Count one more sign-in of `client`, or False when none may start now."""
        size = get_settings().max_parallel_hashes
        if sum(self.running.values()) >= size or self.running.get(client, 0) >= 1:
            return False
        self.running[client] = self.running.get(client, 0) + 1
        return True

    def give_back(self, client: str | None) -> None:
        left = self.running.get(client, 1) - 1
        if left > 0:
            self.running[client] = left
        else:
            self.running.pop(client, None)


SIGN_INS = SignInSlots()


def end_session(token: str | None) -> None:
    """End the session of a cookie's token (a new sign-in replaces the browser's last one)."""
    if token:
        with database.session() as session:
            sessions.end_session(session, token)


async def _resume(token: str | None, *, touch: bool) -> sessions.Resumed:
    if not token:
        return sessions.Resumed()

    def resume() -> sessions.Resumed:
        with database.session() as session:
            return sessions.resume(session, token, touch=touch)

    try:
        return await run_in_threadpool(resume)
    except StorageUnavailable:
        return sessions.Resumed()


async def _form_fields(request: Request) -> dict[str, str]:
    """The url-encoded form, read up to MAX_FORM_BYTES (a longer body is not ours)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    parsed = parse_qs(body.decode("utf-8", "replace"), max_num_fields=10)
    return {name: values[0] for name, values in parsed.items() if values}


def same_origin(request: Request) -> bool:
    """Whether the post came from a page of this server (Origin, else Referer)."""
    expected = f"{request.url.scheme}://{request.url.netloc}"
    claimed = request.headers.get("origin")
    if claimed is None or claimed == "null":
        parts = urlsplit(request.headers.get("referer", ""))
        claimed = f"{parts.scheme}://{parts.netloc}" if parts.netloc else None
    return claimed is not None and hmac.compare_digest(claimed, expected)


def _token_matches(request: Request, given: str | None) -> bool:
    expected = request.cookies.get(CSRF_COOKIE)
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))


def safe_next(value: str | None) -> str:
    """A path of this site to go to after signing in ("/" for anything else)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(c) < 32 for c in value) or value.startswith(SIGN_IN_PATH):
        return "/"
    return value


def lang_of(request: Request, chosen: str | None = None) -> Lang:
    """The language asked for (form, address), else the cookie, else the browser's."""
    for value in (chosen, request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if found := languages.known(value):
            return found
    return languages.best(request.headers.get("accept-language"))


def set_cookie(response: Response, request: Request, name: str, value: str, age: int) -> None:
    """An HttpOnly, SameSite=Lax cookie for the whole site, Secure over HTTPS."""
    secure = request.url.scheme == "https"
    response.set_cookie(
        name, value, max_age=age, path="/", httponly=True, samesite="lax", secure=secure
    )


# --- the form -------------------------------------------------------------------------------


def _form(
    request: Request,
    lang: Lang,
    target: str,
    *,
    login: str = "",
    notice: str | None = None,
    error: str | None = None,
    error_text: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The sign-in page; every text from the catalogue, every value escaped."""
    csrf = secrets.token_urlsafe(24)
    message = error_text or (translate(error, lang) if error else "")
    minutes = get_settings().idle_minutes
    page = render_form(
        lang,
        target=target,
        login=login,
        csrf=csrf,
        notice=texts.plural(notice, minutes, lang, minutes=minutes) if notice else "",
        error=message,
    )
    response = HTMLResponse(page, status_code=status, headers=_NO_STORE)
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        path=SIGN_IN_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


_NO_STORE = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; connect-src 'self'",
    "Referrer-Policy": "same-origin",
}


# The elements the app's pages draw whose code Streamlit fetches only when a page first shows
# one (`static/js/<element>.<hash>.js` and the files it imports): the inputs of the grids, the
# tables, the synthesis's charts. Without them in the cache, the overview after a sign-in waited
# ~0.4 s for 65 such files (Chromium, quiet machine). A page drawing a kind not listed here still
# works; `tests/browser/test_director_flow.py` names any script a page fetched beyond these.
LAZY_ELEMENTS = (
    "ArrowVegaLiteChart",
    "Button",
    "ButtonGroup",
    "Checkbox",
    "DataFrame",
    "DateInput",
    "DownloadButton",
    "FileUploader",
    "Html",
    "Metric",
    "Multiselect",
    "NumberInput",
    "Progress",
    "Radio",
    "Selectbox",
    "Table",
    "TextArea",
    "TextInput",
)
_STATIC = Path(streamlit.__file__).parent / "static"
_IMPORTS = re.compile(r'(?:from|import)\s*"\./([^"/]+\.js)"')  # a static import in a chunk


def app_assets() -> list[str]:
    """What Streamlit's page needs from the server, relative to the site's root like the
    sign-in page: first the scripts and stylesheet it loads before it can show anything, as its
    `index.html` names them, then the code of the `LAZY_ELEMENTS` with what each imports."""
    text = (_STATIC / "index.html").read_text(encoding="utf-8")
    start = re.findall(r'(?:src|href)="(\./static/[^"]+\.(?:js|css))"', text)
    scripts = _STATIC / "static" / "js"
    known = {path.removeprefix("./static/js/") for path in start}
    waiting = [s for name in LAZY_ELEMENTS if (s := element_script(scripts, name))]
    lazy: list[str] = []
    while waiting:
        name = waiting.pop(0)
        if name in known:
            continue
        known.add(name)
        lazy.append(f"./static/js/{name}")
        waiting += _IMPORTS.findall((scripts / name).read_text(encoding="utf-8"))
    return start + lazy


def element_script(scripts: Path, element: str) -> str | None:
    """The file name of `element`'s own script in Streamlit's `static/js` (its name, a content
    hash, `.js`); None unless there is exactly one (Streamlit renamed or split it: the page then
    fetches it itself, as before; `tests/ui/test_web.py` names it)."""
    pattern = re.compile(re.escape(element) + r"\.[\w-]{8}\.js")
    found = [p.name for p in scripts.glob(f"{element}.*.js") if pattern.fullmatch(p.name)]
    return found[0] if len(found) == 1 else None


# Fetched into the browser's cache while the person types (Streamlit's assets are immutable,
# cached for a year): after the sign-in, the app's page starts without downloading them.
_PREFETCH = "\n".join(
    f'<link rel="prefetch" href="{html.escape(path)}" crossorigin>' for path in app_assets()
)


def render_form(lang: Lang, *, target: str, login: str, csrf: str, notice: str, error: str) -> str:
    """The HTML of the sign-in page."""

    def tr(key: str) -> str:
        return html.escape(translate(key, lang))

    switches = "".join(
        f'<a href="{html.escape("?" + urlencode({"lang": other.code, "next": target}))}" '
        f'hreflang="{other.code}" lang="{other.code}">{html.escape(other.name)}</a>'
        for other in languages.languages()
        if other.code != lang
    )
    boxes = "".join(
        f'<p class="{kind}" role="alert">{html.escape(text)}</p>'
        for kind, text in (("notice", notice), ("error", error))
        if text
    )
    return _PAGE.format(
        lang=lang,
        prefetch=_PREFETCH,
        title=tr("login.title"),
        app=tr("app.title"),
        boxes=boxes,
        login_label=tr("login.login"),
        password_label=tr("login.password"),
        submit=tr("login.submit"),
        login=html.escape(login),
        csrf=html.escape(csrf),
        next=html.escape(target),
        switches=switches,
        public=tr("signin.public"),
        other_ways=_provider_links(lang, target),
    )


def _provider_links(lang: Lang, target: str) -> str:
    """One link per OpenID Connect provider of `[auth]` (none without it)."""
    query = html.escape(urlencode({"next": target}))
    links = "".join(
        f'<li><a href="{OIDC_START}/{html.escape(p.name)}?{query}">'
        f"{html.escape(translate('login.with', lang, provider=p.label))}</a></li>"
        for p in oidc.providers()
    )
    if not links:
        return ""
    heading = html.escape(translate("signin.other", lang))
    return f'<section class="other"><h2>{heading}</h2><ul>{links}</ul></section>'


_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {app}</title>
{prefetch}
<style>
body {{ font-family: "Source Sans Pro", system-ui, sans-serif; background: #f7f8fa;
  color: #262730; margin: 0; }}
main {{ max-width: 420px; margin: 8vh auto; background: #fff; padding: 2rem;
  border: 1px solid #e6e8ee; border-radius: .6rem; }}
h1 {{ font-size: 1.6rem; margin: 0 0 .3rem; }} .app {{ color: #6b6f7b; margin: 0 0 1.5rem; }}
label {{ display: block; margin: 1rem 0 .3rem; font-size: .9rem; }}
input[type=text], input[type=password] {{ width: 100%; box-sizing: border-box; padding: .55rem;
  font-size: 1rem; border: 1px solid #c9ccd6; border-radius: .4rem; }}
button {{ margin-top: 1.4rem; width: 100%; padding: .65rem; font-size: 1rem; color: #fff;
  background: #c21f1f; border: 0; border-radius: .4rem; cursor: pointer; }}
.error {{ background: #ffecec; color: #7d1a1a; padding: .7rem; border-radius: .4rem; }}
.notice {{ background: #e8f2fc; color: #0b3d70; padding: .7rem; border-radius: .4rem; }}
.other h2 {{ font-size: 1rem; margin: 1.5rem 0 .3rem; }} .other ul {{ padding-left: 1.2rem; }}
nav {{ margin-top: 1.5rem; font-size: .9rem; display: flex; justify-content: space-between; }}
</style></head>
<body><main>
<h1>{title}</h1><p class="app">{app}</p>
{boxes}
<form method="post" action="/signin">
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<input type="hidden" name="lang" value="{lang}">
<label for="login">{login_label}</label>
<input type="text" id="login" name="login" value="{login}" autocomplete="username"
  maxlength="64" required autofocus>
<label for="password">{password_label}</label>
<input type="password" id="password" name="password" autocomplete="current-password"
  maxlength="256" required>
<button type="submit">{submit}</button>
</form>
{other_ways}
<nav><a href="/questionnaires">{public}</a>{switches}</nav>
</main></body></html>
"""


# --- the gate -------------------------------------------------------------------------------


class SignInGate:
    """ASGI middleware: page loads that need a sign-in go to the form without a valid cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if str(scope.get("path", "")).startswith(media.ROUTE) and scope["type"] == "http":
            await self._media(scope, receive, send)
            return
        page = page_of(scope)
        if page is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = request.cookies.get(sessions.COOKIE)
        found = await _resume(token, touch=True)
        if page == LOGIN_PAGE and found.actor is None:
            # Back after signing out lands here: the sign-in is the server's form
            await _to_sign_in(request, "", expired=found.expired)(scope, receive, send)
        elif found.actor is not None or (page in PUBLIC_PAGES and not token):
            await self.app(scope, receive, send)
        elif page in PUBLIC_PAGES:  # an ended session's cookie, on a page open to everyone
            await self.app(scope, receive, _clearing_cookie(send))
        else:
            await _to_sign_in(request, page, expired=found.expired)(scope, receive, send)

    async def _media(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A file of `/media/` only for the sign-in that made it (`ui.media`); anyone else,
        and a name not made here, get 404 as for a file that does not exist."""
        owner = media.owner_of(str(scope["path"]))
        if owner != media.ANYONE:
            found = await _resume(Request(scope).cookies.get(sessions.COOKIE), touch=False)
            signed = found.actor.session_id if found.actor is not None else None
            if owner is None or signed is None or owner not in (media.SIGNED_IN, signed):
                await PlainTextResponse("not found", status_code=404)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def page_of(scope: Scope) -> str | None:
    """The page a browser loads ("" for the root), or None for anything else."""
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return None
    path = str(scope["path"]).rstrip("/")
    if path == "":
        return ""
    key = path.removeprefix("/")
    return key if key in PAGE_KEYS else None


def _to_sign_in(request: Request, page: str, *, expired: bool) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if page == "":
        target = _referring_page(request) or "/"
    query = {"next": safe_next(target)} | ({"expired": "1"} if expired else {})
    response = RedirectResponse(f"{SIGN_IN_PATH}?{urlencode(query)}", status_code=303)
    if request.cookies.get(sessions.COOKIE):
        response.delete_cookie(sessions.COOKIE, path="/")
    return response


def _referring_page(request: Request) -> str | None:
    """The page of this site the browser comes from (a sign-out or an ended session goes
    through Streamlit's `/auth/logout`, which sends it to the root)."""
    parts = urlsplit(request.headers.get("referer", ""))
    if f"{parts.scheme}://{parts.netloc}" != f"{request.url.scheme}://{request.url.netloc}":
        return None
    key = parts.path.strip("/")
    if key not in PAGE_KEYS or key in PUBLIC_PAGES:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _clearing_cookie(send: Send) -> Send:
    cleared = f"{sessions.COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=lax".encode("latin-1")

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), (b"set-cookie", cleared)]
        await send(message)

    return sending
