"""A writer process for the fault tests, meant to be killed with SIGKILL.

    python -m tests.reliability.writer URL USER_ID RESPONSE_ID SEED [--hang-before-commit]

Saves answers to one response through `services.responses.save_answer` until killed and
prints each acknowledged save as one JSON line on stdout, flushed at once: the parent then
knows exactly what the user was told. It prints "ready", then starts on a line from stdin.
With --hang-before-commit the first save stops inside its transaction (rows written, not
committed), prints "in-transaction" and waits to be killed.
"""

from __future__ import annotations

import json
import random
import sys
import time
from typing import Any

from sqlmodel import Session

from cdm_quality.domain.answers import validate_value
from cdm_quality.services import responses
from cdm_quality.services.people.auth import current_actor
from cdm_quality.storage.engine import make_engine, session_scope
from tests.reliability.helpers import bench_module

load = bench_module("load")


def _hang(_session: Session) -> None:
    print("in-transaction", flush=True)
    time.sleep(3600)


def main(argv: list[str]) -> None:
    url, user_id, response_id, seed = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    engine = make_engine(url)
    with session_scope(engine) as session:
        actor = current_actor(session, user_id=user_id)
        view = responses.response_view(session, actor, response_id=response_id)
    if "--hang-before-commit" in argv:
        Session.commit = _hang  # type: ignore[method-assign]
    questionnaire = view.questionnaire
    items = [i for i in questionnaire.items() if i.applies_to(view.response.phase)]
    rng = random.Random(seed)
    print("ready", flush=True)
    sys.stdin.readline()  # "go": every writer starts at once
    for number in range(1_000_000):
        item = rng.choice(items)
        value = load.random_value(questionnaire, item, rng)
        remark = f"writer {seed} #{number}" if item.remark else None
        extra: dict[str, Any] = {} if remark is None else {"remark": remark}
        with session_scope(engine) as session:
            saved = responses.save_answer(
                session, actor, response_id=response_id, item_id=item.id, value=value, **extra
            )
        ack = {
            "response_id": response_id,
            "item_id": item.id,
            "version": saved.version,
            "value": validate_value(questionnaire, item, value),
            "remark": remark,
        }
        print(json.dumps(ack), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
