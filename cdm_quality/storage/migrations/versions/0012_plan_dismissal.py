"""A plan's decisions not to act, each with its reason (`plan_dismissal`): an unfinished
action of an earlier plan not carried over, a recommendation not turned into an action, an
area for improvement left without one.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_dismissal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cite_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["action_id"], ["improvement_action.id"]),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["cite_id"], ["cite.id"]),
        sa.ForeignKeyConstraint(["note_id"], ["review_note.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cite_id", "campaign_id", "action_id", "note_id", "item_id"),
    )
    op.create_index("ix_plan_dismissal_cite_id", "plan_dismissal", ["cite_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_dismissal_cite_id", table_name="plan_dismissal")
    op.drop_table("plan_dismissal")
