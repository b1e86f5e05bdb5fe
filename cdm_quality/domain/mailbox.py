"""Email addresses: exactly one mailbox, written `local@domain.tld`, nothing around it.

An address is refused when it holds a second address (`a@x.org, b@y.org`), a display name or
angle brackets, spaces, line breaks or any other control or invisible character (a CR/LF would
let it write mail headers), a comment, a quoted local part, or a domain that is not a dotted
host name. Letters outside ASCII are accepted (internationalised addresses).
"""

from __future__ import annotations

import string
import unicodedata

MAX_ADDRESS = 254
MAX_LOCAL = 64
MAX_LABEL = 63
_ATEXT = frozenset(string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~")


def mailbox(text: str) -> str:
    """`text` without surrounding spaces when it is one valid address; ValueError otherwise."""
    address = text.strip()
    local, at, domain = address.rpartition("@")
    if not at or len(address) > MAX_ADDRESS or not 0 < len(local) <= MAX_LOCAL:
        raise ValueError("not one address")
    if not all(_is_atom(part) for part in local.split(".")):
        raise ValueError("local part")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_is_label(label) for label in labels):
        raise ValueError("domain")
    if labels[-1].isdigit():
        raise ValueError("domain")
    return address


def _is_atom(part: str) -> bool:
    return bool(part) and all(ch in _ATEXT or (ord(ch) > 127 and ch.isalnum()) for ch in part)


def _is_label(label: str) -> bool:
    if not 0 < len(label) <= MAX_LABEL or label.startswith("-") or label.endswith("-"):
        return False
    return all(ch == "-" or (ch.isalnum() and (ch.isascii() or ord(ch) > 127)) for ch in label)


def one_line(text: str) -> str:
    """`text` on one line: line breaks, control and invisible characters become spaces (for a
    mail header, where a CR or LF would end it)."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    return " ".join(cleaned.split())
