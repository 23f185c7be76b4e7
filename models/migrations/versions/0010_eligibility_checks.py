"""Eligibility checks: per nominee, the criteria of eligibility.dmn with their outcome, at
filing and at every approval, and the justification for forwarding a failing nominee.

Revision ID: 0010_eligibility_checks
Revises: 0009_merge_first_features
Create Date: 2026-11-26 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_eligibility_checks"
down_revision: str | None = "0009_merge_first_features"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "eligibility_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=True),
        sa.Column("nominee_name", sa.String(length=120), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("bpmn_id", sa.String(length=100), nullable=False),
        sa.Column("rule_set", sa.String(length=20), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("results_json", sa.Text(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_eligibility_check_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nominee_id"],
            ["nominee.id"],
            name=op.f("fk_eligibility_check_nominee_id_nominee"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["checked_by_id"],
            ["user_account.id"],
            name=op.f("fk_eligibility_check_checked_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_check")),
    )
    op.create_index("ix_eligibility_check_proposal", "eligibility_check", ["proposal_id", "id"])
    op.create_index(op.f("ix_eligibility_check_nominee_id"), "eligibility_check", ["nominee_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_eligibility_check_nominee_id"), table_name="eligibility_check")
    op.drop_index("ix_eligibility_check_proposal", table_name="eligibility_check")
    op.drop_table("eligibility_check")
