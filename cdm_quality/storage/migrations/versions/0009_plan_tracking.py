"""8.1 that a director hands in: who took part in each self-assessment, the steering
committee's validation, and an action's target, result, completion date and abandon reason.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("response") as batch:
        batch.add_column(sa.Column("participants", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("improvement_action") as batch:
        batch.add_column(sa.Column("target", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("result", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("completed_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("abandon_reason", sa.String(1000), nullable=False, server_default="")
        )
    op.create_table(
        "plan_validation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cite_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("validated_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["cite_id"], ["cite.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cite_id", "campaign_id"),
    )
    op.create_index("ix_plan_validation_cite_id", "plan_validation", ["cite_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_validation_cite_id", table_name="plan_validation")
    op.drop_table("plan_validation")
    with op.batch_alter_table("improvement_action") as batch:
        for column in ("abandon_reason", "completed_on", "result", "target"):
            batch.drop_column(column)
    with op.batch_alter_table("response") as batch:
        batch.drop_column("participants")
