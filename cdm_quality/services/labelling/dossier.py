"""The labelling-file matrix: for each dossier item, the depth asked in each label phase.

This is the table of seed 003 read back from `questionnaires/dossier.yaml`, so that the
label authority and the Cités can check the plan the product asks for.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from cdm_quality.domain import languages
from cdm_quality.domain.questionnaire import PHASES, DossierLevel, Lang, Phase, Questionnaire

CSV_HEADER: tuple[str, ...] = ("item", "title", *(phase.value for phase in PHASES))


@dataclass(frozen=True)
class MatrixRow:
    """One dossier item: its number, its title and its level id per phase ("" if not asked)."""

    item: str
    title: str
    levels: dict[Phase, str]

    def cells(self) -> list[str]:
        return [self.item, self.title, *(self.levels[phase] for phase in PHASES)]


def dossier_matrix(q: Questionnaire, *, lang: Lang = languages.REFERENCE) -> list[MatrixRow]:
    """One row per item that has a dossier number, in questionnaire order."""
    return [
        MatrixRow(
            item=item.dossier,
            title=item.text(lang),
            levels={phase: _level(item.phase_levels, phase) for phase in PHASES},
        )
        for item in q.items()
        if item.dossier is not None
    ]


def _level(phase_levels: dict[Phase, DossierLevel] | None, phase: Phase) -> str:
    level = (phase_levels or {}).get(phase)
    return level.value if level is not None else ""


def render_csv(rows: list[MatrixRow]) -> str:
    """The matrix as CSV with the header `item,title,projet,prefiguration,fonctionnement`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(row.cells() for row in rows)
    return buffer.getvalue()


def render_markdown(rows: list[MatrixRow]) -> str:
    """The matrix as a Markdown table, one line per item."""
    lines = [_markdown_line(CSV_HEADER), _markdown_line(["---"] * len(CSV_HEADER))]
    lines += [_markdown_line(row.cells()) for row in rows]
    return "\n".join(lines) + "\n"


def _markdown_line(cells: list[str] | tuple[str, ...]) -> str:
    escaped = (cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") for cell in cells)
    return "| " + " | ".join(escaped) + " |"
