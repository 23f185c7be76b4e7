"""CHECK constraints for the vocabulary: task actions and stages, instance statuses, audit
actions, and the stages and statuses an audit event or a proposal names.

The lists are frozen here as they read when this revision was written; the models build theirs
from the enums (models.task.Action, models.proposal.Stage, ...), and a later change to an enum
needs a revision of its own. Before, any string went in: a misspelt stage or action was found,
if ever, by the page that could not label it.

Revision ID: 0013_vocabulary_checks
Revises: 0012_instance_lookup_indexes
Create Date: 2026-12-06 16:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013_vocabulary_checks"
down_revision: str | None = "0012_instance_lookup_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAGES = "('unit','department','endorsement','province')"
PROPOSAL_STATUSES = "('draft','in_review','returned','approved','rejected')"
TASK_ACTIONS = "('submit','approve','return','reject','vote','absent')"
INSTANCE_STATUSES = "('running','completed')"
AUDIT_ACTIONS = (
    "('created','edited','submitted','resubmitted','approved','returned','rejected','decided',"
    "'claimed','released','attachment_added','attachment_deleted','reminded','overdue',"
    "'ballot_cast','ballot_closed','no_quorum')"
)

#: table → (constraint name, condition), in the models' naming (ck_<table>_<column>_known)
CHECKS: dict[str, list[tuple[str, str]]] = {
    "proposal": [
        ("ck_proposal_stage_known", f"stage IN {STAGES}"),
        ("ck_proposal_resume_stage_known", f"resume_stage IN {STAGES}"),
    ],
    "workflow_instance": [
        ("ck_workflow_instance_status_known", f"status IN {INSTANCE_STATUSES}"),
    ],
    "human_task": [
        ("ck_human_task_stage_known", f"stage IN {STAGES}"),
        ("ck_human_task_action_known", f"action IN {TASK_ACTIONS}"),
    ],
    "audit_event": [
        ("ck_audit_event_action_known", f"action IN {AUDIT_ACTIONS}"),
        ("ck_audit_event_from_status_known", f"from_status IN {PROPOSAL_STATUSES}"),
        ("ck_audit_event_to_status_known", f"to_status IN {PROPOSAL_STATUSES}"),
        ("ck_audit_event_stage_known", f"stage IN {STAGES}"),
    ],
}


def upgrade() -> None:
    # batch_alter_table: SQLite adds a CHECK only by copying the table (the named checks it
    # already has are reflected and kept); PostgreSQL gets plain ALTER TABLE ... ADD CONSTRAINT.
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, condition in checks:
                batch_op.create_check_constraint(op.f(name), condition)


def downgrade() -> None:
    for table, checks in reversed(CHECKS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _ in reversed(checks):
                batch_op.drop_constraint(op.f(name), type_="check")
