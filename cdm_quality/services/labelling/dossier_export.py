"""The whole labelling file of a Cité for a campaign as one PDF, at its phase's depth.

7.1–7.4 print the Cité's self-assessment from its grids and 8.2 its partners' feedback
(`services.labelling.self_assessment`); 8.3 without rows prints the evolutions the tool offers.

Readers of the Cité may export it (the label authority any Cité). The items are those the
phase asks (`services.labelling.readiness`); for *fonctionnement*, 8.1.1 and 8.1.2 hold the
synthesis and the improvement plan (`services.plan.plan_report`). Attached files are embedded up to
`MAX_EMBEDDED` bytes in all; every attachment is listed in the annex.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from cdm_quality.domain import languages, table_rows
from cdm_quality.domain.evolutions import EVOLUTIONS
from cdm_quality.domain.questionnaire import ColumnType, Item, ItemKind, Lang, Phase, Questionnaire
from cdm_quality.domain.self_assessment import AXES, FEEDBACK
from cdm_quality.reports.dossier_pdf import Copy as Copy  # re-exported for cli/
from cdm_quality.reports.dossier_pdf import (
    DossierAttachment,
    DossierChart,
    DossierEntry,
    DossierPart,
    DossierReport,
    DossierTable,
    build_dossier_pdf,
)
from cdm_quality.reports.pdf import PlanReport
from cdm_quality.services import plan
from cdm_quality.services.labelling import attachments, readiness, self_assessment
from cdm_quality.services.people.access import Actor, Permission, require
from cdm_quality.storage.tables import AttachmentPublic, ResponseState

MAX_EMBEDDED = 50 * 1024 * 1024  # bytes of files embedded in one PDF
FILLED_ELSEWHERE = frozenset({"8.1.1", "8.1.2"})
NUMERIC = frozenset({ColumnType.number, ColumnType.integer, ColumnType.year})


def dossier_report(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    lang: Lang,
    today: dt.date | None = None,
    edition: Copy = "working",
) -> DossierReport:
    """What the labelling-file PDF shows, in `lang`: the working copy (depth and state of
    each item) or the copy handed in to the label authority (`edition="hand_in"`)."""
    require(actor, Permission.read_files, cite_id)
    found = readiness.readiness(session, actor, cite_id=cite_id, campaign_id=campaign_id)
    response = found.response
    submitted = response is not None and response.state is ResponseState.submitted
    return DossierReport(
        cite=found.cite.name,
        campaign=found.campaign.name,
        phase=found.phase,
        generated_on=today or dt.date.today(),
        validated_by=response.submitted_by if response and submitted else None,
        validated_at=response.submitted_at if response and submitted else None,
        done=found.done,
        asked=len(found.items),
        parts=_parts(found, lang, _from_grids(session, actor, found, lang)),
        attachments=_attachments(session, actor, found) if response else [],
        plan=_plan(session, actor, found, lang, today),
        edition=edition,
        written_in=languages.chosen(found.cite.language),
    )


def still_empty(
    session: Session, actor: Actor, *, cite_id: int, campaign_id: int
) -> list[readiness.ReadinessItem]:
    """The items of the Cité's file that hold nothing yet (`empty_items`)."""
    found = readiness.readiness(session, actor, cite_id=cite_id, campaign_id=campaign_id)
    return empty_items(session, actor, found)


def empty_items(
    session: Session, actor: Actor, found: readiness.Readiness
) -> list[readiness.ReadinessItem]:
    """The items the phase asks under which the hand-in copy prints neither text nor rows:
    named before it is made. 8.1.1 and 8.1.2 are filled from the synthesis and the plan, and
    8.3 without rows prints the evolutions the tool offers, when it has any (`_entry`)."""
    empty = [
        item
        for item in found.items
        if not item.text.strip() and not item.rows and item.number not in FILLED_ELSEWHERE
    ]
    if any(item.item_id == EVOLUTIONS for item in empty) and _evolutions_offered(
        session, actor, found
    ):
        empty = [item for item in empty if item.item_id != EVOLUTIONS]
    return empty


def _evolutions_offered(session: Session, actor: Actor, found: readiness.Readiness) -> bool:
    if found.phase is Phase.projet:  # as `_from_grids`: sections 7 and 8 are not asked
        return False
    ids = {"cite_id": found.cite.id, "campaign_id": found.campaign.id}
    return bool(self_assessment.offered_evolutions(session, actor, **ids, lang=languages.REFERENCE))


def _from_grids(
    session: Session, actor: Actor, found: readiness.Readiness, lang: Lang
) -> self_assessment.FromGrids:
    """What the grids and the history fill in (sections 7 and 8: not asked of a projet)."""
    if found.phase is Phase.projet:
        return self_assessment.FromGrids()
    return self_assessment.from_grids(
        session, actor, cite_id=found.cite.id, campaign_id=found.campaign.id, lang=lang
    )


def _parts(
    found: readiness.Readiness, lang: Lang, grids: self_assessment.FromGrids
) -> list[DossierPart]:
    by_id = {item.item_id: item for item in found.items}
    parts = []
    for section in found.plan.sections:
        entries = [_entry(by_id[i.id], i, lang, grids) for i in section.items if i.id in by_id]
        if entries:
            parts.append(
                DossierPart(
                    number=section.dossier or "",
                    title=section.title(lang),
                    entries=entries,
                    headings={h.dossier: h.title(lang) for h in section.headings or []},
                )
            )
    return parts


def _entry(
    item: readiness.ReadinessItem, planned: Item, lang: Lang, grids: self_assessment.FromGrids
) -> DossierEntry:
    """One item; 7.1–7.4 with the Cité's self-assessment, 8.2 with the partners' feedback,
    8.3 without rows with the evolutions the tool offers."""
    rows = item.rows
    offered = item.item_id == EVOLUTIONS and not rows and bool(grids.evolutions)
    if offered:
        rows = grids.evolutions
    return DossierEntry(
        number=item.number,
        title=item.title(lang),
        depth=item.depth.value,
        state=item.state.value,
        text=item.text,
        since=item.since,
        table=_table(planned, rows, lang) if planned.kind is ItemKind.table else None,
        assessment=grids.axis(item.number) if item.number in AXES else None,
        review=grids.review(item.number),
        feedback=grids.feedback if item.number == FEEDBACK else None,
        offered=offered,
    )


def _table(item: Item, rows: list[dict[str, Any]], lang: Lang) -> DossierTable:
    """A table item's rows as the reader reads them, with its computed totals."""
    columns = item.columns or []
    return DossierTable(
        headings=[table_rows.heading(c, lang) for c in columns],
        numeric=[c.type in NUMERIC for c in columns],
        rows=[[table_rows.cell_text(c, row.get(c.id), lang) for c in columns] for row in rows],
        totals=[table_rows.total_text(t, lang) for t in table_rows.totals(item, rows)],
        chart=_chart(item, rows, lang),
    )


def _chart(item: Item, rows: list[dict[str, Any]], lang: Lang) -> DossierChart | None:
    bars = table_rows.chart_bars(item, rows, lang)
    if bars is None or item.chart is None:
        return None
    return DossierChart(
        title=item.chart.title(lang),
        labels=bars.labels,
        series=bars.series,
        values=bars.values,
        largest=bars.largest,
    )


def _attachments(
    session: Session, actor: Actor, found: readiness.Readiness
) -> list[DossierAttachment]:
    assert found.response is not None
    rid = found.response.id
    listed = attachments.list_attachments(session, actor, response_id=rid)
    contents = attachments.file_contents(session, actor, response_id=rid, limit_bytes=MAX_EMBEDDED)
    order = {item.item_id: n for n, item in enumerate(found.items)}  # the file's order
    kept = sorted((row for row in listed if row.item_id in order), key=lambda r: order[r.item_id])
    return [_attachment(found.plan, row, contents.get(row.id)) for row in kept]


def _attachment(
    plan_: Questionnaire, row: AttachmentPublic, content: bytes | None
) -> DossierAttachment:
    item = plan_.item(row.item_id)
    return DossierAttachment(
        number=(item.dossier or "") if item else "",
        name=row.name,
        size=row.size,
        sha256=row.sha256,
        url=row.url,
        media_type=row.media_type,
        content=content,
    )


def _plan(
    session: Session,
    actor: Actor,
    found: readiness.Readiness,
    lang: Lang,
    today: dt.date | None,
) -> PlanReport | None:
    if found.phase is not Phase.fonctionnement:
        return None
    return plan.plan_report(
        session, actor, cite_id=found.cite.id, campaign_id=found.campaign.id, lang=lang, today=today
    )


def dossier_pdf(
    session: Session,
    actor: Actor,
    *,
    cite_id: int,
    campaign_id: int,
    lang: Lang,
    today: dt.date | None = None,
    edition: Copy = "working",
) -> bytes:
    """The labelling file of the Cité in the campaign as PDF, in `lang` (`edition`: see
    `dossier_report`)."""
    report = dossier_report(
        session,
        actor,
        cite_id=cite_id,
        campaign_id=campaign_id,
        lang=lang,
        today=today,
        edition=edition,
    )
    return build_dossier_pdf(report, lang)
