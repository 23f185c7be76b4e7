"""Login throttle counters per account and per account-and-address, and the users' session epoch.

login_throttle replaces counting login_attempt rows per address: a shared address (a reverse
proxy) locked every account behind it, and counting rows raced on PostgreSQL. Existing failures
are not carried over: at worst an attacker gets one more window of guesses.
user_account.session_epoch ends every web session of a user at a logout, a new password or a
disable (the session cookie holds the epoch it was opened with).

Revision ID: 0015_sessions_throttle
Revises: 0013_vocabulary_checks
Create Date: 2026-12-06 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_sessions_throttle"
down_revision: str | None = "0013_vocabulary_checks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=True),
        sa.Column("lockouts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("touched_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", "ip", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttle_touched_at"), ["touched_at"])
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_throttle_touched_at"))
    op.drop_table("login_throttle")
