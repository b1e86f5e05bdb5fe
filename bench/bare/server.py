"""The bare page of `bench/browser.py` served as the app is: an `st.App` under uvicorn, with
the `/healthz` route the browser tests' server helper waits for and the counters of
`bench/counters.py`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bench.counters import counted


async def healthz(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


app = counted(st.App(str(Path(__file__).with_name("app.py")), routes=[Route("/healthz", healthz)]))
