"""The team rates on its own before the consensus: each member's rating of a scored item
(`item_rating`), the director's rationale for the consensus answer (`item_consensus`), and the
campaign an assessor account may rate (`app_user.campaign_id`).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
    op.create_table(
        "item_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "item_id", "user_id"),
    )
    op.create_index("ix_item_rating_response_id", "item_rating", ["response_id"])
    op.create_index("ix_item_rating_user_id", "item_rating", ["user_id"])
    op.create_table(
        "item_consensus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.ForeignKeyConstraint(["set_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "item_id"),
    )
    op.create_index("ix_item_consensus_response_id", "item_consensus", ["response_id"])


def downgrade() -> None:
    op.drop_index("ix_item_consensus_response_id", table_name="item_consensus")
    op.drop_table("item_consensus")
    op.drop_index("ix_item_rating_user_id", table_name="item_rating")
    op.drop_index("ix_item_rating_response_id", table_name="item_rating")
    op.drop_table("item_rating")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("campaign_id")
