"""The score cache also holds the visible scored answers of conditional items: the rows
cached before lack them, so they are dropped; `cdm-quality db upgrade` fills the cache again
(readers sum a response live meanwhile).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM score_cache"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM score_cache"))  # the older readers add conditional answers
