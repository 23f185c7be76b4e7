"""An award decided outside tdkt, recorded with its decision's document (issue 18, item 3).

award_record gains the document's link (the stored file's SHA-256, its name, type and size:
the bytes live in the attachment store, which has no proposal here) and who recorded it.

Revision ID: 0033_award_record_document
Revises: 0032_lower_revoke
Create Date: 2026-12-07 02:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033_award_record_document"
down_revision: str | None = "0032_lower_revoke"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("award_record") as batch:
        batch.add_column(sa.Column("document_sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("document_name", sa.String(255), nullable=True))
        batch.add_column(sa.Column("document_type", sa.String(100), nullable=True))
        batch.add_column(sa.Column("document_size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_award_record_recorded_by_id_user_account",
            "user_account",
            ["recorded_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_award_record_document_sha256", ["document_sha256"])


def downgrade() -> None:
    with op.batch_alter_table("award_record") as batch:
        batch.drop_index("ix_award_record_document_sha256")
        batch.drop_constraint("fk_award_record_recorded_by_id_user_account", type_="foreignkey")
        for name in (
            "recorded_by_id",
            "document_size",
            "document_type",
            "document_name",
            "document_sha256",
        ):
            batch.drop_column(name)
