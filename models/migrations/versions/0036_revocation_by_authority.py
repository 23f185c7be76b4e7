"""The revocation of an award tdkt did not decide (recorded from outside, or decided by a
ministry or the Prime Minister): the province proposes it and the board records the revoking
decision received from the authority that decided, with its signer and its document. The CHECK
of revocation.decider_role gains `authority`; the decision's signer and document are new
columns (the document is kept like every attachment, under its SHA-256).

Revision ID: 0036_revocation_by_authority
Revises: 0035_proposal_registration
Create Date: 2026-12-07 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036_revocation_by_authority"
down_revision: str | None = "0035_proposal_registration"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = "'director','chairman'"
AFTER = BEFORE + ",'authority'"
NAME = "ck_revocation_decider_role_known"


def upgrade() -> None:
    # batch_alter_table: SQLite changes a CHECK only by copying the table; PostgreSQL alters it.
    with op.batch_alter_table("revocation", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), f"decider_role IN ({AFTER})")
        batch_op.add_column(sa.Column("decision_signer", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("document_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("document_name", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("document_type", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("document_size", sa.Integer(), nullable=True))
        batch_op.create_index("ix_revocation_document_sha256", ["document_sha256"])


def downgrade() -> None:
    op.execute("DELETE FROM revocation WHERE decider_role = 'authority'")
    with op.batch_alter_table("revocation", schema=None) as batch_op:
        batch_op.drop_index("ix_revocation_document_sha256")
        batch_op.drop_column("document_size")
        batch_op.drop_column("document_type")
        batch_op.drop_column("document_name")
        batch_op.drop_column("document_sha256")
        batch_op.drop_column("decision_signer")
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), f"decider_role IN ({BEFORE})")
