"""Data subcommands of `cdm-quality`: db upgrade, user add|passwd|list, demo, backup, restore.

They act as the command-line system actor (admin rights) on the database of
CDM_QUALITY_DATABASE_URL. Service errors are turned into messages by `cli.main`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import select

from cdm_quality import demo
from cdm_quality.cli import targets
from cdm_quality.cli.errors import CommandError
from cdm_quality.cli.lookup import find_cite
from cdm_quality.domain import languages
from cdm_quality.services import backup
from cdm_quality.services.network import publication
from cdm_quality.services.people import users
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.scores import aggregates, keys
from cdm_quality.settings import get_settings
from cdm_quality.storage import migrations
from cdm_quality.storage.engine import make_engine, session_scope
from cdm_quality.storage.tables import Cite, Role


def _engine() -> Engine:
    return make_engine(get_settings().database_url)


def _migrated_engine() -> Engine:
    """The engine, with the schema brought up to date first (commands that write)."""
    engine = _engine()
    migrations.upgrade(engine)
    return engine


def _db_upgrade(args: argparse.Namespace) -> int:
    engine = _engine()
    before = migrations.current_revision(engine)
    migrations.upgrade(engine)
    after = migrations.current_revision(engine)
    print(f"database at revision {after}" + ("" if before == after else f" (was {before})"))
    with session_scope(engine) as session:
        keys.ensure_every_key(session)  # campaigns frozen before keys were built at freezing
        published = publication.publish_closed(session)
        aggregates.cache_every_campaign(session)  # submissions made before the cache existed
    for name in published:
        print(f"network figures of {name} published (closed before they were kept)")
    return 0


_NO_TERMINAL = (
    "No terminal to ask the password on; give it on standard input with --password-stdin "
    "(e.g. `printf '%s\\n' \"$PASSWORD\" | cdm-quality user passwd LOGIN --password-stdin`). "
    "Nothing was changed."
)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        try:
            return sys.stdin.readline().rstrip("\r\n")
        except UnicodeDecodeError:
            raise CommandError(
                "The password given on standard input is not UTF-8 text; nothing was changed."
            ) from None
    if not sys.stdin.isatty():
        raise CommandError(_NO_TERMINAL)
    try:
        first = getpass.getpass("Password: ")
        again = getpass.getpass("Same password again: ")
    except EOFError:
        raise CommandError(_NO_TERMINAL) from None
    if again != first:
        raise CommandError("The two passwords differ; nothing was changed.")
    return first


def _cite_id(session, given: str | None) -> int | None:
    if given is None:
        return None
    return find_cite(session, given).id


def _user_add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    with session_scope(_migrated_engine()) as session:
        user = users.add_user(
            session,
            SYSTEM,
            login=args.login,
            name=args.name,
            password=password,
            role=Role(args.role),
            email=args.email,
            cite_id=_cite_id(session, args.cite),
            language=args.lang,
        )
    print(f"account {user.login} created ({user.role.value})")
    return 0


def _user_passwd(args: argparse.Namespace) -> int:
    password = _read_password(args)
    with session_scope(_migrated_engine()) as session:
        users.change_password(session, SYSTEM, login=args.login, new_password=password)
    print(f"password of {args.login} changed")
    return 0


def _user_list(args: argparse.Namespace) -> int:
    with session_scope(_engine()) as session:
        names = {c.id: c.name for c in session.exec(select(Cite)).all()}
        for user in users.list_users(session, SYSTEM):
            cite = f"{names.get(user.cite_id, '')} (#{user.cite_id})" if user.cite_id else "-"
            state = "" if user.active else "  [disabled]"
            print(f"{user.login:<20} {user.role.value:<12} {user.name:<32} {cite}{state}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    if not (get_settings().uses_embedded_database() or args.named_database):
        print(
            "CDM_QUALITY_DATABASE_URL names a database: demo not loaded (its passwords are "
            "public). Load it there on purpose with `cdm-quality demo --named-database`.",
            file=sys.stderr,
        )
        return 0 if args.if_empty else 1
    summary = demo.load_demo_once(
        _migrated_engine(),
        directory=args.questionnaires or get_settings().questionnaires_path(),
        if_empty=args.if_empty,
    )
    if summary is None:
        print("the database already holds data: demo not loaded")
        return 0
    print(
        f"demo loaded: {summary.cites} Cités, {summary.users} accounts, "
        f"{summary.campaigns} campaigns, {summary.responses} responses, "
        f"{summary.answers} answers, {summary.actions} improvement actions"
    )
    return 0


def _backup(args: argparse.Namespace) -> int:
    rows = backup.write_backup(_engine(), SYSTEM, targets.checked(args.file))
    print(f"backup written to {args.file} ({rows} rows)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    counts = backup.restore_file(_engine(), SYSTEM, args.file, accept_unsigned=args.accept_unsigned)
    print(f"restored {sum(counts.values())} rows from {args.file}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the data subcommands on the main parser's subparsers."""
    p = sub.add_parser("db", help="database schema")
    db = p.add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply the migrations").set_defaults(handler=_db_upgrade)

    p = sub.add_parser("user", help="user accounts")
    user = p.add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("login")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument(
        "--cite", help="the Cité's id, name or a unique part of it (directors, contributors)"
    )
    add.add_argument("--email")
    add.add_argument(
        "--lang",
        choices=languages.codes(),
        help="the language of the person's emails until they choose one (default: French)",
    )
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(handler=_user_add)
    passwd = user.add_parser("passwd", help="set an account's password (clears throttling)")
    passwd.add_argument("login")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(handler=_user_passwd)
    user.add_parser("list", help="list the accounts").set_defaults(handler=_user_list)

    p = sub.add_parser("demo", help="fill an empty database with the demo network")
    p.add_argument("--if-empty", action="store_true", help="do nothing if data exists")
    p.add_argument(
        "--named-database",
        action="store_true",
        help="also into a database named by CDM_QUALITY_DATABASE_URL (its passwords are public)",
    )
    p.add_argument(
        "--questionnaires",
        type=Path,
        help="default: CDM_QUALITY_QUESTIONNAIRES_DIR or the shipped files",
    )
    p.set_defaults(handler=_demo)

    p = sub.add_parser("backup", help="write every table to FILE (JSON lines)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_backup)

    p = sub.add_parser("restore", help="load a backup FILE into an empty database")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--accept-unsigned",
        action="store_true",
        help="also restore a file whose signature cannot be verified with this deployment's "
        "backup key (made before signatures, or signed with another key); only for a file you "
        "know nobody edited",
    )
    p.set_defaults(handler=_restore)
