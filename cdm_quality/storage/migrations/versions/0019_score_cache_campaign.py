"""The score cache names each row's campaign, indexed: a comparison of one campaign read the
cached sums of every year (10 campaigns × 1,000 Cités: 160,000 rows scanned for 16,000). The
cache is derived data: the table is made again empty and `cdm-quality db upgrade` fills it
(readers sum a response live meanwhile).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _create(*, with_campaign: bool) -> None:
    campaign = [sa.Column("campaign_id", sa.Integer(), nullable=False)] if with_campaign else []
    op.create_table(
        "score_cache",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(length=64), nullable=False),
        *campaign,
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("weighted", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("response_id", "section_id"),
        sqlite_with_rowid=False,
    )
    if with_campaign:
        op.create_index("ix_score_cache_campaign", "score_cache", ["campaign_id"])


def upgrade() -> None:
    op.drop_table("score_cache")
    _create(with_campaign=True)


def downgrade() -> None:
    op.drop_table("score_cache")
    _create(with_campaign=False)
