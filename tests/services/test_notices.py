"""Emails against an SMTP server started here (aiosmtpd on 127.0.0.1, no network): sent on
submission and reopening, `remind` sending each due entry once only, nothing without a
server setting, and a refused email tried again later."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from cdm_quality.domain.plan import ActionDraft
from cdm_quality.services import notices, plan, responses, review
from cdm_quality.settings import Settings
from cdm_quality.storage.tables import NoteKind, SentNotice, User
from tests.factories import World, build_world

TODAY = dt.date(2026, 6, 1)


class Inbox:
    """What the local server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse = False

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.refuse:
            return "451 try again later"
        content = envelope.content  # type: ignore[attr-defined]
        self.messages.append(email.message_from_bytes(content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, Settings]]:
    received = Inbox()
    port = _free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            received,
            Settings(smtp_url=f"smtp://127.0.0.1:{port}", mail_from="qualite@example.org"),
        )
    finally:
        controller.stop()


@pytest.fixture
def world(session: Session) -> World:
    made = build_world(session)
    for login, address in (
        ("directrice", "anne@namur.example"),
        ("contributeur", "luc@namur.example"),
        ("diretora", "ana@porto.example"),
        ("autorite", "claire@label.example"),
    ):
        user = session.exec(select(User).where(User.login == login)).one()
        user.email = address
        session.add(user)
    session.commit()
    return made


def submit(session: Session, world: World) -> int:
    rid = world.response.id
    for item_id, value in (("accueil.sans_rdv", "atteint"), ("accueil.referent", True)):
        responses.save_answer(
            session, world.director, response_id=rid, item_id=item_id, value=value
        )
    responses.submit_response(session, world.director, response_id=rid)
    return rid


def body(message: Message) -> str:
    part = message.get_payload(decode=True)
    assert isinstance(part, bytes)
    return part.decode("utf-8")


def test_submission_and_reopening_are_emailed_once(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    received, settings = smtp
    rid = submit(session, world)
    assert notices.announce_submitted(session, response_id=rid, settings=settings) == 1
    assert notices.announce_submitted(session, response_id=rid, settings=settings) == 0
    [to_authority] = received.to("claire@label.example")
    assert "Namur" in to_authority["Subject"]
    assert "awaits your review" in body(to_authority)
    assert to_authority["From"] == "qualite@example.org"

    responses.reopen_response(session, world.authority, response_id=rid, reason="Pièce manquante")
    assert notices.announce_reopened(session, response_id=rid, settings=settings) == 2
    assert notices.announce_reopened(session, response_id=rid, settings=settings) == 0
    [to_director] = received.to("anne@namur.example")
    assert "Pièce manquante" in body(to_director)
    assert len(received.to("luc@namur.example")) == 1
    assert received.to("ana@porto.example") == []  # another Cité hears nothing


def test_remind_sends_each_due_entry_once_per_person(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    received, settings = smtp
    rid = submit(session, world)
    note = review.add_note(
        session,
        world.authority,
        response_id=rid,
        kind=NoteKind.recommendation,
        text="Afficher les horaires",
        due_on=dt.date(2026, 5, 1),
    )
    # Namur's two people and the authority (the recommendation), Porto (its draft to submit)
    assert notices.remind(session, today=TODAY, settings=settings) == 4
    assert notices.remind(session, today=TODAY, settings=settings) == 0
    [director_mail] = received.to("anne@namur.example")
    assert "Afficher les horaires" in body(director_mail)
    assert "01/05/2026" in body(director_mail)
    [porto_mail] = received.to("ana@porto.example")
    assert "Afficher les horaires" not in body(porto_mail)  # another Cité's recommendation
    # a new due entry: one more email, naming only the new entry
    plan.create_action(
        session,
        world.director,
        cite_id=world.own.id,
        campaign_id=world.campaign.id,
        action=ActionDraft(title="Refaire la signalétique", due=dt.date(2026, 5, 15)),
    )
    assert notices.remind(session, today=TODAY, settings=settings) == 3
    latest = received.to("anne@namur.example")[-1]
    assert "Refaire la signalétique" in body(latest)
    assert "Afficher les horaires" not in body(latest)
    review.reply_to_note(session, world.director, note_id=note.id, reply="Fait.")
    assert notices.remind(session, today=TODAY, settings=settings) == 0


def test_no_server_setting_means_no_email_and_nothing_recorded(
    session: Session, world: World
) -> None:
    rid = submit(session, world)
    plain = Settings(smtp_url="")
    assert notices.announce_submitted(session, response_id=rid, settings=plain) == 0
    assert notices.remind(session, today=TODAY, settings=plain) == 0
    assert session.exec(select(SentNotice)).all() == []


def test_an_email_the_server_refuses_is_tried_again_later(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    received, settings = smtp
    rid = submit(session, world)
    received.refuse = True
    assert notices.announce_submitted(session, response_id=rid, settings=settings) == 0
    assert session.exec(select(SentNotice)).all() == []
    received.refuse = False
    assert notices.announce_submitted(session, response_id=rid, settings=settings) == 1
    assert len(received.to("claire@label.example")) == 1


def test_a_bad_server_setting_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="smtp://"):
        Settings(smtp_url="http://mail.example")
