"""Run in a fresh interpreter by `test_warmup.py`: warm up, then open every page for every role
and print the packages a page imported that the warm-up had not (one per line)."""

from __future__ import annotations

import sys

from sqlmodel import Session

from cdm_quality.ui import warmup
from cdm_quality.ui.navigation import specs_for
from tests.factories import build_world
from tests.ui.conftest import ROLES, app_database, open_page


def main() -> None:
    with app_database() as engine:
        with Session(engine, expire_on_commit=False) as session:
            world = build_world(session)
        warmup.warm_up()
        before = set(sys.modules)
        for role in ROLES:
            for spec in specs_for(role):
                open_page(spec.key, user_id=world.actor(role).id)
        open_page("login")
        new = set(sys.modules) - before
    print("\n".join(sorted(new)))


if __name__ == "__main__":
    main()
