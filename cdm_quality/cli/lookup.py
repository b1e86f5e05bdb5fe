"""Finding a Cité or a campaign named on the command line, shared by the export commands."""

from __future__ import annotations

import difflib
import unicodedata

from sqlmodel import Session

from cdm_quality.cli.errors import CommandError
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.storage.tables import CampaignPublic, CitePublic


def find_cite(session: Session, given: str) -> CitePublic:
    """The Cité named `given`, with that id, or the only one whose name holds `given` (case and
    accents aside: "namur", "Geneve"); CommandError lists the Cités it could be, or the
    closest names."""
    known = cites.list_cites(session, SYSTEM)
    found = next((c for c in known if c.name == given or str(c.id) == given), None)
    if found is not None:
        return found
    holding = [c for c in known if _folded(given) in _folded(c.name)]
    if len(holding) == 1:
        return holding[0]
    if holding:
        names = ", ".join(repr(c.name) for c in holding)
        raise CommandError(f"{given!r} names {len(holding)} Cités: {names}. Give more of the name.")
    raise CommandError(f"No Cité named {given!r}." + _suggest(given, [c.name for c in known]))


def _folded(text: str) -> str:
    """Lower case without accents or typographic differences, to compare names."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


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
