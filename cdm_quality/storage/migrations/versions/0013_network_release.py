"""The network figures directors and contributors see are published once per campaign, at its
first close: `network_member` keeps each submitted self-assessment as those figures count it,
`campaign.published_at` says when.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

PHASES = ("projet", "prefiguration", "fonctionnement")


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("published_at", sa.DateTime(), nullable=True))
    op.create_table(
        "network_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=64), nullable=False),
        sa.Column("cite_id", sa.Integer(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum(*PHASES, name="phase", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("country", sa.String(length=80), nullable=False),
        sa.Column("sums", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("levels", sa.JSON(none_as_null=True), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["cite_id"], ["cite.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_network_member_campaign_id", "network_member", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_network_member_campaign_id", table_name="network_member")
    op.drop_table("network_member")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("published_at")
