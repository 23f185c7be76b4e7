"""Secret council ballots: ballot boxes, the tally per nominee, who cast; the assignee of a
human task (a ballot belongs to one council member).

Revision ID: 0010_council_ballots
Revises: 0009_merge_first_features
Create Date: 2026-11-26 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_council_ballots"
down_revision: str | None = "0009_merge_first_features"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ballot_box",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("council_org_id", sa.Integer(), nullable=False),
        sa.Column("members_total", sa.Integer(), nullable=False),
        sa.Column("rules_json", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("absent", sa.Integer(), nullable=False),
        sa.Column("quorum_met", sa.Boolean(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "stage IN ('department','province')", name=op.f("ck_ballot_box_stage_known")
        ),
        sa.CheckConstraint("status IN ('open','closed')", name=op.f("ck_ballot_box_status_known")),
        sa.ForeignKeyConstraint(
            ["council_org_id"],
            ["organisation.id"],
            name=op.f("fk_ballot_box_council_org_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_ballot_box_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_box")),
        sa.UniqueConstraint(
            "proposal_id", "round", "stage", name=op.f("uq_ballot_box_proposal_id")
        ),
    )
    op.create_index(op.f("ix_ballot_box_proposal_id"), "ballot_box", ["proposal_id"])
    op.create_table(
        "ballot_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("yes", sa.Integer(), nullable=False),
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["ballot_box.id"],
            name=op.f("fk_ballot_tally_box_id_ballot_box"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nominee_id"],
            ["nominee.id"],
            name=op.f("fk_ballot_tally_nominee_id_nominee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_tally")),
        sa.UniqueConstraint("box_id", "nominee_id", name=op.f("uq_ballot_tally_box_id")),
    )
    op.create_table(
        "ballot_voter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("cast_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["ballot_box.id"],
            name=op.f("fk_ballot_voter_box_id_ballot_box"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_ballot_voter_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_voter")),
        sa.UniqueConstraint("box_id", "user_id", name=op.f("uq_ballot_voter_box_id")),
    )
    with op.batch_alter_table("human_task") as batch_op:
        batch_op.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_human_task_assignee_id_user_account"),
            "user_account",
            ["assignee_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_human_task_assignee_id"), ["assignee_id"])


def downgrade() -> None:
    with op.batch_alter_table("human_task") as batch_op:
        batch_op.drop_index(batch_op.f("ix_human_task_assignee_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_human_task_assignee_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("assignee_id")
    op.drop_table("ballot_voter")
    op.drop_table("ballot_tally")
    op.drop_index(op.f("ix_ballot_box_proposal_id"), table_name="ballot_box")
    op.drop_table("ballot_box")
