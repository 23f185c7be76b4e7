"""The audit action `version_migrated`: an administrator moved a proposal's running round to
another version of the diagrams (workflows.process.migration). The CHECK of audit_event.action
lists the vocabulary as frozen by 0013 and widened by 0022 (org_event); it is written again with the new word (and without it
on the way down, where no such event may remain).

Revision ID: 0025_audit_version_migrated
Revises: 0024_province_rules
Create Date: 2026-12-06 22:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025_audit_version_migrated"
down_revision: str | None = "0024_province_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "'created','edited','submitted','resubmitted','approved','returned','rejected','decided',"
    "'claimed','released','attachment_added','attachment_deleted','reminded','overdue',"
    "'ballot_cast','ballot_closed','no_quorum','org_event'"
)
AFTER = BEFORE + ",'version_migrated'"
NAME = "ck_audit_event_action_known"


def _replace(listed: str) -> None:
    # batch_alter_table: SQLite changes a CHECK only by copying the table; PostgreSQL alters it.
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), f"action IN ({listed})")


def upgrade() -> None:
    _replace(AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM audit_event WHERE action = 'version_migrated'")
    _replace(BEFORE)
