"""Indexes for the two lookups every completion makes (measured by bench/rounds.py).

Revision ID: 0012_instance_lookup_indexes
Revises: 0011_merge_law_as_data
Create Date: 2026-11-26 16:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_instance_lookup_indexes"
down_revision: str | None = "0011_merge_law_as_data"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The running instance of a proposal: by proposal alone the lock read every round the
    # proposal ever had (a step at round 1,000 cost ~20 % more than at round 10).
    op.create_index(
        "ix_workflow_instance_proposal_status", "workflow_instance", ["proposal_id", "status"]
    )
    # The ready rows of an instance, read at every step: without it SQLite walked every ready
    # task of the database through the inbox index, and PostgreSQL had nothing for the
    # ON DELETE CASCADE from workflow_instance.
    op.create_index("ix_human_task_instance", "human_task", ["instance_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_human_task_instance", table_name="human_task")
    op.drop_index("ix_workflow_instance_proposal_status", table_name="workflow_instance")
