"""What a director or contributor may learn of the other Cités' scores: the disclosure rule.

Figures computed from few Cités give their scores back: with 3 Cités the first quartile,
median and third quartile are enough to solve for the three scores, with 5 they *are* the
middle three; and two selections that differ by one Cité (a country filter, a phase filter)
isolate that Cité when their figures are compared. So, for the network a Cité is compared
with (the other Cités' submitted self-assessments of one campaign and questionnaire):

1. a median is given only when it comes from at least `MEDIAN_MIN` Cités, the first and third
   quartiles only from at least `QUARTILES_MIN`;
2. two selections a director can make (every phase or one, every country or one) whose Cités
   differ, either way, by 1 to `DIFFERENCE_MIN - 1` Cités never both get a figure: the
   selections are decided broadest first, so the whole network keeps its figures and the
   narrower one loses them;
3. each figure (a section's, the whole questionnaire's) is decided on the Cités that have a
   score for it.

The services add: only submitted self-assessments count for directors (a draft changes with
each save), and the distribution of answers — counts, which add up, so that any two of them
can be subtracted — is given to them for the whole network only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cdm_quality.domain.questionnaire import Phase

MEDIAN_MIN = 5
QUARTILES_MIN = 10
DIFFERENCE_MIN = 5
OVERALL = ""  # the key of the whole questionnaire's figure beside section ids

Selection = tuple[Phase | None, str | None]  # (phase, country); None: every one


@dataclass(frozen=True)
class Member:
    """One other Cité's response: where it sits, and its scores by key (section id, or
    `OVERALL`), None where it has none."""

    response_id: int
    phase: Phase
    country: str
    scores: Mapping[str, float | None] = field(default_factory=dict)

    def within(self, selection: Selection) -> bool:
        phase, country = selection
        same_phase = phase is None or self.phase == phase
        return same_phase and (country is None or self.country == country)


@dataclass(frozen=True)
class Release:
    """The keys whose median, and whose quartiles, may be given for one selection."""

    median: frozenset[str] = frozenset()
    quartiles: frozenset[str] = frozenset()


def release(members: Sequence[Member], selection: Selection) -> Release:
    """What may be given of the figures of `selection` over `members`."""
    keys = sorted({key for member in members for key in member.scores})
    return Release(
        median=frozenset(k for k in keys if _released(members, k, selection, MEDIAN_MIN)),
        quartiles=frozenset(k for k in keys if _released(members, k, selection, QUARTILES_MIN)),
    )


def selections(members: Iterable[Member]) -> list[Selection]:
    """Every selection a director can make that holds at least one of `members`."""
    found = list(members)
    phases: list[Phase | None] = [None, *sorted({m.phase for m in found})]
    countries: list[str | None] = [None, *sorted({m.country for m in found})]
    return [(phase, country) for phase in phases for country in countries]


def _released(members: Sequence[Member], key: str, wanted: Selection, minimum: int) -> bool:
    groups = {
        chosen: frozenset(
            m.response_id for m in members if m.within(chosen) and m.scores.get(key) is not None
        )
        for chosen in selections(members)
    }
    kept: list[frozenset[int]] = []
    for chosen in sorted(groups, key=lambda s: (-len(groups[s]), _specificity(s), str(s))):
        group = groups[chosen]
        if len(group) >= minimum and all(_apart(group, other) for other in kept):
            if chosen == wanted:
                return True
            kept.append(group)
    return False


def _specificity(selection: Selection) -> int:
    return sum(part is not None for part in selection)


def _apart(group: frozenset[int], other: frozenset[int]) -> bool:
    """Whether comparing the two groups isolates no fewer than DIFFERENCE_MIN Cités."""
    extras = (group - other, other - group)
    return all(not extra or len(extra) >= DIFFERENCE_MIN for extra in extras)
