"""Schema migrations (Alembic), run programmatically: `upgrade(engine)` brings a database to
the newest revision; `cdm-quality db upgrade` and the app's start call it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

HERE = Path(__file__).parent


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every revision up to `revision` (default: the newest) in one transaction."""
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for a database never migrated)."""
    with engine.connect() as connection:
        return current_revision_of(connection)


def head_revision() -> str:
    """The newest revision shipped with the code."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current_revision_of(connection: Connection) -> str | None:
    """The revision of the database behind an open connection."""
    return MigrationContext.configure(connection).get_current_revision()


def move_empty_to(engine: Engine, revision: str) -> None:
    """Bring a database holding no data to `revision` (up or down), e.g. before a restore.

    A schema made without Alembic (`metadata.create_all`, as tests do) counts as the head.
    """
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        current = current_revision_of(connection)
        if current is None and inspect(connection).get_table_names():
            command.stamp(config, "head")
            current = head_revision()
        order = revisions()
        if current is None or order.index(current) < order.index(revision):
            command.upgrade(config, revision)
        elif order.index(current) > order.index(revision):
            command.downgrade(config, revision)
