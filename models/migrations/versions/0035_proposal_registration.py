"""A proposal filed from a unit's approved registration keeps its link (issue 17, items 1 and 4).

proposal gains registration_id: one proposal per award of a registration, and the targets count
registered → proposed → awarded through it.

Revision ID: 0035_proposal_registration
Revises: 0034_bloc_evidence
Create Date: 2026-12-07 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035_proposal_registration"
down_revision: str | None = "0034_bloc_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("registration_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_proposal_registration_id_registration",
            "registration",
            ["registration_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_proposal_registration_id", ["registration_id"])


def downgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.drop_index("ix_proposal_registration_id")
        batch.drop_constraint("fk_proposal_registration_id_registration", type_="foreignkey")
        batch.drop_column("registration_id")
