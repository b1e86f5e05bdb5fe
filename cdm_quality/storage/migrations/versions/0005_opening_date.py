"""A Cité's opening date, and whether a response's Cité was open to the public.

Questions meant for Cités open to the public follow the opening, not the label phase (a Cité
can be open while in préfiguration). Existing responses count as not open: a Cité in
fonctionnement is open by definition, so nothing they showed changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cite", sa.Column("opened_on", sa.Date(), nullable=True))
    op.add_column(
        "response", sa.Column("opened", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    op.drop_column("response", "opened")
    op.drop_column("cite", "opened_on")
