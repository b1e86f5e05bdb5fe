"""Section sums of submitted responses, computed once in SQL (comparison across campaigns).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "score_cache",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("weighted", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("response_id", "section_id"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("score_cache")
