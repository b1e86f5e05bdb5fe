"""What a server process did, read by `bench/browser.py`: its CPU time and the SQL statements
it sent, at `GET /_bench/counters` of the served application.

`counted(app)` wraps an ASGI application (the app's `cdm_quality.ui.server:app`, or the bare
page's) so that the bench can read, before and after each step, the process's own CPU time
(`time.process_time()`: user and system time of all its threads) and the number of statements
its SQLAlchemy engines executed (the `before_cursor_execute` event of every `Engine`). Only the
bench serves it (`bench/counted_app.py`, `bench/bare/server.py`); the product counts nothing.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

PATH = "/_bench/counters"
_lock = threading.Lock()
_statements = [0]


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_args: Any) -> None:
    with _lock:
        _statements[0] += 1


def counters() -> dict[str, float]:
    """The process's CPU seconds so far and the SQL statements it has executed."""
    return {"cpu": time.process_time(), "sql": _statements[0]}


def counted(inner: Any) -> Any:
    """`inner` (an ASGI application) that also answers `PATH` with `counters()` as JSON."""

    async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == PATH:
            body = json.dumps(counters()).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await inner(scope, receive, send)

    return application
