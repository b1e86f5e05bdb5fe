"""What a Cité writes keeps the language it was written in: `answer.language` (its remark,
evidence and text), the same in `answer_history`, and `improvement_action.language`, each the
Cité's working language when saved. Rows written before take their Cité's working language
now (None when it has none: the reference language).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# Each statement whole (no SQL assembled from strings): the table, then how it finds its Cité.
_BACKFILL = {
    "answer": (
        "UPDATE answer SET language = (SELECT cite.language FROM response"
        " JOIN cite ON cite.id = response.cite_id WHERE response.id = answer.response_id)"
    ),
    "answer_history": (
        "UPDATE answer_history SET language = (SELECT cite.language FROM response"
        " JOIN cite ON cite.id = response.cite_id WHERE response.id = answer_history.response_id)"
    ),
    "improvement_action": (
        "UPDATE improvement_action SET language ="
        " (SELECT cite.language FROM cite WHERE cite.id = improvement_action.cite_id)"
    ),
}


def upgrade() -> None:
    for table, backfill in _BACKFILL.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))
        op.execute(sa.text(backfill))


def downgrade() -> None:
    for table in _BACKFILL:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
