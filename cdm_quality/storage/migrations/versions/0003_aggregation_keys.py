"""Key tables for aggregating answers in the database (follow-up, comparison).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PHASE = sa.Enum(
    "projet", "prefiguration", "fonctionnement", name="phase", native_enum=False, length=20
)


def upgrade() -> None:
    op.create_table(
        "key_set",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "item_key",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("phase", PHASE, nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("section_id", sa.String(length=64), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("conditional", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "phase", "item_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "score_key",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("phase", PHASE, nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.Column("section_id", sa.String(length=64), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("conditional", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "phase", "item_id", "value"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("score_key")
    op.drop_table("item_key")
    op.drop_table("key_set")
