"""Filling in a questionnaire: start, save answers, submit, reopen, progress and views.

Saving never overwrites silently: every answer row carries a version (1, 2, …). A save with
`expected_version` (0 = "I saw no answer") that no longer matches raises ConflictError
naming who changed the answer and when. Each save is its own committed transaction: it
locks the answer row, and the update is still conditional (`WHERE version = old`); a lost
race (two first saves inserting at once) is retried, so two concurrent writers never both
win. Every saved version is also appended to AnswerHistory.

Services commit their own work: pass a session without pending changes.

One module per part, over what they share (`common`: the result models, reading a response as
the actor may, the stored answers, the locks): `reading` (start, find, read, last campaign's
answers), `progress`, `saving` (one answer), `submission` (submit, reopen); the package names
each of their services.
"""

from cdm_quality.services.responses.common import (
    MAX_ATTEMPTS,
    MAX_REASON,
    UNCHANGED,
    AnswerView,
    PreviousAnswers,
    Progress,
    ResponseView,
    SavedAnswer,
    SectionProgress,
    frozen_of,
    is_locked,
    open_item,
    readable_response,
    writable_item,
)
from cdm_quality.services.responses.progress import (
    compute_progress,
    progress,
)
from cdm_quality.services.responses.reading import (
    find_response,
    get_or_create_response,
    may_start,
    previous_answers,
    readable_response_ids,
    response_view,
)
from cdm_quality.services.responses.saving import (
    save_answer,
)
from cdm_quality.services.responses.submission import (
    reopen_response,
    submit_response,
)
from cdm_quality.storage.tables import ResponsePublic  # named here for ui/

__all__ = [
    "AnswerView",
    "MAX_ATTEMPTS",
    "MAX_REASON",
    "PreviousAnswers",
    "Progress",
    "ResponsePublic",
    "ResponseView",
    "SavedAnswer",
    "SectionProgress",
    "UNCHANGED",
    "compute_progress",
    "find_response",
    "frozen_of",
    "get_or_create_response",
    "is_locked",
    "may_start",
    "open_item",
    "previous_answers",
    "progress",
    "readable_response",
    "readable_response_ids",
    "reopen_response",
    "response_view",
    "save_answer",
    "submit_response",
    "writable_item",
]
