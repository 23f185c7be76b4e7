"""person_move: the dates of a person's moves between units (issue 20, point 1), so the
criteria that read time at a unit read the unit of the day rather than today's

Revision ID: 0027_person_moves
Revises: 0026_law_facts
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_person_moves"
down_revision = "0026_law_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_move",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("person.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("from_org_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=False),
        sa.Column("to_org_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("from_org_id <> to_org_id", name=op.f("ck_person_move_moves_somewhere")),
        sa.UniqueConstraint("person_id", "moved_on", name=op.f("uq_person_move_person_id")),
    )
    op.create_index("ix_person_move_person_id", "person_move", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_person_move_person_id", table_name="person_move")
    op.drop_table("person_move")
