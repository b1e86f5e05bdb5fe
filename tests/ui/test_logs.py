"""The server's logs tell no Streamlit session id (it would let a reader reconnect to a tab)."""

from __future__ import annotations

import importlib
import io
import logging

from uvicorn.logging import AccessFormatter

SID = "0b7c2f3e-9a41-4d2b-8f6e-5c1d2a3b4c5d"


def _written(name: str, message: str, *args: object) -> str:
    importlib.import_module("cdm_quality.ui.server")  # the server puts the filters on
    logger = logging.getLogger(name)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    if name == "uvicorn.access":
        handler.setFormatter(
            AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s')
        )
    logger.addHandler(handler)
    try:
        logger.warning(message, *args)
    finally:
        logger.removeHandler(handler)
    return out.getvalue()


def test_the_access_log_hides_the_session_id_of_an_upload() -> None:
    path = f"/_stcore/upload_file/{SID}/9f8e7d6c"
    line = _written(
        "uvicorn.access", '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "PUT", path, "1.1", 204
    )
    assert SID not in line
    assert "PUT /_stcore/upload_file/<session>/9f8e7d6c HTTP/1.1" in line


def test_streamlits_reconnect_warnings_hide_the_session_id() -> None:
    name = "streamlit.runtime.websocket_session_manager"
    line = _written(name, "Session with id %s is already connected!", SID)
    assert line.strip() == "Session with id <session> is already connected!"
