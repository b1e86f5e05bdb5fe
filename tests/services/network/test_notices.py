"""Emails against an SMTP server started here (aiosmtpd on 127.0.0.1, no network): sent on
submission and reopening, `remind` sending each due entry once only, nothing without a
server setting, and a refused email tried again later."""

from __future__ import annotations

import datetime as dt
import email
import email.header
import email.utils
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from cdm_quality.cli import main
from cdm_quality.domain.plan import ActionDraft
from cdm_quality.services import responses
from cdm_quality.services.assessment import review
from cdm_quality.services.errors import InvalidValue
from cdm_quality.services.network import notices
from cdm_quality.services.people import users
from cdm_quality.services.people.access import Actor
from cdm_quality.settings import Settings, get_settings
from cdm_quality.storage import migrations
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import Cite, NoteKind, SentNotice, User
from tests.factories import World, build_world
from tests.plan_edits import add_action

TODAY = dt.date(2026, 6, 1)


class Inbox:
    """What the local server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.recipients: list[str] = []  # every envelope recipient (RCPT TO)
        self.refuse = False

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.refuse:
            return "451 try again later"
        content = envelope.content  # type: ignore[attr-defined]
        self.recipients.extend(envelope.rcpt_tos)  # type: ignore[attr-defined]
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


def addressed_world(session: Session) -> World:
    """The world of `tests.factories`, its people given email addresses."""
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


@pytest.fixture
def world(session: Session) -> World:
    return addressed_world(session)


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
    assert notices.announce_submitted(session, response_id=rid, settings=settings).sent == 1
    assert notices.announce_submitted(session, response_id=rid, settings=settings).sent == 0
    [to_authority] = received.to("claire@label.example")
    assert "Namur" in to_authority["Subject"]
    assert "attend votre avis" in body(to_authority)  # an account with no language: French
    assert to_authority["From"] == "qualite@example.org"

    responses.reopen_response(session, world.authority, response_id=rid, reason="Pièce manquante")
    assert notices.announce_reopened(session, response_id=rid, settings=settings).sent == 2
    assert notices.announce_reopened(session, response_id=rid, settings=settings).sent == 0
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
    assert notices.remind(session, today=TODAY, settings=settings).sent == 4
    assert notices.remind(session, today=TODAY, settings=settings).sent == 0
    [director_mail] = received.to("anne@namur.example")
    assert "Afficher les horaires" in body(director_mail)
    assert "01/05/2026" in body(director_mail)
    [porto_mail] = received.to("ana@porto.example")
    assert "Afficher les horaires" not in body(porto_mail)  # another Cité's recommendation
    # a new due entry: one more email, naming only the new entry
    add_action(
        session,
        world.director,
        cite_id=world.own.id,
        campaign_id=world.campaign.id,
        action=ActionDraft(title="Refaire la signalétique", due=dt.date(2026, 5, 15)),
    )
    assert notices.remind(session, today=TODAY, settings=settings).sent == 3
    latest = received.to("anne@namur.example")[-1]
    assert "Refaire la signalétique" in body(latest)
    assert "Afficher les horaires" not in body(latest)
    review.reply_to_note(session, world.director, note_id=note.id, reply="Fait.")
    assert notices.remind(session, today=TODAY, settings=settings).sent == 0


def test_no_server_setting_means_no_email_and_nothing_recorded(
    session: Session, world: World
) -> None:
    rid = submit(session, world)
    plain = Settings(smtp_url="")
    assert notices.announce_submitted(session, response_id=rid, settings=plain).sent == 0
    assert notices.remind(session, today=TODAY, settings=plain).sent == 0
    assert session.exec(select(SentNotice)).all() == []


def test_an_email_the_server_refuses_is_tried_again_later(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    received, settings = smtp
    rid = submit(session, world)
    received.refuse = True
    assert notices.announce_submitted(session, response_id=rid, settings=settings).sent == 0
    assert session.exec(select(SentNotice)).all() == []
    received.refuse = False
    assert notices.announce_submitted(session, response_id=rid, settings=settings).sent == 1
    assert len(received.to("claire@label.example")) == 1


def test_a_bad_server_setting_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="smtp://"):
        Settings(smtp_url="http://mail.example")


# --- addresses and names that are not what they should be (issue 20, item 8) ---------------

BAD_ADDRESSES = [
    "a@x.org, outsider@evil.example",
    "Anne <anne@namur.example>",
    "anne@namur.example\r\nBcc: spy@evil.example",
    "anne@namur\n.example",
    "a@x",
    "anne@@namur.example",
    "anne@namur.example\u202e",
]


def _namur_member(session: Session, world: World, login: str, address: str):  # noqa: ANN202
    return users.add_user(
        session,
        world.admin,
        login=login,
        name=login.title(),
        password="un-long-secret",
        role=users.Role.contributor,
        cite_id=world.own.id,
        email=address,
    )


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_an_account_takes_exactly_one_mailbox(session: Session, world: World, address: str) -> None:
    before = len(session.exec(select(User)).all())
    with pytest.raises(InvalidValue) as refused:
        _namur_member(session, world, "nouveau", address)
    assert refused.value.code == "account.email_invalid"
    assert len(session.exec(select(User)).all()) == before


def _set(session: Session, login: str, address: str) -> None:
    """An address stored before addresses were checked (or written by another tool)."""
    user = session.exec(select(User).where(User.login == login)).one()
    user.email = address
    session.add(user)
    session.commit()


def test_a_bad_address_stops_nobody_elses_email_and_stays_due(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    """Two addresses in one field sent the reopening to an outsider; a CR/LF in one address
    stopped the announcement for the later members and recorded their sends as done."""
    received, settings = smtp
    _set(session, "directrice", "a@x.org, outsider@evil.example")
    _set(session, "contributeur", "anne@namur.example\r\nBcc: spy@evil.example")
    rid = submit(session, world)
    responses.reopen_response(session, world.authority, response_id=rid, reason="Pièce")
    member = _namur_member(session, world, "zoe", "zoe@namur.example")
    mailed = notices.announce_reopened(session, response_id=rid, settings=settings)
    assert (mailed.sent, mailed.failed) == (1, 2)
    assert received.recipients == ["zoe@namur.example"]
    recorded = session.exec(select(SentNotice.recipient)).all()
    assert recorded == [member.email]


def test_remind_goes_on_after_a_bad_address_and_retries_it(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    """`remind` ended in a traceback at a CR/LF address, skipped every later user and marked
    that user's entries as sent."""
    received, settings = smtp
    _set(session, "autorite", "claire@label.example\r\nBcc: spy@evil.example")
    review.add_note(  # due for the authority (first by login) and Namur's two people
        session,
        world.authority,
        response_id=submit(session, world),
        kind=NoteKind.recommendation,
        text="Afficher les horaires",
        due_on=dt.date(2026, 5, 1),
    )
    mailed = notices.remind(session, today=TODAY, settings=settings)
    assert (mailed.sent, mailed.failed) == (3, 1)
    assert "spy@evil.example" not in received.recipients
    assert received.to("ana@porto.example") and received.to("luc@namur.example")
    _set(session, "autorite", "claire@label.example")
    again = notices.remind(session, today=TODAY, settings=settings)
    assert (again.sent, again.failed) == (1, 0)
    assert len(received.to("claire@label.example")) == 1


def test_a_line_break_in_a_cites_name_breaks_no_email(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    received, settings = smtp
    cite = session.get(Cite, world.own.id)
    assert cite is not None
    cite.name = "Cité des métiers de Namur\rBcc: spy@evil.example"
    session.add(cite)
    session.commit()
    rid = submit(session, world)
    responses.reopen_response(session, world.authority, response_id=rid, reason="Pièce")
    mailed = notices.announce_reopened(session, response_id=rid, settings=settings)
    assert (mailed.sent, mailed.failed) == (2, 0)
    [message] = received.to("anne@namur.example")
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert "\r" not in subject and "Namur Bcc: spy" in subject  # a name, not a header
    assert "spy@evil.example" not in received.recipients


def test_every_email_has_a_date_and_a_message_id(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    """Many mail servers refuse a message without them (issue 25, item 3)."""
    received, settings = smtp
    rid = submit(session, world)
    notices.announce_submitted(session, response_id=rid, settings=settings)
    notices.remind(session, today=TODAY, settings=settings)
    assert len(received.messages) >= 2
    ids = [m["Message-ID"] for m in received.messages]
    assert all(email.utils.parsedate_to_datetime(m["Date"]) for m in received.messages)
    assert all(i and i.endswith("@example.org>") for i in ids) and len(set(ids)) == len(ids)


def test_the_remind_command_exits_non_zero_when_an_email_failed(
    monkeypatch: pytest.MonkeyPatch, tmp_path, capsys
) -> None:
    monkeypatch.setenv("CDM_QUALITY_SMTP_URL", "smtp://127.0.0.1:1")
    monkeypatch.setenv("CDM_QUALITY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CDM_QUALITY_DATABASE_URL", raising=False)
    monkeypatch.setattr(notices, "remind", lambda *a, **k: notices.Mailed(sent=2, failed=1))
    get_settings.cache_clear()
    try:
        assert main(["remind"]) == 1
    finally:
        get_settings.cache_clear()
    out, err = capsys.readouterr()
    assert "2 email(s) sent" in out and "1 email(s) could not be sent" in err


# --- one language per recipient, titles, links, a failing run (issue 25, item 3) ------------


def _speaks(session: Session, login: str, lang: str) -> None:
    user = session.exec(select(User).where(User.login == login)).one()
    users.remember_language(session, Actor.of(user), lang=lang)


def subject(message: Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def test_each_recipient_reads_one_language_their_accounts(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    """French and English lines alternated in every email; now each reads its own."""
    received, settings = smtp
    _speaks(session, "autorite", "en")
    _speaks(session, "contributeur", "it")
    rid = submit(session, world)
    notices.announce_submitted(session, response_id=rid, settings=settings)
    [to_authority] = received.to("claire@label.example")
    assert subject(to_authority).startswith("Self-assessment submitted: ")
    assert "It awaits your review" in body(to_authority)
    assert "attend votre avis" not in body(to_authority)
    responses.reopen_response(session, world.authority, response_id=rid, reason="Pièce manquante")
    notices.announce_reopened(session, response_id=rid, settings=settings)
    [to_director] = received.to("anne@namur.example")  # never chose: French
    [to_contributor] = received.to("luc@namur.example")
    assert subject(to_director).startswith("Autoévaluation rouverte")
    assert "Motif : Pièce manquante" in body(to_director) and "Reason" not in body(to_director)
    assert subject(to_contributor).startswith("Autovalutazione riaperta")
    assert "Self-assessment" not in body(to_contributor)


def test_an_account_keeps_the_language_last_chosen(session: Session, world: World) -> None:
    _speaks(session, "directrice", "en")
    _speaks(session, "directrice", "xx")  # not a language of the product: kept as it was
    user = session.exec(select(User).where(User.login == "directrice")).one()
    session.refresh(user)
    assert user.language == "en"


def test_emails_name_the_questionnaire_and_link_to_its_page(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    received, plain = smtp
    settings = Settings(
        smtp_url=plain.smtp_url, mail_from=plain.mail_from, public_url="https://q.example.org/"
    )
    _speaks(session, "autorite", "en")
    rid = submit(session, world)
    notices.announce_submitted(session, response_id=rid, settings=settings)
    [to_authority] = received.to("claire@label.example")
    text = body(to_authority)
    assert "“Minimal grid”" in text and "“minimal”" not in text
    link = f"https://q.example.org/fill?c={world.own.id}&q=minimal"
    assert text.splitlines()[-1] == f"Open the page: {link}"
    notices.remind(session, today=TODAY, settings=settings)
    [porto] = received.to("ana@porto.example")  # its draft to submit, named by its title
    assert "« Grille minimale » à remettre" in body(porto)
    assert body(porto).splitlines()[-1] == "Ouvrir la page : https://q.example.org/overview"


def test_without_a_public_address_an_email_has_no_link(
    session: Session, world: World, smtp: tuple[Inbox, Settings]
) -> None:
    received, settings = smtp
    notices.announce_submitted(session, response_id=submit(session, world), settings=settings)
    assert "http" not in body(received.to("claire@label.example")[0])


@pytest.mark.parametrize("url", ["quality.example.org", "ftp://q.example.org", "https://q/?a=1"])
def test_a_public_address_that_is_not_one_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="CDM_QUALITY_PUBLIC_URL"):
        Settings(public_url=url)


@pytest.fixture
def world_file(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The world in a database file the command reads (CDM_QUALITY_DATABASE_URL)."""
    url = f"sqlite:///{tmp_path / 'world.db'}"
    engine = make_engine(url)
    migrations.upgrade(engine)
    with Session(engine, expire_on_commit=False) as opened:
        made = addressed_world(opened)
        submit(opened, made)
    engine.dispose()
    monkeypatch.setenv("CDM_QUALITY_DATABASE_URL", url)
    yield made


def test_the_remind_command_fails_on_a_refusing_server_and_sends_on_the_next_run(
    world_file: World, smtp: tuple[Inbox, Settings], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Against a real SMTP server that answers 451: exit 1, nothing marked as sent; the next
    run, once the server accepts, sends every one of them."""
    received, settings = smtp
    monkeypatch.setenv("CDM_QUALITY_SMTP_URL", settings.smtp_url)
    get_settings.cache_clear()
    received.refuse = True
    try:
        assert main(["remind", "--today", TODAY.isoformat()]) == 1
        assert "could not be sent" in capsys.readouterr().err
        assert received.messages == []
        received.refuse = False
        assert main(["remind", "--today", TODAY.isoformat()]) == 0
        assert received.to("ana@porto.example")  # Porto's draft, still due, now emailed
        assert main(["remind", "--today", TODAY.isoformat()]) == 0
    finally:
        get_settings.cache_clear()
    assert "0 email(s) sent" in capsys.readouterr().out.splitlines()[-1]
