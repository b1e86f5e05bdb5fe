"""`cdm-quality remind`: email each person what is due for them (meant for a daily scheduler,
e.g. cron). Needs CDM_QUALITY_SMTP_URL; each entry is emailed once only, so running it twice
a day sends nothing new the second time. Exits 1 when an email could not be sent (an address
that is not valid, a server refusal): those stay due, and the next run tries them again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from cdm_quality.services.network import notices
from cdm_quality.settings import get_settings
from cdm_quality.storage.engine import make_engine, session_scope


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remind", help="email each person what is due (daily)")
    p.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="the day to remind for (ISO)"
    )
    p.set_defaults(handler=_remind)


def _remind(args: argparse.Namespace) -> int:
    settings = get_settings()
    if not settings.smtp_url:
        print("no email sent: CDM_QUALITY_SMTP_URL is not set (the in-app inbox shows what is due)")
        return 0
    engine = make_engine(settings.database_url)
    with session_scope(engine) as session:
        mailed = notices.remind(session, today=args.today or dt.date.today(), settings=settings)
    print(f"{mailed.sent} email(s) sent")
    if mailed.failed:
        print(
            f"cdm-quality: {mailed.failed} email(s) could not be sent (see the log above: an "
            "address that is not valid, or the mail server); they stay due for the next run",
            file=sys.stderr,
        )
        return 1
    return 0
