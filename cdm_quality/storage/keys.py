"""Key tables that let the database aggregate answers (follow-up, comparison) by GROUP BY.

They are derived data, rebuilt from a frozen questionnaire at any time: rows are keyed by the
frozen copy's sha256 (`CampaignQuestionnaire.sha256`), so every campaign holding the same
questionnaire shares them and a restored database never holds stale keys. No foreign key ties
them to the other tables; backups leave them out
(`services.scores.keys.ensure_every_key` refills them).

- `KeySet`: one row per questionnaire hash whose keys are built (the idempotence marker).
- `ItemKey`: one row per item and phase in which the item is asked (section and item phases):
  what progress counts. `conditional` marks items decided per response: a `visible_if`, or
  asked in that phase only of a Cité open to the public (`response.opened`).
- `ScoreKey`: one row per phase, closed item (rating, yes_no, single_choice) and stored value
  (the JSON text as the `answer.value` column holds it, e.g. `"atteint"` or `true`), with its
  normalised score 0..1 — NULL for not-applicable levels, choices and unscored items.
- `ScoreCache`: the section sums of each submitted response, filled by INSERT … SELECT … GROUP
  BY the first time a comparison reads it (no foreign key either: a stale row is never read).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cdm_quality.domain.questionnaire import Phase
from cdm_quality.storage.tables import UTCDateTime, _enum, utcnow


class KeySet(SQLModel, table=True):
    __tablename__ = "key_set"
    sha256: str = Field(primary_key=True, max_length=64)
    built_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ItemKey(SQLModel, table=True):
    __tablename__ = "item_key"
    __table_args__ = {"sqlite_with_rowid": False}  # the key is the row: one lookup, not two
    sha256: str = Field(primary_key=True, max_length=64)
    phase: Phase = Field(primary_key=True, sa_type=_enum(Phase))
    item_id: str = Field(primary_key=True, max_length=64)
    section_id: str = Field(max_length=64)
    required: bool
    conditional: bool


class ScoreKey(SQLModel, table=True):
    __tablename__ = "score_key"
    __table_args__ = {"sqlite_with_rowid": False}
    sha256: str = Field(primary_key=True, max_length=64)
    phase: Phase = Field(primary_key=True, sa_type=_enum(Phase))
    item_id: str = Field(primary_key=True, max_length=64)
    value: str = Field(primary_key=True, max_length=80)
    section_id: str = Field(max_length=64)
    weight: float
    score: float | None = Field(default=None, sa_type=sa.Float)
    conditional: bool


class ScoreCache(SQLModel, table=True):
    """Section sums of a *submitted* response, valid while it stays submitted at that time.

    A submitted response cannot change (saving is refused until it is reopened, and reopening
    then submitting again gives a new `submitted_at`), so its sums are computed once, in SQL,
    and read from here. `section_id` "" is the marker row written for every cached response
    (weight 0), so that a response without any scored answer is not recomputed each time.
    Items with `visible_if` are not in these sums (they are decided per response).
    `campaign_id` repeats the response's campaign (which never changes) so that a comparison
    reads its campaigns' rows by index instead of the cache of every year.
    """

    __tablename__ = "score_cache"
    __table_args__ = (
        sa.Index("ix_score_cache_campaign", "campaign_id"),
        {"sqlite_with_rowid": False},
    )
    response_id: int = Field(primary_key=True)
    section_id: str = Field(primary_key=True, max_length=64)
    campaign_id: int
    submitted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    weighted: float
    weight: float


KEY_TABLES: tuple[type[SQLModel], ...] = (KeySet, ItemKey, ScoreKey, ScoreCache)
