"""The administrators' trail: who changed which account, role, council seat or grouping, when.

Revision ID: 0023_admin_audit
Revises: 0022_org_event_vocabulary
Create Date: 2026-12-06 22:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_admin_audit"
down_revision: str | None = "0022_org_event_vocabulary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: frozen here, as migration 0013 froze the other vocabularies: a later action is a migration
ACTIONS = (
    "user_created",
    "user_disabled",
    "user_enabled",
    "password_reset",
    "account_unlocked",
    "role_assigned",
    "role_closed",
    "membership_added",
    "membership_closed",
    "grouping_head_set",
)


def upgrade() -> None:
    listed = ",".join(f"'{a}'" for a in ACTIONS)
    op.create_table(
        "admin_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("target_user_id", sa.Integer(), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.CheckConstraint(f"action IN ({listed})", name=op.f("ck_admin_event_action_known")),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_admin_event_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_admin_event_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["target_user_id"],
            ["user_account.id"],
            name=op.f("fk_admin_event_target_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_event")),
    )
    with op.batch_alter_table("admin_event", schema=None) as batch_op:
        batch_op.create_index("ix_admin_event_org", ["org_id", "id"], unique=False)
        batch_op.create_index("ix_admin_event_target_user", ["target_user_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("admin_event", schema=None) as batch_op:
        batch_op.drop_index("ix_admin_event_target_user")
        batch_op.drop_index("ix_admin_event_org")
    op.drop_table("admin_event")
