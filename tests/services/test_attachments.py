"""Evidence attachments: stored in the database, read only by readers of the response,
refused with a reason (storing nothing), within a quota per response, removal audited."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from cdm_quality.services import attachments
from cdm_quality.services.attachments import AttachmentRefused
from cdm_quality.services.errors import AccessDenied, ResponseLocked
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
