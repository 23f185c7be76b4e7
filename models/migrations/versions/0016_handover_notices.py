"""Word of every handover: notification kinds beyond reminders, their template values, and each
user's choice of mail per kind.

The kinds are frozen here as they read when this revision was written (the model builds its list
from models.deadline.NotificationKind). `params` holds the values of the kind's template as JSON
so that the bell renders it in the reader's language; `text` stays the Vietnamese text (the
mail's body, and what older rows show).

Revision ID: 0016_handover_notices
Revises: 0015_sessions_throttle
Create Date: 2026-12-06 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_handover_notices"
down_revision: str | None = "0015_sessions_throttle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('reminder','escalation')"
KINDS = (
    "kind IN ('reminder','escalation','task_arrived','ballot_opened','returned','rejected',"
    "'decided','voted_down')"
)


def upgrade() -> None:
    # batch_alter_table: SQLite changes a CHECK only by copying the table.
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_notification_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_notification_kind_known"), KINDS)
        batch_op.add_column(sa.Column("params", sa.Text(), nullable=True))
    op.create_table(
        "mail_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mail", sa.Boolean(), nullable=False),
        sa.CheckConstraint(KINDS, name=op.f("ck_mail_preference_kind_known")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_mail_preference_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_mail_preference")),
    )


def downgrade() -> None:
    op.drop_table("mail_preference")
    # The new kinds cannot stay under the old CHECK.
    op.execute("DELETE FROM notification WHERE kind NOT IN ('reminder','escalation')")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_column("params")
        batch_op.drop_constraint(op.f("ck_notification_kind_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_notification_kind_known"), OLD_KINDS)
