"""The label authority's reason for reopening a self-assessment, kept on the response so the
Cité reads it (the audit history keeps every reason too).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "response", sa.Column("reopen_reason", sa.Text(), server_default="", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("response", "reopen_reason")
