"""Bilingual labels of the product's own vocabulary (not of a questionnaire).

Scores, synthesis, plan, charts and PDF all name the same things (a strength, an action's
status, a labelling-file level); they take the words from here so that the app, the charts and
the PDF never disagree. Each table lists its keys; the words are the messages
`label.<table>.<key>` of the catalogues (`cdm_quality/locale`, read by `domain.texts`), given as
a `Text` on first use. Look a label up with `label(TABLE, key, lang)`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from cdm_quality.domain import texts
from cdm_quality.domain.questionnaire import Lang, Text


class Vocabulary(Mapping[Any, Text]):
    """One table of the vocabulary: its keys, each worded by its message in the catalogues."""

    def __init__(self, name: str, keys: Iterable[Hashable]) -> None:
        self.name = name
        self._keys = tuple(keys)

    def msgid(self, key: Hashable) -> str:
        """The catalogue's key for `key` (an enum by its value, a bool as True/False)."""
        return f"label.{self.name}.{getattr(key, 'value', key)}"

    def __getitem__(self, key: Hashable) -> Text:
        if key not in self._keys:
            raise KeyError(key)
        return _worded(self.msgid(key))

    def __iter__(self) -> Iterator[Any]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


@cache
def _worded(msgid: str) -> Text:
    return texts.worded(msgid)


YES_NO = Vocabulary("yes_no", (True, False))
CLASSIFICATION = Vocabulary("classification", ("strength", "improvement", "neutral"))
DOSSIER_LEVEL = Vocabulary("dossier_level", ("signaler", "approfondir", "actualiser"))
PHASE = Vocabulary("phase", ("projet", "prefiguration", "fonctionnement"))
ACTION_STATUS = Vocabulary("action_status", ("planned", "in_progress", "done", "abandoned"))
ACTION_FIELD = Vocabulary(
    "action_field",
    (
        "title",
        "item_ids",
        "description",
        "owner",
        "partners",
        "start",
        "due",
        "status",
        "indicator",
        "baseline",
        "target",
        "result",
        "people_days",
        "budget",
        "milestones",
        "completed_on",
        "abandon_reason",
        "effectiveness",
        "feasibility",
        "priority",
        "continues",
    ),
)
# What became of an action of last year's plan (the review that opens 8.1.2).
REVIEW_OUTCOME = Vocabulary(
    "review_outcome", ("done", "carried", "dropped", "unfinished", "abandoned")
)
SERIES = Vocabulary("series", ("cite", "previous", "network"))
VOCABULARIES = (
    YES_NO,
    CLASSIFICATION,
    DOSSIER_LEVEL,
    PHASE,
    ACTION_STATUS,
    ACTION_FIELD,
    REVIEW_OUTCOME,
    SERIES,
)


def label(table: Mapping[Any, Text], key: Hashable, lang: Lang) -> str:
    """The label of `key` in `lang`; the key itself when the table does not know it."""
    text = table.get(key)
    return text(lang) if text is not None else str(key)
