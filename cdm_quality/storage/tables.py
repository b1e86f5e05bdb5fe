"""SQLModel tables: one family per entity (`XBase` fields, `X(table=True)`, `XPublic`).

Times are stored as naive UTC and read back as aware UTC (`UTCDateTime`). JSON columns hold
answer values, linked item ids and audit snapshots. The schema is owned by the Alembic
revisions in `storage/migrations/`; a test checks they match these classes.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa
from pydantic import field_validator
from pydantic_core import PydanticCustomError
from sqlmodel import JSON, Field, SQLModel

from cdm_quality.domain import languages
from cdm_quality.domain.plan import ActionStatus  # the plan's statuses are the domain's
from cdm_quality.domain.questionnaire import Phase


class _Stored(Protocol):
    id: int | None


def id_of(row: _Stored) -> int:
    """The id of a row once flushed (table models type it `int | None` until then)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table behind a table model (for SQL built with SQLAlchemy Core)."""
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Stores naive UTC, returns aware UTC, on SQLite and PostgreSQL alike."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware one (UTC)")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


JSONValue = JSON(none_as_null=True)


# --- enumerations -------------------------------------------------------------------------


class Role(StrEnum):
    director = "director"
    contributor = "contributor"
    assessor = "assessor"  # a partner invited by a director to rate one campaign of its Cité
    authority = "authority"
    admin = "admin"


class CampaignState(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


class ResponseState(StrEnum):
    draft = "draft"
    submitted = "submitted"
    reopened = "reopened"


class PhaseDecision(StrEnum):
    """What a labelling decision did to a Cité's phase."""

    entered = "entered"  # label granted for this phase
    prolonged = "prolonged"  # kept in the same phase
    confirmed = "confirmed"  # confirmed / renewed (e.g. fonctionnement each year)


def _enum(enum: type[StrEnum]) -> sa.Enum:
    return sa.Enum(enum, native_enum=False, length=20, validate_strings=True)


def _known_language(value: str | None) -> str | None:
    """`value` when it is None or a language of the product; refused otherwise."""
    if value is not None and languages.known(value) is None:
        raise PydanticCustomError(
            "unknown_language", "no language has the code {key}", {"key": value}
        )
    return value


# --- Cité and its phase history -----------------------------------------------------------


class CiteBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    city: str = Field(min_length=1, max_length=120)
    country: str = Field(min_length=1, max_length=80)
    phase: Phase = Field(sa_type=_enum(Phase))
    opened_on: dt.date | None = None  # opening to the public; None: not open yet
    # The working language of its documents (the labelling file and 8.1 it hands in), a code
    # of `domain.languages`; None: the reference language.
    language: str | None = Field(default=None, max_length=16)

    @field_validator("language")
    @classmethod
    def _a_language(cls, value: str | None) -> str | None:
        return _known_language(value)


class CiteCreate(CiteBase):
    pass


class Cite(CiteBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PhaseEventBase(SQLModel):
    phase: Phase = Field(sa_type=_enum(Phase))
    decision: PhaseDecision = Field(sa_type=_enum(PhaseDecision))
    decided_on: dt.date
    note: str = Field(default="", max_length=2000)


class PhaseEvent(PhaseEventBase, table=True):
    __tablename__ = "phase_event"
    id: int | None = Field(default=None, primary_key=True)
    cite_id: int = Field(foreign_key="cite.id", index=True)


class PhaseEventPublic(PhaseEventBase):
    id: int


class CitePublic(CiteBase):
    id: int
    history: list[PhaseEventPublic] = []


# --- users and login failures -------------------------------------------------------------


class UserBase(SQLModel):
    login: str = Field(
        min_length=2, max_length=64, schema_extra={"pattern": r"^[a-z0-9][a-z0-9._@-]*$"}
    )
    name: str = Field(min_length=1, max_length=120)
    email: str | None = Field(default=None, max_length=254)
    role: Role = Field(sa_type=_enum(Role))
    cite_id: int | None = Field(default=None, foreign_key="cite.id", index=True)
    # An assessor rates only the responses of this campaign (None for every other role). No
    # foreign key: accounts are restored before campaigns (`TABLES`).
    campaign_id: int | None = None


class User(UserBase, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)
    active: bool = True
    # the language the person last used (sign-in form, language switch): their emails' one
    # language; None (never signed in since) reads as the reference language
    language: str | None = Field(default=None, max_length=8)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UserPublic(UserBase):
    id: int
    active: bool


class LoginFailure(SQLModel, table=True):
    """One failed login attempt; counted per login within the lock window."""

    __tablename__ = "login_failure"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, index=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """A browser's sign-in: the cookie holds a random token, only its sha256 is stored.

    It ends when `expires_at` passes, after the idle time since `last_seen_at`, or when it is
    revoked (sign-out, account disabled, role, Cité or password changed: the row is deleted).
    Not in `TABLES`: a backup carries no sign-in, a restored database starts signed out.
    """

    __tablename__ = "web_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)


# --- campaigns and their frozen questionnaires --------------------------------------------


class CampaignBase(SQLModel):
    name: str = Field(min_length=1, max_length=120)
    year: int = Field(ge=2000, le=2100)
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    # The date by which the Cités hand in their self-assessments (set by the label authority).
    due_on: dt.date | None = None


class Campaign(CampaignBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    state: CampaignState = Field(default=CampaignState.draft, sa_type=_enum(CampaignState))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # When the network figures of the campaign were published (its first close; `NetworkMember`).
    published_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class CampaignQuestionnaire(SQLModel, table=True):
    """A questionnaire as it was when the campaign was created (JSON + its sha256)."""

    __tablename__ = "campaign_questionnaire"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "questionnaire_id"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    questionnaire_id: str = Field(max_length=64)
    version: str = Field(max_length=64)
    title: str = Field(max_length=400)
    content: str = Field(sa_type=sa.Text)
    sha256: str = Field(max_length=64, index=True)


class FrozenQuestionnairePublic(SQLModel):
    questionnaire_id: str
    version: str
    title: str
    sha256: str


class CampaignPublic(CampaignBase):
    id: int
    state: CampaignState
    questionnaires: list[FrozenQuestionnairePublic] = []


class NetworkMember(SQLModel, table=True):
    """One submitted self-assessment as the network figures published for its campaign count
    it: written once, when the campaign first closes, and never changed. Directors and
    contributors read the other Cités' figures from these rows only, so that no later change
    (a response reopened, sent late, a campaign reopened) can be subtracted from them."""

    __tablename__ = "network_member"
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    questionnaire_id: str = Field(max_length=64)
    cite_id: int = Field(foreign_key="cite.id")
    phase: Phase = Field(sa_type=_enum(Phase))
    country: str = Field(max_length=80)
    # section id → [Σ(score·weight), Σweight]; closed items' answers as [item id, value key].
    sums: Any = Field(default=None, sa_type=JSONValue, nullable=True)
    levels: Any = Field(default=None, sa_type=JSONValue, nullable=True)


# --- responses and answers ----------------------------------------------------------------


class Response(SQLModel, table=True):
    """One Cité's answers to one questionnaire of one campaign.

    `phase` is the Cité's phase when the response was started: it decides which items show,
    with `opened` (the Cité was open to the public then, or its opening date was set since).
    """

    __table_args__ = (sa.UniqueConstraint("cite_id", "campaign_id", "questionnaire_id"),)
    id: int | None = Field(default=None, primary_key=True)
    cite_id: int = Field(foreign_key="cite.id", index=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    questionnaire_id: str = Field(max_length=64)
    phase: Phase = Field(sa_type=_enum(Phase))
    opened: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    state: ResponseState = Field(default=ResponseState.draft, sa_type=_enum(ResponseState))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    submitted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    submitted_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    reopened_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    reopened_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    reopen_reason: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    # Who took part in the self-assessment (names and roles, one a line): the method, 8.1.1.
    participants: str = Field(
        default="", max_length=2000, sa_type=sa.Text, sa_column_kwargs={"server_default": ""}
    )


class ResponsePublic(SQLModel):
    id: int
    cite_id: int
    campaign_id: int
    questionnaire_id: str
    phase: Phase
    opened: bool = False
    state: ResponseState
    created_at: dt.datetime
    submitted_at: dt.datetime | None = None
    submitted_by: str | None = None  # display name
    reopened_at: dt.datetime | None = None
    reopened_by: str | None = None
    reopen_reason: str = ""  # the label authority's reason, shown to the Cité
    participants: str = ""


class Answer(SQLModel, table=True):
    """The current answer to one item of one response; `version` counts its saves from 1."""

    __table_args__ = (sa.UniqueConstraint("response_id", "item_id"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    item_id: str = Field(max_length=64)
    value: Any = Field(default=None, sa_type=JSONValue, nullable=True)
    remark: str = Field(default="", sa_type=sa.Text)
    evidence: str = Field(default="", sa_type=sa.Text)
    version: int = Field(default=1, ge=1)
    saved_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    saved_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    # the language its words (remark, evidence, text) were written in: the Cité's working
    # language when saved (revision 0018; None: saved before, read as the Cité's)
    language: str | None = Field(default=None, max_length=16)


class AnswerHistory(SQLModel, table=True):
    """Append-only copy of every saved answer version: nothing acknowledged is ever lost."""

    __tablename__ = "answer_history"
    __table_args__ = (sa.Index("ix_answer_history_item", "response_id", "item_id"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    item_id: str = Field(max_length=64)
    version: int
    value: Any = Field(default=None, sa_type=JSONValue, nullable=True)
    remark: str = Field(default="", sa_type=sa.Text)
    evidence: str = Field(default="", sa_type=sa.Text)
    saved_at: dt.datetime = Field(sa_type=UTCDateTime)
    saved_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    language: str | None = Field(default=None, max_length=16)  # as the answer's


# --- individual ratings and consensus ------------------------------------------------------


class ItemRating(SQLModel, table=True):
    """One team member's own rating of one scored item of a response, before the consensus.

    `done`: the member marked their ratings of this response as finished; from then on they
    read the others' ratings, and theirs can no longer change."""

    __tablename__ = "item_rating"
    __table_args__ = (sa.UniqueConstraint("response_id", "item_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    item_id: str = Field(max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    value: Any = Field(default=None, sa_type=JSONValue, nullable=True)
    remark: str = Field(default="", sa_type=sa.Text)
    done: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ItemConsensus(SQLModel, table=True):
    """Why the director gave an item its answer (the consensus) after the team's ratings."""

    __tablename__ = "item_consensus"
    __table_args__ = (sa.UniqueConstraint("response_id", "item_id"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    item_id: str = Field(max_length=64)
    rationale: str = Field(default="", sa_type=sa.Text)
    set_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    set_by_id: int | None = Field(default=None, foreign_key="app_user.id")


# --- evidence attachments -----------------------------------------------------------------


class AttachmentBase(SQLModel):
    item_id: str = Field(max_length=64)
    name: str = Field(max_length=200)  # the file's name as uploaded, or the link's label
    url: str | None = Field(default=None, max_length=2000)  # a link instead of a file
    media_type: str = Field(max_length=120)  # sniffed from the content (text/uri-list: link)
    size: int = Field(default=0, ge=0)  # bytes of the file (0 for a link)
    sha256: str = Field(max_length=64)  # of the file's bytes, or of the link's URL
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Attachment(AttachmentBase, table=True):
    """A file (its bytes in `attachment_blob`) or a link given as evidence for one item of one
    response. Kept in the database so that every app instance serves it."""

    __table_args__ = (sa.Index("ix_attachment_item", "response_id", "item_id"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id")
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class AttachmentBlob(SQLModel, table=True):
    """The bytes of an attached file, apart so that listings never read them."""

    __tablename__ = "attachment_blob"
    attachment_id: int = Field(foreign_key="attachment.id", primary_key=True)
    content: bytes = Field(sa_type=sa.LargeBinary)


class AttachmentPublic(AttachmentBase):
    id: int
    response_id: int
    created_by: str | None = None  # display name


# --- improvement actions (plan 8.1.2) -----------------------------------------------------


class ImprovementActionBase(SQLModel):
    item_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=10_000, sa_type=sa.Text)
    owner: str = Field(default="", max_length=200)
    partners: str = Field(default="", max_length=1000)
    start_on: dt.date | None = None
    due_on: dt.date | None = None
    status: ActionStatus = Field(default=ActionStatus.planned, sa_type=_enum(ActionStatus))
    indicator: str = Field(default="", max_length=1000)
    baseline: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    target: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    result: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    # the resources it takes and its milestones (CAF: revision 0016)
    people_days: float | None = Field(default=None, ge=0, le=100_000)
    budget: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    milestones: str = Field(
        default="", max_length=2000, sa_type=sa.Text, sa_column_kwargs={"server_default": ""}
    )
    completed_on: dt.date | None = None
    abandon_reason: str = Field(
        default="", max_length=1000, sa_column_kwargs={"server_default": ""}
    )
    effectiveness: int | None = Field(default=None, ge=1, le=4)
    feasibility: int | None = Field(default=None, ge=1, le=4)
    priority: int | None = Field(default=None, ge=1, le=16)  # effectiveness × feasibility


class ImprovementAction(ImprovementActionBase, table=True):
    __tablename__ = "improvement_action"
    id: int | None = Field(default=None, primary_key=True)
    cite_id: int = Field(foreign_key="cite.id", index=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    continues_action_id: int | None = Field(default=None, foreign_key="improvement_action.id")
    version: int = Field(default=1, ge=1)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    # the language its texts were written in: the Cité's working language at the last change
    # (revision 0018; None: written before, read as the Cité's)
    language: str | None = Field(default=None, max_length=16)


class ImprovementActionPublic(ImprovementActionBase):
    id: int
    cite_id: int
    campaign_id: int
    continues_action_id: int | None = None
    version: int
    updated_at: dt.datetime
    language: str | None = None


class PlanValidation(SQLModel, table=True):
    """The Cité's steering committee validated its synthesis and plan of a campaign (8.1):
    which body, on which day, with an optional note; recorded in the app by a director."""

    __tablename__ = "plan_validation"
    __table_args__ = (sa.UniqueConstraint("cite_id", "campaign_id"),)
    id: int | None = Field(default=None, primary_key=True)
    cite_id: int = Field(foreign_key="cite.id", index=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    body: str = Field(min_length=1, max_length=200)
    validated_on: dt.date
    note: str = Field(default="", max_length=2000, sa_type=sa.Text)
    recorded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")


# --- review by the label authority, deadlines and reminders ------------------------------


class NoteKind(StrEnum):
    """What the label authority wrote about a submitted self-assessment."""

    comment = "comment"  # a remark, nothing asked
    recommendation = "recommendation"  # something to do by a date
    reservation = "reservation"  # a doubt to lift by a date


class ReviewNote(SQLModel, table=True):
    """The label authority's comment, recommendation or reservation on a Cité's response: on
    one item (`item_id`), one section (`section_id`) or the whole response (both empty). The
    Cité answers it (`reply`) and may turn it into a plan action (`action_id`)."""

    __tablename__ = "review_note"
    id: int | None = Field(default=None, primary_key=True)
    cite_id: int = Field(foreign_key="cite.id", index=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    item_id: str = Field(default="", max_length=64)
    section_id: str = Field(default="", max_length=64)
    kind: NoteKind = Field(sa_type=_enum(NoteKind))
    text: str = Field(min_length=1, max_length=5000, sa_type=sa.Text)
    due_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    reply: str = Field(default="", max_length=5000, sa_type=sa.Text)
    replied_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    replied_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    action_id: int | None = Field(default=None, foreign_key="improvement_action.id")


class DecisionBasis(SQLModel, table=True):
    """A labelling decision (`phase_event`) rests on this recommendation or reservation."""

    __tablename__ = "decision_basis"
    phase_event_id: int = Field(foreign_key="phase_event.id", primary_key=True)
    note_id: int = Field(foreign_key="review_note.id", primary_key=True)


class PlanDismissal(SQLModel, table=True):
    """A decision of a Cité's open plan not to act, with its reason (printed in 8.1.2): an
    unfinished action of an earlier plan not carried over (`action_id`), a recommendation or
    reservation of the label authority not turned into an action (`note_id`), or an area for
    improvement left without an action (`item_id`). Exactly one of the three is set."""

    __tablename__ = "plan_dismissal"
    __table_args__ = (
        sa.UniqueConstraint("cite_id", "campaign_id", "action_id", "note_id", "item_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cite_id: int = Field(foreign_key="cite.id", index=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    action_id: int | None = Field(default=None, foreign_key="improvement_action.id")
    note_id: int | None = Field(default=None, foreign_key="review_note.id")
    item_id: str = Field(default="", max_length=64)
    reason: str = Field(min_length=1, max_length=1000, sa_type=sa.Text)
    recorded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class SentNotice(SQLModel, table=True):
    """An email sent for one event to one address: never sent twice."""

    __tablename__ = "sent_notice"
    __table_args__ = (sa.UniqueConstraint("event", "recipient"),)
    id: int | None = Field(default=None, primary_key=True)
    event: str = Field(max_length=200)
    recipient: str = Field(max_length=254)
    sent_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- audit ---------------------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Who did what, when, with the state before and after (JSON)."""

    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor_id: int | None = Field(default=None, foreign_key="app_user.id")
    actor_login: str = Field(max_length=64)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=64)
    entity_id: str = Field(max_length=64)
    before: Any = Field(default=None, sa_type=JSONValue, nullable=True)
    after: Any = Field(default=None, sa_type=JSONValue, nullable=True)


# Tables in dependency order: the order of backups and of restores.
TABLES: tuple[type[SQLModel], ...] = (
    Cite,
    PhaseEvent,
    User,
    LoginFailure,
    Campaign,
    CampaignQuestionnaire,
    Response,
    NetworkMember,
    Answer,
    AnswerHistory,
    ItemRating,
    ItemConsensus,
    Attachment,
    AttachmentBlob,
    ImprovementAction,
    PlanValidation,
    ReviewNote,
    DecisionBasis,
    PlanDismissal,
    SentNotice,
    AuditEvent,
)
