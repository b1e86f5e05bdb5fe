"""The server: Streamlit's app (`app.py`) as one ASGI application with the sign-in and health
routes of `ui/web.py`, the OpenID Connect routes of `ui/oidc_routes.py` (answered before
Streamlit's own `/oauth2callback` and `/auth/logout`) and the sign-in gate.

    uvicorn cdm_quality.ui.server:app --host 0.0.0.0 --port 8501     (`make run` does this)

Behind a reverse proxy over HTTPS, add `--proxy-headers --forwarded-allow-ips=<proxy address>`
so that the cookies are marked Secure (README, "Deploying").
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from cdm_quality.ui import logs, media, oidc_routes, warmup, web

APP_SCRIPT = Path(__file__).resolve().parents[2] / "app.py"


@asynccontextmanager
async def _warmed_up(_app: st.App) -> AsyncIterator[None]:
    """Before the first request: the pages' imports (`ui/warmup.py`), so nobody waits for them."""
    warmup.warm_up_before_serving()
    yield


logs.hide_session_ids()  # uvicorn has set its loggers up before importing this module
media.install()  # `/media/` files get keyed names, served to their sign-in only
app = st.App(
    str(APP_SCRIPT),
    routes=[*web.routes(), *oidc_routes.routes()],
    middleware=[Middleware(web.SignInGate)],
    lifespan=_warmed_up,
)
