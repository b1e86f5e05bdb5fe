"""Emails, when `CDM_QUALITY_SMTP_URL` is set (without it, the in-app inbox only).

Sent on submission (to the label authority's accounts), on reopening (to the Cité's people)
and by `cdm-quality remind` (each person's inbox entries not emailed yet). Each email is for
one event and one address, recorded in `sent_notice` before it leaves (in a short
transaction of its own; the mail server is never waited for inside a write) and taken back if
it could not be sent: an event is never emailed twice, and a failed one is tried again by
the next `remind`. Each recipient is handled alone: an address that is not exactly one
mailbox (`domain.mailbox`) is not written to, and a refusal for one person stops nobody
else's email. Names put in a subject are made one line (a CR in a Cité's name cannot end the
header). Every email has `Date` and `Message-ID` headers, is written in its recipient's
language (their account's, `domain.mail_texts`), names questionnaires by their title and,
when `CDM_QUALITY_PUBLIC_URL` is set, ends with a link to the page concerned (the
questionnaire of a submission or a reopening, the overview for a reminder). Standard library
only (smtplib, email).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import smtplib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlencode, urlsplit

from sqlalchemy import delete
from sqlmodel import Session, col, select

from cdm_quality.domain import formats
from cdm_quality.domain.languages import Lang
from cdm_quality.domain.mail_texts import mail_counted, mail_text, recipient_lang
from cdm_quality.domain.mailbox import mailbox, one_line
from cdm_quality.domain.questionnaire import Questionnaire
from cdm_quality.services.errors import NotFound
from cdm_quality.services.network.inbox import Due, InboxEntry, inbox
from cdm_quality.services.people.access import Actor
from cdm_quality.services.scores.frozen import frozen_questionnaire
from cdm_quality.settings import Settings, get_settings
from cdm_quality.storage.engine import added, begin_write
from cdm_quality.storage.tables import (
    Campaign,
    Cite,
    Response,
    Role,
    SentNotice,
    User,
    utcnow,
)

log = logging.getLogger(__name__)
TIMEOUT = 20  # seconds to wait for the mail server
# What sending one email may raise: the server or network (OSError, SMTPException), a header
# the email package refuses (ValueError), a text it cannot encode (UnicodeError).
_SEND_FAILURES = (OSError, smtplib.SMTPException, ValueError, UnicodeError)


class Outcome(enum.Enum):
    """What became of one email."""

    sent = "sent"
    skipped = "skipped"  # no server configured, or already emailed
    failed = "failed"  # not sent; its record released, so the next run tries again


@dataclass(frozen=True)
class Mailed:
    """How many emails went out and how many could not."""

    sent: int = 0
    failed: int = 0

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Mailed:
        done = list(outcomes)
        return cls(done.count(Outcome.sent), done.count(Outcome.failed))

    def __add__(self, other: Mailed) -> Mailed:
        return Mailed(self.sent + other.sent, self.failed + other.failed)


def send_mail(settings: Settings, *, to: str, subject: str, body: str) -> None:
    """One plain-text email through the configured server, to exactly one valid address
    (raises ValueError for another, OSError/SMTPException when the server fails)."""
    url = urlsplit(settings.smtp_url)
    message = EmailMessage()
    message["From"], message["To"] = settings.mail_from, mailbox(to)
    message["Subject"] = one_line(subject)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings.mail_from.rpartition("@")[2] or None)
    message.set_content(body.replace("\r\n", "\n").replace("\r", "\n"))
    secure = url.scheme == "smtps"
    port = url.port or (465 if secure else 25)
    smtp_class = smtplib.SMTP_SSL if secure else smtplib.SMTP
    with smtp_class(url.hostname or "localhost", port, timeout=TIMEOUT) as server:
        if url.username:
            server.login(unquote(url.username), unquote(url.password or ""))
        server.send_message(message)


def _claim(session: Session, event: str, recipient: str) -> int | None:
    """Record that `event` is emailed to `recipient`: its row id, or None if it already was."""
    begin_write(session)
    row = SentNotice(event=event, recipient=recipient)
    if not added(session=session, row=row):
        session.rollback()
        return None
    session.commit()
    return row.id


def _release(session: Session, notice_ids: Sequence[int]) -> None:
    begin_write(session)
    session.execute(delete(SentNotice).where(col(SentNotice.id).in_(notice_ids)))
    session.commit()


def send_once(
    session: Session,
    *,
    events: Sequence[str],
    recipient: str,
    subject: str,
    body: str,
    settings: Settings | None = None,
) -> Outcome:
    """Email `recipient` about `events` (one message for them all) unless every one of them
    was already emailed to that address. An address that is not one mailbox is not written
    to; a failed send releases its records, so that the next run tries again."""
    settings = settings or get_settings()
    if not settings.smtp_url:
        return Outcome.skipped
    try:
        mailbox(recipient)
    except ValueError:
        log.warning("email not sent: %r is not one valid address", recipient)
        return Outcome.failed
    claimed = [i for i in (_claim(session, e, recipient) for e in events) if i is not None]
    if not claimed:
        return Outcome.skipped
    try:
        send_mail(settings, to=recipient, subject=subject, body=body)
    except _SEND_FAILURES as error:
        log.warning("email to %s not sent (%s); it will be tried again", recipient, error)
        _release(session, claimed)
        return Outcome.failed
    return Outcome.sent


@dataclass(frozen=True)
class Recipient:
    """One address and the language of its account."""

    address: str
    lang: Lang


def _recipients(session: Session, *, role: Role | None, cite_id: int | None) -> list[Recipient]:
    query = select(User).where(col(User.active).is_(True), col(User.email).is_not(None))
    if role is not None:
        query = query.where(User.role == role)
    if cite_id is not None:
        query = query.where(User.cite_id == cite_id)
    found = {u.email: recipient_lang(u.language) for u in session.exec(query).all() if u.email}
    return [Recipient(address, found[address]) for address in sorted(found)]


def page_link(settings: Settings, page: str, **params: object) -> str:
    """The address of one page of the app (`/fill?c=3&q=charte`), or "" without a public URL."""
    if not settings.public_url:
        return ""
    query = f"?{urlencode(params)}" if params else ""
    return f"{settings.public_url}/{page}{query}"


def _with_link(body: str, link: str, lang: Lang) -> str:
    return f"{body}\n\n{mail_text('link', lang, url=link)}" if link else body


def _grid(session: Session, campaign_id: int, questionnaire_id: str) -> Questionnaire | None:
    try:
        return frozen_questionnaire(
            session, campaign_id=campaign_id, questionnaire_id=questionnaire_id
        )
    except NotFound:
        return None


def _title(grid: Questionnaire | None, questionnaire_id: str, lang: Lang) -> str:
    """A questionnaire as a person names it: its title in `lang` (its id if it is gone)."""
    return one_line(grid.title(lang)) if grid is not None else questionnaire_id


def _facts(session: Session, response_id: int) -> tuple[Response, str, str]:
    response = session.get(Response, response_id)
    if response is None:
        raise LookupError(response_id)
    cite = session.get(Cite, response.cite_id)
    campaign = session.get(Campaign, response.campaign_id)
    return response, cite.name if cite else "", campaign.name if campaign else ""


def _announce(session: Session, kind: str, response_id: int, settings: Settings | None) -> Mailed:
    """Email a submission (to the label authority) or a reopening (to the Cité's people) once,
    each address on its own, in its own language, with a link to the questionnaire."""
    settings = settings or get_settings()
    if not settings.smtp_url:
        return Mailed()
    response, cite, campaign = _facts(session, response_id)
    submitted = kind == "submitted"
    when = (response.submitted_at if submitted else response.reopened_at) or utcnow()
    grid = _grid(session, response.campaign_id, response.questionnaire_id)
    link = page_link(settings, "fill", c=response.cite_id, q=response.questionnaire_id)
    if submitted:
        recipients = _recipients(session, role=Role.authority, cite_id=None)
    else:
        recipients = _recipients(session, role=None, cite_id=response.cite_id)
    outcomes = []
    for recipient in recipients:
        lang = recipient.lang
        params = {
            "cite": one_line(cite),
            "campaign": one_line(campaign),
            "questionnaire": _title(grid, response.questionnaire_id, lang),
            "day": formats.date(when.date(), lang),
            "reason": response.reopen_reason,
        }
        outcome = send_once(
            session,
            events=[f"{kind}:{response_id}:{when.isoformat()}"],
            recipient=recipient.address,
            subject=mail_text(f"{kind}.subject", lang, **params),
            body=_with_link(mail_text(f"{kind}.body", lang, **params), link, lang),
            settings=settings,
        )
        outcomes.append(outcome)
    return Mailed.of(outcomes)


def announce_submitted(
    session: Session, *, response_id: int, settings: Settings | None = None
) -> Mailed:
    """Email the label authority's accounts that a self-assessment was submitted."""
    return _announce(session, "submitted", response_id, settings)


def announce_reopened(
    session: Session, *, response_id: int, settings: Settings | None = None
) -> Mailed:
    """Email the Cité's people that their self-assessment was reopened, with the reason."""
    return _announce(session, "reopened", response_id, settings)


def _line(session: Session, entry: InboxEntry, lang: Lang) -> str:
    """One entry of a reminder in `lang`: a questionnaire by its title, a note or an action
    by its first line."""
    when = ""
    if entry.due_on is not None:
        when = mail_text("remind.when", lang, day=formats.date(entry.due_on, lang))
    if entry.due is Due.submit:
        grid = _grid(session, entry.campaign_id, entry.questionnaire_id or entry.title)
        title = _title(grid, entry.questionnaire_id or entry.title, lang)
    else:
        title = entry.title.splitlines()[0][:200] if entry.title else ""
    return mail_text(
        f"remind.{entry.due.value}",
        lang,
        cite=one_line(entry.cite_name),
        campaign=one_line(entry.campaign_name),
        title=title,
        when=when,
    )


def remind(session: Session, *, today: dt.date, settings: Settings | None = None) -> Mailed:
    """Email each active person with an address what is due for them and was not emailed
    yet, in their language, with a link to the overview (meant for a daily scheduler); a
    person's failure stops nobody else's email."""
    settings = settings or get_settings()
    if not settings.smtp_url:
        return Mailed()
    outcomes = []
    people = session.exec(
        select(User).where(col(User.active).is_(True), col(User.email).is_not(None))
    ).all()
    link = page_link(settings, "overview")
    for user in sorted(people, key=lambda u: u.login):
        if not user.email:
            continue
        entries = inbox(session, Actor.of(user), today=today)
        fresh = [e for e in entries if not _sent(session, e.event, user.email)]
        if not fresh:
            continue
        lang = recipient_lang(user.language)
        body = "\n".join(
            [mail_text("remind.intro", lang), *(_line(session, e, lang) for e in fresh)]
        )
        outcome = send_once(
            session,
            events=[e.event for e in fresh],
            recipient=user.email,
            subject=mail_counted("remind.subject", len(fresh), lang),
            body=_with_link(body, link, lang),
            settings=settings,
        )
        outcomes.append(outcome)
    return Mailed.of(outcomes)


def _sent(session: Session, event: str, recipient: str) -> bool:
    query = select(SentNotice.id).where(
        SentNotice.event == event, SentNotice.recipient == recipient
    )
    return session.exec(query).first() is not None


def announce_later(kind: str, response_id: int) -> None:
    """Email a submission (`kind` "submitted") or a reopening ("reopened") from a background
    thread with its own session, so that the page never waits for the mail server. Nothing
    happens without a server setting."""
    if not get_settings().smtp_url:
        return
    announce = announce_submitted if kind == "submitted" else announce_reopened

    def run() -> None:
        from cdm_quality.services import database  # the app's engine, opened on first use

        try:
            with database.session() as session:
                announce(session, response_id=response_id)
        except Exception:  # an email must never break the page that triggered it
            log.exception("email about response %s not sent", response_id)

    threading.Thread(target=run, name=f"email-{kind}-{response_id}", daemon=True).start()
