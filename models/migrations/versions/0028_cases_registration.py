"""Cases other than proposals (workflows.cases): case_instance, its inbox rows (case_task), its
timer rows (case_timer) and its audit trail (case_event); and emulation registrations
(registration, registration_line), the subject of the registration case.

Revision ID: 0028_cases_registration
Revises: 0026_law_facts
Create Date: 2026-12-07 01:04:33.755111
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_cases_registration"
down_revision: str | None = "0026_law_facts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _cases()
    _registrations()


def _cases() -> None:
    op.create_table(
        "case_instance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_table", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("process_version_id", sa.Integer(), nullable=False),
        sa.Column("serializer_version", sa.String(length=10), nullable=False),
        sa.Column("state_json", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("end_event", sa.String(length=100), nullable=True),
        sa.Column("path_json", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('running','completed')", name=op.f("ck_case_instance_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_case_instance_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_case_instance_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["process_version_id"],
            ["process_version.id"],
            name=op.f("fk_case_instance_process_version_id_process_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_instance")),
    )
    with op.batch_alter_table("case_instance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_instance_subject", ["subject_table", "subject_id", "status"], unique=False
        )

    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("from_state", sa.String(length=30), nullable=True),
        sa.Column("to_state", sa.String(length=30), nullable=True),
        sa.Column("element_id", sa.String(length=100), nullable=True),
        sa.Column("task_name", sa.String(length=255), nullable=True),
        sa.Column("step_action", sa.String(length=20), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('started','completed','reminded','overdue','ended')",
            name=op.f("ck_case_event_action_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_case_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_instance.id"],
            name=op.f("fk_case_event_case_id_case_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
    )
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index("ix_case_event_case", ["case_id", "id"], unique=False)

    op.create_table(
        "case_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("task_guid", sa.String(length=36), nullable=False),
        sa.Column("bpmn_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("role_code", sa.String(length=40), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("form", sa.String(length=40), nullable=False),
        sa.Column("actions", sa.String(length=100), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("completed_by_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("remind_at", sa.DateTime(), nullable=True),
        sa.Column("overdue_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "state IN ('ready','completed','cancelled')", name=op.f("ck_case_task_state_known")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_instance.id"],
            name=op.f("fk_case_task_case_id_case_instance"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["completed_by_id"],
            ["user_account.id"],
            name=op.f("fk_case_task_completed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_case_task_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["role_code"], ["role.code"], name=op.f("fk_case_task_role_code_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_task")),
    )
    with op.batch_alter_table("case_task", schema=None) as batch_op:
        batch_op.create_index("ix_case_task_case", ["case_id", "state"], unique=False)
        batch_op.create_index("ix_case_task_inbox", ["state", "role_code", "org_id"], unique=False)

    op.create_table(
        "case_timer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("bpmn_id", sa.String(length=100), nullable=False),
        sa.Column("fire_at", sa.DateTime(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_instance.id"],
            name=op.f("fk_case_timer_case_id_case_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_timer")),
    )
    with op.batch_alter_table("case_timer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_timer_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_case_timer_due", ["fired_at", "fire_at"], unique=False)


def downgrade() -> None:
    op.drop_table("registration_line")
    op.drop_table("registration")
    with op.batch_alter_table("case_timer", schema=None) as batch_op:
        batch_op.drop_index("ix_case_timer_due")
        batch_op.drop_index(batch_op.f("ix_case_timer_case_id"))

    op.drop_table("case_timer")
    with op.batch_alter_table("case_task", schema=None) as batch_op:
        batch_op.drop_index("ix_case_task_inbox")
        batch_op.drop_index("ix_case_task_case")

    op.drop_table("case_task")
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index("ix_case_event_case")

    op.drop_table("case_event")
    with op.batch_alter_table("case_instance", schema=None) as batch_op:
        batch_op.drop_index("ix_case_instance_subject")

    op.drop_table("case_instance")


def _registrations() -> None:
    op.create_table(
        "registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open','submitted','approved','returned')",
            name=op.f("ck_registration_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["movement.id"],
            name=op.f("fk_registration_movement_id_movement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_registration_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration")),
    )
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registration_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            "ix_registration_movement_org", ["movement_id", "org_id"], unique=True
        )
    op.create_table(
        "registration_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("award_code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_code"], ["award.code"], name=op.f("fk_registration_line_award_code_award")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_registration_line_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_registration_line_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_line")),
    )
    with op.batch_alter_table("registration_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_line_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registration_line_registration_id"), ["registration_id"], unique=False
        )
