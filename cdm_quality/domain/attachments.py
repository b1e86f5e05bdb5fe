"""Evidence attachments: which files are accepted, judged from their content, not their name.

A file is accepted when its first bytes say it is a PDF, an image (PNG, JPEG, GIF, WebP), an
office document (OOXML or OpenDocument without macros, or a legacy Office file named so), or
text (CSV, plain text), and its name ends as that type does. Executables, archives, macros,
empty or oversized files and names with path parts or invisible characters are refused with a
`Refused` whose `code` names the reason (the interface words it in the reader's language). A
link is an http(s) URL.

Sniffing reads a bounded amount whatever the file holds: of a zipped office document only
the central directory and, for OpenDocument, at most `_MIMETYPE_MAX` bytes of its `mimetype`
member, stored or deflated, after its declared size was checked (a zip bomb is refused before
anything is inflated); a file whose members declare more than `MAX_UNPACKED_BYTES` in total is
refused, since whoever opens it would have to inflate them.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from typing import Any

MAX_FILE_BYTES = 20 * 1024 * 1024  # one file
MAX_NAME = 200  # characters of a file name
MAX_URL = 2000
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # declared size of a zipped document's members, in all
_MIMETYPE_MAX = 200  # bytes of an OpenDocument `mimetype` member read, at most
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})  # control, format, line/paragraph separators
LINK_TYPE = "text/uri-list"  # the media type recorded for a link

_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    _OOXML + "wordprocessingml.document": (".docx",),
    _OOXML + "spreadsheetml.sheet": (".xlsx",),
    _OOXML + "presentationml.presentation": (".pptx",),
    _ODF + "text": (".odt",),
    _ODF + "spreadsheet": (".ods",),
    _ODF + "presentation": (".odp",),
    "application/msword": (".doc",),
    "application/vnd.ms-excel": (".xls",),
    "application/vnd.ms-powerpoint": (".ppt",),
    "text/csv": (".csv",),
    "text/plain": (".txt",),
}
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_EXECUTABLE = (b"MZ", b"\x7fELF", b"#!", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_TYPES = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}
_OLE_TYPES[".ppt"] = "application/vnd.ms-powerpoint"
_OOXML_PARTS = {
    "word/": "wordprocessingml.document",
    "xl/": "spreadsheetml.sheet",
    "ppt/": "presentationml.presentation",
}


REASONS: tuple[str, ...] = (  # every `Refused.code` (tests check the module raises no other)
    "empty",
    "too_big",
    "executable",
    "not_allowed",
    "macro",
    "name_mismatch",
    "name_empty",
    "name_long",
    "name_path",
    "name_invisible",
    "unpacked_too_big",
    "link_scheme",
    "link_long",
)


class Refused(ValueError):
    """A file or link refused: `code` names why, `params` fill the message in."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.params = params


def clean_name(name: str) -> str:
    """The file name as given, refused when empty, too long, holding path parts, or holding
    a control, format (U+202E turns text around) or line-separator character."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise Refused("name_empty")
    if len(name) > MAX_NAME:
        raise Refused("name_long", limit=MAX_NAME)
    parts = ("/", "\\", "\x00")
    if any(p in name for p in parts) or name in (".", "..") or name.startswith(".."):
        raise Refused("name_path")
    for ch in name:
        if unicodedata.category(ch) in _INVISIBLE:
            raise Refused("name_invisible", char=f"U+{ord(ch):04X}")
    return name


def extension(name: str) -> str:
    """The name's extension, lower case, with its dot ("" when there is none)."""
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


def sniff(content: bytes, name: str) -> str:
    """The media type of an accepted file, from its content; `Refused` otherwise."""
    if not content:
        raise Refused("empty")
    if len(content) > MAX_FILE_BYTES:
        raise Refused("too_big", size=len(content), limit=MAX_FILE_BYTES)
    if content.startswith(_EXECUTABLE):
        raise Refused("executable")
    media_type = _media_type(content, extension(name))
    if extension(name) not in EXTENSIONS[media_type]:
        expected = ", ".join(EXTENSIONS[media_type])
        raise Refused("name_mismatch", expected=expected)
    return media_type


def _media_type(content: bytes, ext: str) -> str:
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return media_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"PK\x03\x04"):
        return _zipped(content)
    if content.startswith(_OLE):
        if ext not in _OLE_TYPES:
            raise Refused("not_allowed")
        return _OLE_TYPES[ext]
    if _is_text(content):
        return "text/csv" if ext == ".csv" else "text/plain"
    raise Refused("not_allowed")


def _zipped(content: bytes) -> str:
    """An OOXML or OpenDocument file without macros; any other archive is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            names = [m.filename for m in members]
            _check_unpacked_size(members)
            mimetype = _mimetype(archive)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError):
        raise Refused("not_allowed") from None
    if any(n.lower().endswith(("vbaproject.bin", ".exe", ".dll", ".js")) for n in names):
        raise Refused("macro")
    text = mimetype.decode("ascii", "replace")
    if text.startswith(_ODF) and text in EXTENSIONS:
        return text
    if "[Content_Types].xml" in names:
        for prefix, kind in _OOXML_PARTS.items():
            if any(n.startswith(prefix) for n in names):
                return _OOXML + kind
    raise Refused("not_allowed")


def _check_unpacked_size(members: list[zipfile.ZipInfo]) -> None:
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNPACKED_BYTES:
        raise Refused("unpacked_too_big", size=declared, limit=MAX_UNPACKED_BYTES)


def _mimetype(archive: zipfile.ZipFile) -> bytes:
    """The `mimetype` member's first bytes ("" without one), read only when it declares a
    small size and a method that inflates no more than asked (stored or deflated)."""
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return b""
    small = info.file_size <= _MIMETYPE_MAX
    if not small or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused("not_allowed")
    with archive.open(info) as member:
        return member.read(_MIMETYPE_MAX)


def _is_text(content: bytes) -> bool:
    head = content[:65536]
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def clean_url(url: str) -> str:
    """An http(s) link without spaces or control characters; `Refused` otherwise."""
    url = (url or "").strip()
    if not url.lower().startswith(("https://", "http://")) or len(url) <= len("https://"):
        raise Refused("link_scheme")
    if len(url) > MAX_URL:
        raise Refused("link_long", limit=MAX_URL)
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        raise Refused("link_scheme")
    return url
