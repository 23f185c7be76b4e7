"""A bloc member's evidence as files (issue 17, item 3): bloc_evidence links a stored file (the
attachment store, by SHA-256) to a line of the member's self-score.

Revision ID: 0034_bloc_evidence
Revises: 0033_award_record_document
Create Date: 2026-12-07 04:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034_bloc_evidence"
down_revision: str | None = "0033_award_record_document"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bloc_evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "entry_id",
            sa.Integer(),
            sa.ForeignKey(
                "bloc_entry.id", ondelete="CASCADE", name="fk_bloc_evidence_entry_id_bloc_entry"
            ),
            nullable=False,
        ),
        sa.Column(
            "criterion_id",
            sa.Integer(),
            sa.ForeignKey(
                "bloc_criterion.id",
                ondelete="CASCADE",
                name="fk_bloc_evidence_criterion_id_bloc_criterion",
            ),
            nullable=False,
        ),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column(
            "uploaded_by_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", name="fk_bloc_evidence_uploaded_by_id_user_account"),
            nullable=False,
        ),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("size >= 0", name=op.f("ck_bloc_evidence_size_not_negative")),
    )
    op.create_index("ix_bloc_evidence_entry_id", "bloc_evidence", ["entry_id"])
    op.create_index("ix_bloc_evidence_sha256", "bloc_evidence", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_bloc_evidence_sha256", "bloc_evidence")
    op.drop_index("ix_bloc_evidence_entry_id", "bloc_evidence")
    op.drop_table("bloc_evidence")
