"""The questionnaire files as the pages read them: loaded once per content, problems kept.

A broken file does not hide the good ones: the page lists the valid questionnaires and shows
the catalogue messages of the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from cdm_quality.domain.loader import load_questionnaire, questionnaire_files
from cdm_quality.domain.messages import Problem, QuestionnaireError
from cdm_quality.domain.questionnaire import Questionnaire
from cdm_quality.settings import get_settings

ORDER = ("charte", "qualite", "cdm21", "dossier")


@dataclass(frozen=True)
class Catalogue:
    """The valid questionnaires by id (in display order) and the problems of refused files."""

    questionnaires: dict[str, Questionnaire]
    problems: dict[str, list[Problem]] = field(default_factory=dict)


def catalogue(directory: Path | None = None) -> Catalogue:
    """The questionnaires of `directory` (default `questionnaires/`), reloaded when a file
    changes."""
    directory = directory or get_settings().questionnaires_path()
    return _load(str(directory), _fingerprint(directory))


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    files = questionnaire_files(directory) if directory.exists() else []
    return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(directory: str, fingerprint: tuple[tuple[str, int, int], ...]) -> Catalogue:
    """Load every file of `directory`; `fingerprint` (names, times, sizes) keys the cache."""
    found: dict[str, Questionnaire] = {}
    problems: dict[str, list[Problem]] = {}
    files = questionnaire_files(directory) if Path(directory).exists() else []
    for file in files:
        try:
            questionnaire = load_questionnaire(file)
        except QuestionnaireError as exc:
            problems[file.name] = exc.problems
            continue
        found[questionnaire.id] = questionnaire
    return Catalogue(questionnaires=_ordered(found), problems=problems)


def _ordered(found: dict[str, Questionnaire]) -> dict[str, Questionnaire]:
    rank = {qid: i for i, qid in enumerate(ORDER)}
    return {qid: found[qid] for qid in sorted(found, key=lambda q: (rank.get(q, len(ORDER)), q))}
