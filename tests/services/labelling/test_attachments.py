"""Evidence attachments: stored in the database, read only by readers of the response,
refused with a reason (storing nothing), within a quota per response, removal audited."""

from __future__ import annotations

import bz2
import io
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from cdm_quality.services.errors import AccessDenied, ResponseLocked
from cdm_quality.services.labelling import attachments
from cdm_quality.services.labelling.attachments import AttachmentRefused
from cdm_quality.services.responses import save_answer, submit_response
from cdm_quality.settings import get_settings
from cdm_quality.storage.tables import Attachment, AttachmentBlob, AuditEvent
from tests.factories import World

ITEM = "accueil.sans_rdv"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def add(session: Session, world: World, name: str, content: bytes, **kw: object):
    return attachments.add_file(
        session,
        kw.pop("actor", world.director),
        response_id=kw.pop("response_id", world.response.id),
        item_id=ITEM,
        name=name,
        content=content,
    )


def stored_rows(session: Session) -> tuple[int, int]:
    files = len(session.exec(select(Attachment)).all())
    return files, len(session.exec(select(AttachmentBlob)).all())


def test_a_file_is_stored_listed_and_downloaded_by_its_readers(
    session: Session, world: World
) -> None:
    made = add(session, world, "Planning accueil.pdf", PDF)
    assert (made.media_type, made.size, made.created_by) == (
        "application/pdf",
        len(PDF),
        "Anne Dupré",
    )
    assert len(made.sha256) == 64
    listed = attachments.list_attachments(session, world.contributor, response_id=world.response.id)
    assert [a.name for a in listed] == ["Planning accueil.pdf"]
    for reader in (world.director, world.contributor, world.authority, world.admin):
        got = attachments.download(session, reader, attachment_id=made.id)
        assert got.content == PDF and got.media_type == "application/pdf"


def test_a_director_never_downloads_another_cites_file(session: Session, world: World) -> None:
    made = add(session, world, "convention.pdf", PDF)
    with pytest.raises(AccessDenied):
        attachments.download(session, world.other_director, attachment_id=made.id)
    with pytest.raises(AccessDenied):
        attachments.list_attachments(session, world.other_director, response_id=world.response.id)
    with pytest.raises(AccessDenied):
        add(session, world, "intrus.pdf", PDF, actor=world.other_director)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("vide.pdf", b"", "empty"),
        ("gros.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024), "too_big"),
        ("outil.exe", b"MZ\x90\x00" + b"\x00" * 100, "executable"),
        ("script.txt", b"#!/bin/sh\nrm -rf /\n", "executable"),
        ("archive.zip", _zip({"a.txt": b"hello"}), "not_allowed"),
        ("donnees.bin", bytes(range(256)) * 4, "not_allowed"),
        ("macro.docx", _zip({"[Content_Types].xml": b"", "word/vbaProject.bin": b"x"}), "macro"),
        ("photo.pdf", PNG, "name_mismatch"),
        ("../../etc/passwd.pdf", PDF, "name_path"),
        ("dossier/rapport.pdf", PDF, "name_path"),
        ("C:\\rapport.pdf", PDF, "name_path"),
        ("   ", PDF, "name_empty"),
    ],
)
def test_each_refused_kind_says_why_and_stores_nothing(
    session: Session, world: World, name: str, content: bytes, code: str
) -> None:
    with pytest.raises(AttachmentRefused) as refused:
        add(session, world, name, content)
    assert refused.value.reason == code and refused.value.item_id == ITEM
    assert stored_rows(session) == (0, 0)


GIB = 1 << 30


def _inflating_to(size: int) -> bytes:
    """Raw deflate data of `size` zero bytes (a multiple of 1 MiB), built without compressing
    them all: one fully flushed 1 MiB segment repeated."""
    mib, packer = bytes(1 << 20), zlib.compressobj(9, zlib.DEFLATED, -15)
    packer.compress(mib)
    packer.flush(zlib.Z_FULL_FLUSH)
    segment = packer.compress(mib) + packer.flush(zlib.Z_FULL_FLUSH)
    return segment * (size >> 20) + packer.flush()


def _zip_raw(entries: list[tuple[str, int, bytes, int]]) -> bytes:
    """A zip of (name, method, data as stored, declared size) members, written by hand so the
    declared sizes may lie (the CRC is left 0: nothing here is read that far)."""
    body, directory = b"", b""
    for name, method, data, declared in entries:
        raw = name.encode()
        fields = (20, 0, method, 0, 0, 0, len(data), declared, len(raw))
        directory += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIH", *fields)
        directory += struct.pack("<HHHHII", 0, 0, 0, 0, 0, len(body)) + raw
        body += struct.pack("<I", 0x04034B50) + struct.pack("<HHHHHIIIH", *fields)
        body += struct.pack("<H", 0) + raw + data
    count = len(entries)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), len(body), 0)
    return body + directory + end


def _docx_with_mimetype(method: int, data: bytes, declared: int) -> bytes:
    parts = [("[Content_Types].xml", 0, b"<Types/>", 8), ("word/document.xml", 0, b"<w/>", 4)]
    return _zip_raw([*parts, ("mimetype", method, data, declared)])


BOMB = _inflating_to(GIB)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        pytest.param(_docx_with_mimetype(8, BOMB, GIB), "unpacked_too_big", id="declared-1GiB"),
        pytest.param(_docx_with_mimetype(8, BOMB, 40), "not_allowed", id="declared-40-bytes"),
        pytest.param(
            _docx_with_mimetype(12, bz2.compress(b"application/x"), 13), "not_allowed", id="bzip2"
        ),
    ],
)
def test_a_zip_bomb_is_refused_without_being_inflated(
    session: Session, world: World, content: bytes, code: str
) -> None:
    """A 1 MB .docx whose `mimetype` member inflates to 1 GiB, declared or not, and a member
    packed with a method that inflates beyond what is asked (bzip2): refused, with less than
    100 MiB allocated while judging it."""
    tracemalloc.start()
    try:
        with pytest.raises(AttachmentRefused) as refused:
            add(session, world, "bombe.docx", content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.reason == code and stored_rows(session) == (0, 0)
    assert peak < 100 * 1024 * 1024


def test_a_file_is_judged_before_the_write_transaction_opens(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sniffing runs outside SQLite's write lock, so a slow file delays no other save."""
    seen: list[bool] = []
    sniff = attachments.rules.sniff

    def watched(content: bytes, name: str) -> str:
        seen.append(session.in_transaction())
        return sniff(content, name)

    monkeypatch.setattr(attachments.rules, "sniff", watched)
    session.commit()
    add(session, world, "convention.pdf", PDF)
    assert seen == [False]


@pytest.mark.parametrize(
    ("name", "char"),
    [
        ("devis\u202efdp.txt", "U+202E"),
        ("rapport\u2028final.pdf", "U+2028"),
        ("note\u2029.pdf", "U+2029"),
        ("invisible\u200b.pdf", "U+200B"),
        ("tab\tulation.pdf", "U+0009"),
    ],
)
def test_a_name_with_an_invisible_character_is_refused(
    session: Session, world: World, name: str, char: str
) -> None:
    """ "devis\u202efdp.txt" would show as "devistxt.pdf": refused, naming the character."""
    with pytest.raises(AttachmentRefused) as refused:
        add(session, world, name, PDF)
    assert refused.value.reason == "name_invisible" and refused.value.params["char"] == char
    assert stored_rows(session) == (0, 0)


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        (
            "Compte rendu.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("fréquentation.csv", b"mois;visites\njanvier;812\n", "text/csv"),
        ("notes.txt", "Réunion des partenaires".encode("cp1252"), "text/plain"),
        ("affiche.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
    ],
)
def test_accepted_kinds_are_typed_from_their_content(
    session: Session, world: World, name: str, content: bytes, media_type: str
) -> None:
    assert add(session, world, name, content).media_type == media_type


@pytest.fixture
def one_mb_quota(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CDM_QUALITY_ATTACHMENTS_MB", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_quota_per_response_refuses_the_file_that_would_pass_it(
    session: Session, world: World, one_mb_quota: None
) -> None:
    part = PDF + b"0" * (600 * 1024)
    add(session, world, "un.pdf", part)
    with pytest.raises(AttachmentRefused) as refused:
        add(session, world, "deux.pdf", part)
    assert refused.value.reason == "quota" and refused.value.params["limit"] == 1024 * 1024
    assert stored_rows(session) == (1, 1)
    add(
        session,
        world,
        "ailleurs.pdf",
        part,
        actor=world.other_director,
        response_id=world.other_response.id,
    )


def test_removal_is_audited_and_frees_the_bytes(session: Session, world: World) -> None:
    made = add(session, world, "convention.pdf", PDF)
    attachments.remove_attachment(session, world.contributor, attachment_id=made.id)
    assert stored_rows(session) == (0, 0)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "remove")).one()
    assert event.actor_login == "contributeur" and event.entity == "attachment"
    assert event.before["sha256"] == made.sha256 and event.before["name"] == "convention.pdf"


def test_a_submitted_response_takes_no_attachment(session: Session, world: World) -> None:
    made = add(session, world, "avant.pdf", PDF)
    for item_id, value in ((ITEM, "atteint"), ("accueil.referent", True)):
        save_answer(
            session, world.director, response_id=world.response.id, item_id=item_id, value=value
        )
    submit_response(session, world.director, response_id=world.response.id)
    with pytest.raises(ResponseLocked):
        add(session, world, "apres.pdf", PDF)
    with pytest.raises(ResponseLocked):
        attachments.remove_attachment(session, world.director, attachment_id=made.id)
    assert stored_rows(session) == (1, 1)


def test_a_link_is_kept_and_a_script_link_refused(session: Session, world: World) -> None:
    link = attachments.add_link(
        session,
        world.director,
        response_id=world.response.id,
        item_id=ITEM,
        url="https://cdm.example/rapport-2026",
        name="Rapport en ligne",
    )
    assert (link.url, link.size, link.media_type) == (
        "https://cdm.example/rapport-2026",
        0,
        "text/uri-list",
    )
    with pytest.raises(AttachmentRefused) as refused:
        attachments.add_link(
            session,
            world.director,
            response_id=world.response.id,
            item_id=ITEM,
            url="javascript:alert(1)",
        )
    assert refused.value.reason == "link_scheme"


def test_every_refusal_of_the_rules_has_a_code_the_interface_words() -> None:
    import ast
    from pathlib import Path

    from cdm_quality.domain import attachments as rules

    source = Path(rules.__file__).read_text(encoding="utf-8")
    raised = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "Refused"
        and isinstance(node.args[0], ast.Constant)
    }
    assert raised == set(rules.REASONS)
    assert set(attachments.CODES) == {f"attachment.{r}" for r in (*rules.REASONS, "quota")}
