"""What a person reads on a page run by AppTest: every displayed string of every element.

`page_texts(at)` walks the element tree and collects the strings a reader sees: markdown,
labels, help, options, captions, metric values, table cells and headers (Arrow data decoded)
and the strings of chart specs (titles, labels, data values). Widget keys and element ids are
left out: they are never displayed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

HIDDEN_FIELDS = {"id", "form_id", "key", "element_id", "widget_id", "fragment_id"}
HIDDEN_FIELDS |= {"icon", "page_script_hash", "query_string", "url_path", "page_name"}
ARROW_FIELDS = {"data", "arrow_data", "styler"}


def page_texts(at: AppTest) -> list[str]:
    """Every string displayed by the page in its current state."""
    texts: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            texts.extend(_proto_texts(proto))
    return texts


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from _nodes(child)


def _proto_texts(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name in HIDDEN_FIELDS:
            continue
        values = value if _repeated(value) else [value]
        for one in values:
            if isinstance(one, Message):
                yield from _proto_texts(one)
            elif isinstance(one, bytes) and field.name in ARROW_FIELDS:
                yield from _arrow_texts(one)
            elif isinstance(one, str):
                yield from _string_texts(field.name, one)


def _repeated(value: Any) -> bool:
    return not isinstance(value, str | bytes | Message) and hasattr(value, "__len__")


def _string_texts(name: str, text: str) -> Iterator[str]:
    if name in ("spec", "datasets", "json") or text.startswith(("{", "[")):
        try:
            yield from _json_strings(json.loads(text))
            return
        except ValueError:
            pass
    yield text


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _json_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_strings(inner)


def _arrow_texts(data: bytes) -> Iterator[str]:
    if not data:
        return
    try:
        table = pa.ipc.open_stream(data).read_all()
    except pa.ArrowInvalid:
        return
    yield from (str(name) for name in table.column_names)
    for column in table.columns:
        for cell in column.to_pylist():
            if isinstance(cell, list):
                yield from (str(v) for v in cell)
            elif cell is not None:
                yield str(cell)
