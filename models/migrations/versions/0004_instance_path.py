"""The path each round took: workflow_instance.path_json (BPMN ids passed, in order).

Revision ID: 0004_instance_path
Revises: 0001
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_instance_path"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: rounds saved before this revision have no recorded path; the picture
    # falls back to the steps named in the audit trail for them.
    with op.batch_alter_table("workflow_instance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("path_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workflow_instance", schema=None) as batch_op:
        batch_op.drop_column("path_json")
