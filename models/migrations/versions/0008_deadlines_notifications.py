"""Deadlines: calendar exceptions, instance timers, notifications and the mail outbox; due
dates on human tasks; the proposal's procedure; which awards allow the simplified procedure.

Revision ID: 0008_deadlines_notifications
Revises: 0001
Create Date: 2026-11-27 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_deadlines_notifications"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('off','work')", name=op.f("ck_calendar_exception_kind_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_exception")),
        sa.UniqueConstraint("day", name=op.f("uq_calendar_exception_day")),
    )
    op.create_table(
        "instance_timer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("bpmn_id", sa.String(length=100), nullable=False),
        sa.Column("fire_at", sa.DateTime(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["workflow_instance.id"],
            name=op.f("fk_instance_timer_instance_id_workflow_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instance_timer")),
    )
    op.create_index("ix_instance_timer_due", "instance_timer", ["fired_at", "fire_at"])
    op.create_index(op.f("ix_instance_timer_instance_id"), "instance_timer", ["instance_id"])
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('reminder','escalation')", name=op.f("ck_notification_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_notification_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["human_task.id"],
            name=op.f("fk_notification_task_id_human_task"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_notification_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    op.create_index("ix_notification_user_unread", "notification", ["user_id", "read_at", "id"])
    op.create_index(op.f("ix_notification_proposal_id"), "notification", ["proposal_id"])
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued','sent','failed')", name=op.f("ck_outbox_message_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notification.id"],
            name=op.f("fk_outbox_message_notification_id_notification"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    op.create_index("ix_outbox_message_queue", "outbox_message", ["status", "next_attempt_at"])

    with op.batch_alter_table("human_task") as batch_op:
        batch_op.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("remind_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("overdue_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("proposal") as batch_op:
        batch_op.add_column(
            sa.Column("procedure", sa.String(length=20), nullable=False, server_default="normal")
        )
        batch_op.create_check_constraint("procedure_known", "procedure IN ('normal','simplified')")
    with op.batch_alter_table("award") as batch_op:
        batch_op.add_column(
            sa.Column("allows_simplified", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("simplified_basis", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("award") as batch_op:
        batch_op.drop_column("simplified_basis")
        batch_op.drop_column("allows_simplified")
    with op.batch_alter_table("proposal") as batch_op:
        batch_op.drop_constraint("procedure_known", type_="check")
        batch_op.drop_column("procedure")
    with op.batch_alter_table("human_task") as batch_op:
        batch_op.drop_column("overdue_at")
        batch_op.drop_column("remind_at")
        batch_op.drop_column("due_at")
    op.drop_index("ix_outbox_message_queue", table_name="outbox_message")
    op.drop_table("outbox_message")
    op.drop_index(op.f("ix_notification_proposal_id"), table_name="notification")
    op.drop_index("ix_notification_user_unread", table_name="notification")
    op.drop_table("notification")
    op.drop_index(op.f("ix_instance_timer_instance_id"), table_name="instance_timer")
    op.drop_index("ix_instance_timer_due", table_name="instance_timer")
    op.drop_table("instance_timer")
    op.drop_table("calendar_exception")
