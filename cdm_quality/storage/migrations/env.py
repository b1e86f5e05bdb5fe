"""Alembic environment: runs on the connection given by `upgrade()`, else on the settings' URL."""

from alembic import context
from sqlmodel import SQLModel

from cdm_quality.storage import tables  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from cdm_quality.settings import get_settings
        from cdm_quality.storage.engine import make_engine

        with make_engine(get_settings().database_url).begin() as connection:
            _migrate(connection)
    else:
        _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
