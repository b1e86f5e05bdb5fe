"""The server's logs tell no Streamlit session id.

A Streamlit session id lets a client reconnect to that tab's session (the third entry of
`Sec-WebSocket-Protocol`); the access log wrote it in every upload (`PUT
/_stcore/upload_file/<id>/…`) and Streamlit's warnings on reconnects. Those loggers get a
filter that writes `<session>` in its place, in the message and in its arguments.
"""

from __future__ import annotations

import logging
import re

SESSION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
HIDDEN = "<session>"
LOGGERS = ("uvicorn.access", "uvicorn.error", "streamlit.runtime.websocket_session_manager")


class SessionIdFilter(logging.Filter):
    """Replaces every session id of a record by `HIDDEN` (the record is kept)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _hidden(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_hidden(arg) for arg in record.args)
        return True


def _hidden(value: object) -> object:
    return SESSION_ID.sub(HIDDEN, value) if isinstance(value, str) else value


def hide_session_ids() -> None:
    """Put the filter on the server's loggers (once each)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SessionIdFilter) for f in logger.filters):
            logger.addFilter(SessionIdFilter())
