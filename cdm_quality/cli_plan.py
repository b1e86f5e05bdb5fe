"""`cdm-quality export-plan`: the 8.1.1 + 8.1.2 PDF of one Cité in one campaign.

Acts as the command-line system actor (reads every Cité) on the database of
CDM_QUALITY_DATABASE_URL. Service errors become messages in `cli.main`.
"""

from __future__ import annotations

import argparse
import difflib
import time
from pathlib import Path

from sqlmodel import Session

from cdm_quality.services import campaigns, cites, plan
from cdm_quality.services.access import SYSTEM
from cdm_quality.services.errors import NotFound
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import make_engine, session_scope
from cdm_quality.storage.tables import CampaignPublic, CitePublic


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-plan", help="write a Cité's synthesis and improvement plan as PDF")
    p.add_argument("--cite", required=True, help="the Cité's name (or id)")
    p.add_argument("--campaign", required=True, help="the campaign's name (or year)")
    p.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    p.add_argument("--lang", choices=["fr", "en"], default="fr", help="language of the PDF")
    p.set_defaults(handler=_export_plan)


def _export_plan(args: argparse.Namespace) -> int:
    engine = make_engine(get_settings().database_url)
    with session_scope(engine) as session:
        cite = find_cite(session, args.cite)
        campaign = find_campaign(session, args.campaign)
        start = time.perf_counter()
        pdf = plan.plan_pdf(
            session, SYSTEM, cite_id=cite.id, campaign_id=campaign.id, lang=args.lang
        )
        elapsed = time.perf_counter() - start
    args.out.write_bytes(pdf)
    print(f"wrote {args.out}: {cite.name}, {campaign.name}, {len(pdf):,} bytes in {elapsed:.2f} s")
    return 0


def find_cite(session: Session, given: str) -> CitePublic:
    """The Cité named `given` (or with that id); NotFound suggests the closest names."""
    known = cites.list_cites(session, SYSTEM)
    found = next((c for c in known if c.name == given or str(c.id) == given), None)
    if found is None:
        raise NotFound(f"No Cité named {given!r}." + _suggest(given, [c.name for c in known]))
    return found


def find_campaign(session: Session, given: str) -> CampaignPublic:
    """The campaign named `given` (or of that year); NotFound lists the campaigns."""
    known = campaigns.list_campaigns(session, SYSTEM)
    found = next((c for c in known if c.name == given or str(c.year) == given), None)
    if found is None:
        names = ", ".join(repr(c.name) for c in known) or "none yet"
        raise NotFound(f"No campaign named {given!r}. Campaigns: {names}.")
    return found


def _suggest(given: str, names: list[str]) -> str:
    close = difflib.get_close_matches(given, names, n=3, cutoff=0.6)
    if close:
        return " Did you mean " + " or ".join(repr(n) for n in close) + "?"
    return f" {len(names)} Cités are known; check the spelling (accents included)."
