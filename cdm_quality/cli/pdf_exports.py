"""`cdm-quality export-plan` (the 8.1.1 + 8.1.2 PDF) and `export-dossier` (the whole labelling
file at the phase's depth) of one Cité in one campaign.

Acts as the command-line system actor (reads every Cité) on the database of
CDM_QUALITY_DATABASE_URL. Service errors become messages in `cli.main`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from cdm_quality.cli import targets
from cdm_quality.cli.language import lang_option
from cdm_quality.cli.lookup import find_campaign, find_cite
from cdm_quality.domain import languages
from cdm_quality.domain.questionnaire import Lang
from cdm_quality.services import plan
from cdm_quality.services.labelling import dossier_export
from cdm_quality.services.labelling.dossier_export import Copy
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import make_engine, session_scope
from cdm_quality.storage.tables import CampaignPublic, CitePublic

CITE_LANGUAGE = "the Cité's working language"


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-plan", help="write a Cité's synthesis and improvement plan as PDF")
    _which_pdf(p)
    p.add_argument("--no-annex", action="store_true", help="leave out the annex of every answer")
    p.set_defaults(handler=_export_plan)

    p = sub.add_parser("export-dossier", help="write a Cité's whole labelling file as PDF")
    _which_pdf(p)
    p.add_argument(
        "--copy",
        choices=["working", "hand-in"],
        default="working",
        help="working: each item's depth and state; hand-in: the copy for the label authority, "
        "without working lines (the items still empty are named first)",
    )
    p.set_defaults(handler=_export_dossier)


def _which_pdf(p: argparse.ArgumentParser) -> None:
    """The arguments every export shares: which Cité, campaign and language, and where to."""
    p.add_argument("--cite", required=True, help="the Cité's name, a unique part of it, or id")
    p.add_argument("--campaign", required=True, help="the campaign's name (or year)")
    p.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    p.add_argument("--lang", **lang_option("language of the PDF", default=CITE_LANGUAGE))


# What an export writes: the PDF of the Cité in the campaign, in the language, as SYSTEM.
MakePdf = Callable[[Session, CitePublic, CampaignPublic, Lang], bytes]


def _export(args: argparse.Namespace, make: MakePdf) -> int:
    """Find the Cité and campaign named, make the PDF, write it to `--out` and say so."""
    engine = make_engine(get_settings().database_url)
    targets.checked(args.out)  # before the PDF is made, and again when it is written
    with session_scope(engine) as session:
        cite = find_cite(session, args.cite)
        campaign = find_campaign(session, args.campaign)
        lang = args.lang or languages.chosen(cite.language)
        start = time.perf_counter()
        pdf = make(session, cite, campaign, lang)
        elapsed = time.perf_counter() - start
    targets.write_bytes(args.out, pdf)
    print(f"wrote {args.out}: {cite.name}, {campaign.name}, {len(pdf):,} bytes in {elapsed:.2f} s")
    return 0


def _export_plan(args: argparse.Namespace) -> int:
    def make(session: Session, cite: CitePublic, campaign: CampaignPublic, lang: Lang) -> bytes:
        return plan.plan_pdf(
            session,
            SYSTEM,
            cite_id=cite.id,
            campaign_id=campaign.id,
            lang=lang,
            annex=not args.no_annex,
        )

    return _export(args, make)


def _export_dossier(args: argparse.Namespace) -> int:
    edition: Copy = "hand_in" if args.copy == "hand-in" else "working"

    def make(session: Session, cite: CitePublic, campaign: CampaignPublic, lang: Lang) -> bytes:
        if edition == "hand_in":
            empty = dossier_export.still_empty(
                session, SYSTEM, cite_id=cite.id, campaign_id=campaign.id
            )
            for item in empty:
                print(f"still empty: {item.number} {item.title(lang)}", file=sys.stderr)
        return dossier_export.dossier_pdf(
            session,
            SYSTEM,
            cite_id=cite.id,
            campaign_id=campaign.id,
            lang=lang,
            edition=edition,
        )

    return _export(args, make)
