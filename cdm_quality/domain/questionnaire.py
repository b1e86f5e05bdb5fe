"""The questionnaire format: pydantic models of a grid read from `questionnaires/*.yaml`.

A questionnaire has bilingual texts, named ordered scales, sections of items and the
classification thresholds that say which normalised scores count as a strength or as an
area for improvement. Cross-references (scale names, `visible_if`, unique ids) are checked
by `cdm_quality.domain.loader`, which turns every problem into a catalogue message.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cdm_quality.domain import languages
from cdm_quality.domain.languages import Lang as Lang  # where most modules import it from

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", min_length=1, max_length=64)
]
TITLE_MAX = 80  # an item's short title
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class Phase(StrEnum):
    """The three label phases of a Cité des métiers, in order."""

    projet = "projet"
    prefiguration = "prefiguration"
    fonctionnement = "fonctionnement"


PHASES: tuple[Phase, ...] = tuple(Phase)


def is_open(phase: Phase | str | None, opened: bool) -> bool:
    """Whether a Cité receives the public: it says so (`opened`, from its opening date), or it
    is in *fonctionnement*, which means fully open. An unknown phase counts as open."""
    return opened or phase is None or Phase(phase) is Phase.fonctionnement


def _asked(
    phases: list[Phase] | None,
    open_only: bool,
    phase: Phase | str | None,
    opened: bool,
    before_opening: bool = False,
) -> bool:
    in_phase = phase is None or phases is None or Phase(phase) in phases
    if before_opening and phase is not None and is_open(phase, opened):
        return False
    return in_phase and (not open_only or is_open(phase, opened))


class DossierLevel(StrEnum):
    """Depth asked of a labelling-file item in a phase (seed 003)."""

    signaler = "signaler"
    approfondir = "approfondir"
    actualiser = "actualiser"


class ItemKind(StrEnum):
    rating = "rating"
    yes_no = "yes_no"
    single_choice = "single_choice"
    multiple_choice = "multiple_choice"
    short_text = "short_text"
    long_text = "long_text"
    number = "number"
    date = "date"
    entries = "list"
    status_text = "status_text"
    table = "table"


SCORED_KINDS = frozenset({ItemKind.rating, ItemKind.yes_no})


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(BaseModel):
    """A text in the product's languages (`domain.languages`), one key per language code:
    French, the reference, is required; a language left out reads as the French (`missing`
    says which are, `tests/test_languages.py` lists them for the shipped questionnaires)."""

    model_config = ConfigDict(extra="allow", frozen=True, allow_inf_nan=False)
    __pydantic_extra__: dict[str, NonEmpty] = Field(init=False)
    fr: NonEmpty  # the reference language (`languages.REFERENCE`)

    @model_validator(mode="after")
    def _known_languages(self) -> Text:
        for code in self.model_extra or {}:
            if languages.known(code) is None:
                raise PydanticCustomError(
                    "unknown_language", "no language has the code {key}", {"key": code}
                )
        return self

    def __call__(self, lang: Lang) -> str:
        if lang == languages.REFERENCE:
            return self.fr
        return (self.model_extra or {}).get(lang) or self.fr

    def written(self) -> dict[Lang, str]:
        """The text in each language it is written in, French first."""
        return {languages.REFERENCE: self.fr, **(self.model_extra or {})}

    def missing(self) -> tuple[Lang, ...]:
        """The product's languages this text is not written in (shown in French)."""
        written = {languages.REFERENCE, *(self.model_extra or {})}
        return tuple(code for code in languages.codes() if code not in written)

    @classmethod
    def of(cls, worded: dict[Lang, str]) -> Text:
        """The text written `worded[code]` in each language."""
        return cls.model_validate(worded)


class Level(Model):
    id: Identifier
    label: Text
    value: float
    help: Text | None = None


class NotApplicable(Model):
    id: Identifier
    label: Text


class Thresholds(Model):
    """Normalised score (0..1) at or above which an item is a strength, at or below which it is
    an area for improvement; anything between is neutral."""

    strength_min: float = Field(ge=0, le=1)
    improvement_max: float = Field(ge=0, le=1)


class Scale(Model):
    id: Identifier
    label: Text
    levels: list[Level] = Field(min_length=2)
    not_applicable: NotApplicable | None = None
    thresholds: Thresholds | None = None  # overrides the questionnaire's own

    def level(self, level_id: str) -> Level | None:
        return next((lvl for lvl in self.levels if lvl.id == level_id), None)

    def level_ids(self) -> list[str]:
        ids = [lvl.id for lvl in self.levels]
        return ids + ([self.not_applicable.id] if self.not_applicable else [])

    def normalised(self, level_id: str) -> float | None:
        """Position of a level between the lowest (0) and highest (1) value; None for N/A."""
        level = self.level(level_id)
        if level is None:
            return None
        values = [lvl.value for lvl in self.levels]
        low, high = min(values), max(values)
        return 0.0 if high == low else (level.value - low) / (high - low)


class SourceDocument(StrEnum):
    """Where a criterion comes from: the network's Charter or one of the source documents of
    the domain (the seed documents, numbered as they are filed)."""

    charte = "charte"
    phases = "000"  # the three label phases (Namur's account)
    spring_school = "001"  # Spring School 2017: the label's future, professionalisation
    fonctionnement = "002"  # how a Cité works: three working principles
    dossier = "003"  # the labelling-file plan and the detail of its items
    lettre_reseau = "004"  # the network's 2018 letter: CDM21, trainings, joint projects


class Source(Model):
    """The document and passage a criterion is drawn from, shown beside it."""

    document: SourceDocument
    passage: Text


class Option(Model):
    id: Identifier
    label: Text


class ColumnType(StrEnum):
    """What a cell of a table item holds."""

    text = "text"
    number = "number"  # a decimal number, e.g. an amount or a full-time equivalent
    integer = "integer"  # a whole number, e.g. a quantity
    year = "year"  # a year, 1900–2100
    choice = "choice"  # one of the column's options


class TableColumn(Model):
    """One column of a table item: its cells' type, unit, whether a row needs it, the values
    allowed (`options`, for a choice) and whether its numbers are added up in a total row
    (`total`, per value of the column named by `total_by`, e.g. per currency)."""

    id: Identifier
    label: Text
    type: ColumnType = ColumnType.text
    unit: Text | None = None
    required: bool = False
    options: list[Option] | None = None
    min: float | None = None
    max: float | None = None
    max_length: int = Field(default=500, ge=1, le=5000)
    total: bool = False
    total_by: Identifier | None = None

    def option_label(self, option_id: object, lang: Lang) -> str:
        found = next((o for o in self.options or [] if o.id == option_id), None)
        return found.label(lang) if found else str(option_id)


class TableChart(Model):
    """A bar chart of a table item: one bar per value of the column `by` (an option's label,
    a year, a text), of the sum of the column `value` (the number of rows when absent), one
    bar per value of the column `series` side by side when given (e.g. per year)."""

    by: Identifier
    value: Identifier | None = None
    series: Identifier | None = None
    title: Text


class VisibleIf(Model):
    """Show an item only when another item's answer equals one of the given values
    (`equals` or `in`), or, with neither, when that item is answered at all."""

    item: Identifier
    equals: str | bool | float | None = None
    in_: list[str | bool | float] | None = Field(default=None, alias="in")

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    def expected(self) -> list[str | bool | float] | None:
        if self.equals is not None:
            return [self.equals]
        return list(self.in_) if self.in_ is not None else None


class Item(Model):
    id: Identifier
    kind: ItemKind
    title: Text | None = None  # a short name (tables, charts, plan); the text when absent
    text: Text
    help: Text | None = None
    required: bool = False
    scale: Identifier | None = None  # rating, status_text and table
    columns: list[TableColumn] | None = None  # table
    max_rows: int = Field(default=100, ge=1, le=500)  # table
    chart: TableChart | None = None  # table: drawn from its rows on the page and in the PDF
    options: list[Option] | None = None  # single_choice and multiple_choice
    unit: Text | None = None  # number
    min: float | None = None  # number
    max: float | None = None  # number
    integer: bool = False  # number
    max_entries: int = Field(default=30, ge=1, le=200)  # list
    max_length: int = Field(default=5000, ge=1, le=20000)  # texts
    dossier: str | None = Field(default=None, pattern=r"^[1-8](\.\d+){0,2}$")
    phases: list[Phase] | None = None  # None: every phase
    phase_levels: dict[Phase, DossierLevel] | None = None  # labelling-file plan only
    open_only: bool = False  # asked only of a Cité open to the public, whatever its phase
    before_opening: bool = False  # asked only of a Cité not yet open to the public
    visible_if: VisibleIf | None = None
    remark: bool = True
    evidence: bool = False
    weight: float = Field(default=1.0, ge=0, le=100)
    # Required in every questionnaire file (the loader refuses an item without it); absent
    # only in the frozen copies of campaigns opened before sources existed.
    source: Source | None = None

    def applies_to(self, phase: Phase | str | None, opened: bool = False) -> bool:
        """Asked of a Cité in `phase`, open to the public (`opened`) or not."""
        return _asked(self.phases, self.open_only, phase, opened, self.before_opening)

    def asked_in(self, phase: Phase | str | None) -> bool:
        """Asked of some Cité in `phase`, whether it is open to the public or not yet."""
        return self.applies_to(phase, False) or self.applies_to(phase, True)

    def short(self, lang: Lang) -> str:
        """The item's short name in `lang`: its title, else its text cut to TITLE_MAX."""
        if self.title is not None:
            return self.title(lang)
        text = " ".join(self.text(lang).split())
        if len(text) <= TITLE_MAX:
            return text
        return text[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"

    @field_validator("title")
    @classmethod
    def _title_short(cls, title: Text | None) -> Text | None:
        if title is not None and max(map(len, title.written().values())) > TITLE_MAX:
            raise ValueError(f"a title is at most {TITLE_MAX} characters; shorten it")
        return title

    @property
    def scored(self) -> bool:
        return self.kind in SCORED_KINDS and self.weight > 0


class Heading(Model):
    """A labelling-file heading that groups items without being one (1.2 over 1.2.1–1.2.4)."""

    dossier: str = Field(pattern=r"^[1-8](\.\d+){1,2}$")
    title: Text


class Section(Model):
    id: Identifier
    title: Text
    description: Text | None = None
    dossier: str | None = Field(default=None, pattern=r"^[1-8](\.\d+){0,2}$")
    headings: list[Heading] | None = None  # labelling-file plan: parents of sub-items
    phases: list[Phase] | None = None
    open_only: bool = False  # asked only of a Cité open to the public, whatever its phase
    items: list[Item]

    def applies_to(self, phase: Phase | str | None, opened: bool = False) -> bool:
        """Asked of a Cité in `phase`, open to the public (`opened`) or not."""
        return _asked(self.phases, self.open_only, phase, opened)

    def asked_in(self, phase: Phase | str | None) -> bool:
        """Asked of some Cité in `phase`, whether it is open to the public or not yet."""
        return self.applies_to(phase, False) or self.applies_to(phase, True)


class Questionnaire(Model):
    id: Identifier
    version: NonEmpty
    title: Text
    description: Text | None = None
    scales: list[Scale] = Field(default_factory=list)
    thresholds: Thresholds = Thresholds(strength_min=0.75, improvement_max=0.4)
    sections: list[Section] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        """`version: 2026.1` written without quotes is still a version string."""
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )

    def scale(self, scale_id: str | None) -> Scale | None:
        return next((s for s in self.scales if s.id == scale_id), None)

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items() if i.id == item_id), None)

    def section_of(self, item_id: str) -> Section | None:
        return next((s for s in self.sections if any(i.id == item_id for i in s.items)), None)

    def thresholds_for(self, item: Item) -> Thresholds:
        scale = self.scale(item.scale)
        return scale.thresholds if scale and scale.thresholds else self.thresholds

    def allowed_values(self, item: Item) -> list[str | bool] | None:
        """Values a closed item can take (for `visible_if`); None for open items."""
        if item.kind == ItemKind.yes_no:
            return [True, False]
        if item.kind in (ItemKind.rating, ItemKind.status_text, ItemKind.table):
            scale = self.scale(item.scale)
            return [*scale.level_ids()] if scale else []
        if item.kind in (ItemKind.single_choice, ItemKind.multiple_choice):
            return [o.id for o in item.options or []]
        return None
