"""Requests already acted on (API Idempotency-Key, web forms' one-time tokens) and the typing
kept when a form was posted after the session expired.

Revision ID: 0017_request_records
Revises: 0016_handover_notices
Create Date: 2026-12-06 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_request_records"
down_revision: str | None = "0016_handover_notices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "request_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("location", sa.String(length=1000), nullable=True),
        sa.Column("endpoint", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('api','form')", name=op.f("ck_request_record_kind_known")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_request_record_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_record")),
        sa.UniqueConstraint("user_id", "kind", "key", name="uq_request_record_user_key"),
    )
    with op.batch_alter_table("request_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_record_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "form_stash",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_stash")),
        sa.UniqueConstraint("token", name=op.f("uq_form_stash_token")),
    )
    with op.batch_alter_table("form_stash", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_stash_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("form_stash", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_stash_created_at"))
    op.drop_table("form_stash")
    with op.batch_alter_table("request_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_record_created_at"))
    op.drop_table("request_record")
