"""What the demo says, read from `data.yaml`: remarks and evidence that fit each item and
its level, text and list answers (the SWOT among them), the improvement plans, participants
and the steering committee's validation. `demo.build` decides who answers what; this module
only turns the data file into answers and actions."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml

from cdm_quality.domain import languages
from cdm_quality.domain.questionnaire import ColumnType, Item, ItemKind, Questionnaire
from cdm_quality.domain.scoring import is_not_applicable

DATA_FILE = Path(__file__).with_name("data.yaml")


@dataclass(frozen=True)
class PlannedAction:
    """One action of a demo plan, as the data file gives it."""

    title: str
    items: list[str]
    description: str = ""
    owner: str = ""
    partners: str = ""
    start: dt.date | None = None
    due: dt.date | None = None
    status: str = "planned"
    completed_on: dt.date | None = None
    abandon_reason: str = ""
    indicator: str = ""
    baseline: str = ""
    target: str = ""
    result: str = ""
    people_days: float | None = None
    budget: str = ""
    milestones: str = ""
    effectiveness: int | None = None
    feasibility: int | None = None
    key: str = ""
    continues: str = ""  # the key of the previous year's action it carries on
    dropped: str = ""  # unfinished, not carried over: the next year's plan says why


@dataclass(frozen=True)
class DemoContent:
    remarks: dict[str, dict[str, str]]
    texts: dict[str, str]
    lists: dict[str, list[str]]
    showcase_plans: dict[int, list[PlannedAction]]
    catalogue: dict[str, dict[str, str]]
    showcase_levels: dict[int, dict[str, str]]
    participants: dict[str, Any] = field(default_factory=dict)
    validation: dict[str, str] = field(default_factory=dict)
    team: dict[str, list[str]] = field(default_factory=dict)
    # year → item id → why the showcase Cité's plan leaves that area without an action
    not_retained: dict[int, dict[str, str]] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    remarks_before_opening: dict[str, dict[str, str]] = field(default_factory=dict)
    lists_before_opening: dict[str, list[str]] = field(default_factory=dict)
    dossier_texts: dict[str, Any] = field(default_factory=dict)
    working_languages: dict[str, str] = field(default_factory=dict)  # Cité name → language
    phrases: dict[str, str] = field(default_factory=dict)  # short words the demo writes itself
    # language → section → what the Cités working in that language write (`_own`)
    in_language: dict[str, dict[str, Any]] = field(default_factory=dict)


@cache
def content(path: Path = DATA_FILE) -> DemoContent:
    """The data file, read once."""
    data = cast(dict[str, Any], yaml.safe_load(path.read_text(encoding="utf-8")))
    plans = data["plans"]
    showcase = {
        int(year): [PlannedAction(**action) for action in actions]
        for year, actions in plans["val_de_loire"].items()
    }
    return DemoContent(
        remarks=data["remarks"],
        texts=data["texts"],
        lists=data["lists"],
        showcase_plans=showcase,
        catalogue=plans["catalogue"],
        showcase_levels={int(y): levels for y, levels in data["showcase_levels"].items()},
        participants=data["participants"],
        validation=data["validation"],
        team=data["team"],
        not_retained={int(y): r for y, r in plans.get("not_retained", {}).items()},
        tables=data.get("tables") or {},
        countries=data["countries"],
        remarks_before_opening=data["remarks_before_opening"],
        lists_before_opening=data["lists_before_opening"],
        dossier_texts=data["dossier_texts"],
        working_languages=data.get("working_languages") or {},
        phrases=data.get("phrases") or {},
        in_language=data.get("in_language") or {},
    )


def working_language(cite: str) -> str | None:
    """The working language of the demo Cité named `cite` (None: the reference language)."""
    return languages.known(content().working_languages.get(cite))


@dataclass(frozen=True)
class Setting:
    """Where and when a demo Cité writes: its country (whose public bodies the texts name)
    and whether it receives the public yet (texts about practice need it open)."""

    country: str = "France"
    opened: bool = True
    city: str = "Tours"  # the showcase's
    year: int | None = None  # the campaign's: a table holds no row of a later year
    language: str | None = None  # its working language (None: French, the data file's own)


OPEN_IN_FRANCE = Setting()  # the default: the showcase's own setting


def _words(setting: Setting, lang: str | None) -> dict[str, Any]:
    """How the Cité's country names its bodies (and its partners per pole), in the words of
    `lang` where `in_language` gives them, else as the file's `countries` does."""
    data = content()
    own = data.in_language.get(lang, {}).get("countries", {}) if lang else {}
    country = setting.country if setting.country in data.countries else "France"
    return cast(dict[str, Any], data.countries[country] | own.get(country, {}))


def in_setting(text: str, setting: Setting, lang: str | None = None) -> str:
    """`text` with its placeholders ({emploi}, {jeunes}…) named as in the Cité's country, and
    its city as `lang` names it (a text of `in_language`; None: the French of the file)."""
    named = {k: v for k, v in _words(setting, lang).items() if isinstance(v, str)}
    cities = content().in_language.get(lang, {}).get("cities", {}) if lang else {}
    return text.format_map(named | {"ville": cities.get(setting.city, setting.city)})


def _own(setting: Setting, section: str, key: str) -> tuple[Any, str | None]:
    """What the data file's `section` gives for `key`, as the Cité writes it: in its working
    language where `in_language` has it, else the French; and that language (None: French)."""
    lang = setting.language
    written = content().in_language.get(lang, {}).get(section, {}) if lang else {}
    if key in written:
        return written[key], lang
    return cast(dict[str, Any], getattr(content(), section)).get(key), None


def band(questionnaire: Questionnaire, item: Item, value: Any) -> str | None:
    """ "low", "mid" or "high": where an answer stands against the item's thresholds (None for
    an unscored item or not applicable)."""
    if item.kind == ItemKind.yes_no:
        return "high" if value else "low"
    if item.kind != ItemKind.rating or is_not_applicable(questionnaire, item, value):
        return None
    scale = questionnaire.scale(item.scale)
    score = scale.normalised(str(value)) if scale else None
    thresholds = (scale.thresholds if scale else None) or questionnaire.thresholds
    if score is None or thresholds is None:
        return None
    if score >= thresholds.strength_min:
        return "high"
    return "low" if score <= thresholds.improvement_max else "mid"


def remark_for(
    rng: random.Random,
    questionnaire: Questionnaire,
    item: Item,
    value: Any,
    chance: float,
    setting: Setting = OPEN_IN_FRANCE,
) -> tuple[str, str]:
    """A remark that fits the item and its level, and the evidence the item asks, each with
    probability `chance` (empty when the data file has none for that level; no evidence at
    the lowest level, where the document it names is what is missing). A Cité not yet
    open gets only the remarks written for a project (`remarks_before_opening`)."""
    section = "remarks" if setting.opened else "remarks_before_opening"
    found, lang = _own(setting, section, item.id)
    found = found or {}
    level = band(questionnaire, item, value)
    remark = found.get(level or "", "") if item.remark and rng.random() < chance else ""
    evidence = found.get("evidence", "") if item.evidence and rng.random() < chance else ""
    if level == "low":  # the proof of what a Cité does: at the lowest level it does not exist
        evidence = ""
    return in_setting(remark, setting, lang), in_setting(evidence, setting, lang)


def text_for(item: Item, setting: Setting = OPEN_IN_FRANCE) -> str | None:
    """The data file's answer to a text item, in the Cité's language (None: not given)."""
    given, lang = _own(setting, "texts", item.id)
    return None if given is None else in_setting(given, setting, lang)


def rows_for(item: Item, setting: Setting = OPEN_IN_FRANCE) -> list[dict[str, Any]]:
    """The data file's rows for a table item, naming the bodies, city and currency of the
    Cité's setting, none dated after its campaign; else one row with a sample of each
    column."""
    given, lang = _own(setting, "tables", item.id)
    years = [c.id for c in item.columns or [] if c.type is ColumnType.year]
    if given:
        return [
            {k: in_setting(v, setting, lang) if isinstance(v, str) else v for k, v in row.items()}
            for row in given
            if setting.year is None or all(row.get(y, 0) <= setting.year for y in years)
        ]
    samples = {"text": "Exemple", "number": 1200.0, "integer": 3, "year": 2025}
    row = {
        column.id: (column.options[0].id if column.options else samples[column.type.value])
        for column in item.columns or []
    }
    return [row]


def dossier_text(item: Item, setting: Setting = OPEN_IN_FRANCE) -> str:
    """The paragraph a Cité writes for a labelling-file item (its own, in its language and its
    country's words; the project's version while the Cité is not open, where one is given)."""
    given, lang = _own(setting, "dossier_texts", item.id)
    if given is None:  # unknown: its title
        given, lang = item.short(setting.language or languages.REFERENCE), setting.language
    if isinstance(given, dict):
        given = given["open" if setting.opened else "before_opening"]
    return in_setting(str(given), setting, lang)


def entries_for(
    rng: random.Random, item: Item, setting: Setting = OPEN_IN_FRANCE
) -> list[str] | None:
    """Some of the data file's entries for a list item, in the file's order and the Cité's
    language: the partners of its country, its SWOT (the project's while it is not open)."""
    entries, lang = _words(setting, setting.language)["partners"].get(item.id), setting.language
    if not entries and not setting.opened:
        entries, lang = _own(setting, "lists_before_opening", item.id)
    if not entries:
        entries, lang = _own(setting, "lists", item.id)
    if not entries:
        return None
    count = rng.randint(min(2, len(entries)), len(entries))
    chosen = set(rng.sample(range(len(entries)), k=count))
    return [in_setting(entry, setting, lang) for k, entry in enumerate(entries) if k in chosen]


def planned_action(item_id: str, setting: Setting) -> dict[str, Any]:
    """The catalogue's action for an area for improvement, as the Cité writes it (its
    language, its country's bodies)."""
    given, lang = _own(setting, "catalogue", item_id)
    return {k: in_setting(v, setting, lang) for k, v in given.items()}


def phrase(key: str, setting: Setting) -> str:
    """A short phrase the demo writes itself (`phrases`), in the Cité's language."""
    given, _ = _own(setting, "phrases", key)
    return str(given)


def validation(setting: Setting) -> dict[str, str]:
    """The body that validated a Cité's synthesis and plan, and its note, as the Cité
    writes them."""
    return {key: str(_own(setting, "validation", key)[0]) for key in ("body", "note")}


def participants(director: str, cite: str) -> str:
    """Who took part in a Cité's self-assessment, by name and role, one a line, in the
    Cité's working language."""
    data = content().participants
    team = [str(line) for line in data["teams"].get(cite, ())]
    line = data["director_in"].get(working_language(cite) or "", data["director"])
    return "\n".join([str(line).format(director=director), *team])


def team_remark(rng: random.Random, member: int, offset: int) -> str:
    """A team member's remark beside their own rating, `offset` levels from the agreed one
    (the director, member 0, writes none)."""
    if member == 0:
        return ""
    key = "lower" if offset < 0 else "higher" if offset > 0 else "same"
    return rng.choice(content().team[key])


def consensus_rationale(rng: random.Random) -> str:
    """Why the director set an item's answer where the team's views diverged."""
    return rng.choice(content().team["consensus"])
