"""An improvement action as the CAF describes it: the indicator's baseline (where it starts
from), the resources it takes (people-days, budget) and its milestones.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("improvement_action") as batch:
        batch.add_column(
            sa.Column("baseline", sa.String(length=300), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("people_days", sa.Float(), nullable=True))
        batch.add_column(
            sa.Column("budget", sa.String(length=100), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("milestones", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("improvement_action") as batch:
        for name in ("milestones", "budget", "people_days", "baseline"):
            batch.drop_column(name)
