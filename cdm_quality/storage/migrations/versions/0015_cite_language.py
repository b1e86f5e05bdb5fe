"""Each Cité keeps the working language of the documents it hands in (its labelling file and
8.1): `cite.language`, a code of the product's languages; None reads as the reference language
(French).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cite") as batch:
        batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cite") as batch:
        batch.drop_column("language")
