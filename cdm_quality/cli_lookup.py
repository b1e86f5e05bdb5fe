"""Finding a Cité or a campaign named on the command line, shared by the export commands."""

from __future__ import annotations

import difflib

from sqlmodel import Session

from cdm_quality.cli_errors import CommandError
from cdm_quality.services import campaigns, cites
from cdm_quality.services.access import SYSTEM
from cdm_quality.storage.tables import CampaignPublic, CitePublic


def find_cite(session: Session, given: str) -> CitePublic:
    """The Cité named `given` (or with that id); CommandError suggests the closest names."""
    known = cites.list_cites(session, SYSTEM)
    found = next((c for c in known if c.name == given or str(c.id) == given), None)
    if found is None:
        raise CommandError(f"No Cité named {given!r}." + _suggest(given, [c.name for c in known]))
    return found


def find_campaign(session: Session, given: str) -> CampaignPublic:
    """The campaign named `given` (or of that year); CommandError lists the campaigns."""
    known = campaigns.list_campaigns(session, SYSTEM)
    found = next((c for c in known if c.name == given or str(c.year) == given), None)
    if found is None:
        names = ", ".join(repr(c.name) for c in known) or "none yet"
        raise CommandError(f"No campaign named {given!r}. Campaigns: {names}.")
    return found


def _suggest(given: str, names: list[str]) -> str:
    close = difflib.get_close_matches(given, names, n=3, cutoff=0.6)
    if close:
        return " Did you mean " + " or ".join(repr(n) for n in close) + "?"
    return f" {len(names)} Cités are known; check the spelling (accents included)."
