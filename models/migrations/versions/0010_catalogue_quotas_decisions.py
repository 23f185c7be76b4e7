"""The award catalogue says who decides, whether an award can be filed yet and its prerequisites
across years; a simplified proposal names the case of Law Art. 85 it relies on.

Revision ID: 0010_catalogue_quotas_decisions
Revises: 0009_merge_first_features
Create Date: 2026-11-26 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_catalogue_quotas_decisions"
down_revision: str | None = "0009_merge_first_features"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("award") as batch_op:
        batch_op.add_column(
            sa.Column("decided_by_vi", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("fileable", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("prerequisites_vi", sa.Text(), server_default="", nullable=False)
        )
    with op.batch_alter_table("proposal") as batch_op:
        batch_op.add_column(sa.Column("simplified_case", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("proposal") as batch_op:
        batch_op.drop_column("simplified_case")
    with op.batch_alter_table("award") as batch_op:
        batch_op.drop_column("prerequisites_vi")
        batch_op.drop_column("fileable")
        batch_op.drop_column("decided_by_vi")
