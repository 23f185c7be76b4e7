"""A lower award instead of a refusal, and the revocation of an award (issue 18, items 5-6).

A lowered nominee goes on in a new proposal split from the old one (proposal.split_from_id,
nominee.lowered_to_id, nominee status 'lowered'); an award record can be revoked (table
revocation; award_record.revoked_at marks it, never deletes it). The CHECK of
audit_event.action is written again with every word (0025's list and the new ones).

Revision ID: 0032_lower_revoke
Revises: 0029_bloc_year (0026_law_facts before reg was merged)
Create Date: 2026-12-07 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032_lower_revoke"
down_revision: str | None = "0029_bloc_year"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "'created','edited','submitted','resubmitted','approved','returned','rejected','decided',"
    "'claimed','released','attachment_added','attachment_deleted','reminded','overdue',"
    "'ballot_cast','ballot_closed','no_quorum','org_event','version_migrated'"
)

NEW_ALL = (
    "lowered",
    "split_from",
    "revocation_proposed",
    "revocation_checked",
    "revoked",
    "revocation_refused",
)
AFTER = BEFORE + "".join(f",'{word}'" for word in NEW_ALL)
ACTION = "ck_audit_event_action_known"
NOMINEE = "ck_nominee_status_known"


def _actions(listed: str) -> None:
    # batch_alter_table: SQLite changes a CHECK only by copying the table; PostgreSQL alters it.
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(ACTION), type_="check")
        batch_op.create_check_constraint(op.f(ACTION), f"action IN ({listed})")


def upgrade() -> None:
    _actions(AFTER)
    with op.batch_alter_table("nominee", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lowered_to_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_nominee_lowered_to_id_nominee"),
            "nominee",
            ["lowered_to_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_nominee_lowered_to_id"), ["lowered_to_id"])
        batch_op.drop_constraint(op.f(NOMINEE), type_="check")
        batch_op.create_check_constraint(
            op.f(NOMINEE), "status IN ('active','voted_down','lowered')"
        )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("split_from_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_proposal_split_from_id_proposal"),
            "proposal",
            ["split_from_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_proposal_split_from_id"), ["split_from_id"])
    with op.batch_alter_table("award_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
    op.create_table(
        "revocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_record_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("release_initiatives", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("recover_amount", sa.Integer(), nullable=False),
        sa.Column("recover_basis", sa.Text(), server_default="", nullable=False),
        sa.Column("decider_role", sa.String(length=20), nullable=False),
        sa.Column("decider_org_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_no", sa.String(length=60), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("refusal", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('proposed','checked','revoked','refused')",
            name=op.f("ck_revocation_status_known"),
        ),
        sa.CheckConstraint(
            "decider_role IN ('director','chairman')",
            name=op.f("ck_revocation_decider_role_known"),
        ),
        sa.ForeignKeyConstraint(
            ["award_record_id"],
            ["award_record.id"],
            name=op.f("fk_revocation_award_record_id_award_record"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_revocation_proposal_id_proposal"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decider_org_id"],
            ["organisation.id"],
            name=op.f("fk_revocation_decider_org_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["user_account.id"],
            name=op.f("fk_revocation_proposed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["checked_by_id"],
            ["user_account.id"],
            name=op.f("fk_revocation_checked_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_revocation_decided_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revocation")),
    )
    op.create_index(
        "ix_revocation_award_record", "revocation", ["award_record_id", "status"], unique=False
    )
    op.create_index(op.f("ix_revocation_proposal_id"), "revocation", ["proposal_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_revocation_proposal_id"), table_name="revocation")
    op.drop_index("ix_revocation_award_record", table_name="revocation")
    op.drop_table("revocation")
    with op.batch_alter_table("award_record", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_split_from_id"))
        batch_op.drop_constraint(batch_op.f("fk_proposal_split_from_id_proposal"), "foreignkey")
        batch_op.drop_column("split_from_id")
    op.execute("UPDATE nominee SET status = 'active' WHERE status = 'lowered'")
    with op.batch_alter_table("nominee", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NOMINEE), type_="check")
        batch_op.create_check_constraint(op.f(NOMINEE), "status IN ('active','voted_down')")
        batch_op.drop_index(batch_op.f("ix_nominee_lowered_to_id"))
        batch_op.drop_constraint(batch_op.f("fk_nominee_lowered_to_id_nominee"), "foreignkey")
        batch_op.drop_column("lowered_to_id")
    listed = ",".join(f"'{word}'" for word in NEW_ALL)
    op.execute(f"DELETE FROM audit_event WHERE action IN ({listed})")
    _actions(BEFORE)
