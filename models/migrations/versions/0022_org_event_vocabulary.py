"""The words an organisation event adds: the audit action `org_event` (a proposal or its waiting
step moved to a successor) and the notification kind `role_changed` (a user's role moved to the
successor or closed), each in the CHECK of its columns.

Revision ID: 0022_org_event_vocabulary
Revises: 0021_org_history
Create Date: 2026-12-06 22:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022_org_event_vocabulary"
down_revision: str | None = "0021_org_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ACTIONS = (
    "action IN ('created','edited','submitted','resubmitted','approved','returned','rejected',"
    "'decided','claimed','released','attachment_added','attachment_deleted','reminded','overdue',"
    "'ballot_cast','ballot_closed','no_quorum')"
)
ACTIONS = OLD_ACTIONS[:-1] + ",'org_event')"
OLD_KINDS = (
    "kind IN ('reminder','escalation','task_arrived','ballot_opened','returned','rejected',"
    "'decided','voted_down')"
)
KINDS = OLD_KINDS[:-1] + ",'role_changed')"


def _check(table: str, name: str, condition: str) -> None:
    # batch_alter_table: SQLite changes a CHECK only by copying the table.
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(name), type_="check")
        batch_op.create_check_constraint(op.f(name), condition)


def upgrade() -> None:
    _check("audit_event", "ck_audit_event_action_known", ACTIONS)
    _check("notification", "ck_notification_kind_known", KINDS)
    _check("mail_preference", "ck_mail_preference_kind_known", KINDS)


def downgrade() -> None:
    # The new words cannot stay under the old CHECKs.
    op.execute("DELETE FROM audit_event WHERE action = 'org_event'")
    op.execute("DELETE FROM notification WHERE kind = 'role_changed'")
    op.execute("DELETE FROM mail_preference WHERE kind = 'role_changed'")
    _check("mail_preference", "ck_mail_preference_kind_known", OLD_KINDS)
    _check("notification", "ck_notification_kind_known", OLD_KINDS)
    _check("audit_event", "ck_audit_event_action_known", OLD_ACTIONS)
