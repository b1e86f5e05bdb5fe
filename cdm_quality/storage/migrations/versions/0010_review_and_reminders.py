"""Review by the label authority and deadlines: a campaign's due date, the authority's
comments, recommendations and reservations (answered by the Cité, linked to a plan action),
the recommendations a labelling decision rests on, and the emails already sent.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("due_on", sa.Date(), nullable=True))
    op.create_table(
        "review_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cite_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("section_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "comment",
                "recommendation",
                "reservation",
                name="notekind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("replied_by_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["cite_id"], ["cite.id"]),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["replied_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["action_id"], ["improvement_action.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("cite_id", "campaign_id", "response_id"):
        op.create_index(f"ix_review_note_{column}", "review_note", [column])
    op.create_table(
        "decision_basis",
        sa.Column("phase_event_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["phase_event_id"], ["phase_event.id"]),
        sa.ForeignKeyConstraint(["note_id"], ["review_note.id"]),
        sa.PrimaryKeyConstraint("phase_event_id", "note_id"),
    )
    op.create_table(
        "sent_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event", "recipient"),
    )


def downgrade() -> None:
    op.drop_table("sent_notice")
    op.drop_table("decision_basis")
    for column in ("response_id", "campaign_id", "cite_id"):
        op.drop_index(f"ix_review_note_{column}", table_name="review_note")
    op.drop_table("review_note")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("due_on")
