"""A bloc's or cluster's year: the pledge and its scoring table, the members' scores with
evidence, the secret ballot's counts and voters, the ranking and endorsements, the trail
(bloc_pledge, bloc_criterion, bloc_entry, bloc_score, bloc_voter, bloc_event). The CHECK lists
are frozen here: the models' may grow, this migration's may not.

Revision ID: 0029_bloc_year
Revises: 0028_cases_registration
Create Date: 2026-12-07 01:05:08.359502
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029_bloc_year"
down_revision: str | None = "0028_cases_registration"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bloc_pledge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grouping_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("source_note", sa.String(length=255), nullable=True),
        sa.Column("ballot_members", sa.Integer(), nullable=False),
        sa.Column("ballot_present", sa.Integer(), nullable=False),
        sa.Column("ballot_absent", sa.Integer(), nullable=False),
        sa.Column("ranked_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft','scoring','voting','ranked')",
            name=op.f("ck_bloc_pledge_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["grouping_id"],
            ["organisation.id"],
            name=op.f("fk_bloc_pledge_grouping_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloc_pledge")),
        sa.UniqueConstraint("grouping_id", "year", name="uq_bloc_pledge_year"),
    )
    with op.batch_alter_table("bloc_pledge", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bloc_pledge_grouping_id"), ["grouping_id"], unique=False
        )

    op.create_table(
        "bloc_criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("max_points", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.String(length=1000), nullable=False),
        sa.CheckConstraint(
            "kind IN ('criterion','bonus','penalty')", name=op.f("ck_bloc_criterion_kind_known")
        ),
        sa.CheckConstraint(
            "max_points > 0 AND max_points <= 1000", name=op.f("ck_bloc_criterion_max_points_range")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["bloc_pledge.id"],
            name=op.f("fk_bloc_criterion_pledge_id_bloc_pledge"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloc_criterion")),
    )
    with op.batch_alter_table("bloc_criterion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bloc_criterion_pledge_id"), ["pledge_id"], unique=False
        )

    op.create_table(
        "bloc_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("votes_yes", sa.Integer(), nullable=False),
        sa.Column("votes_no", sa.Integer(), nullable=False),
        sa.Column("endorsed_for", sa.String(length=40), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending','submitted','returned','checked')",
            name=op.f("ck_bloc_entry_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["organisation.id"], name=op.f("fk_bloc_entry_member_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["bloc_pledge.id"],
            name=op.f("fk_bloc_entry_pledge_id_bloc_pledge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"],
            ["user_account.id"],
            name=op.f("fk_bloc_entry_signed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloc_entry")),
        sa.UniqueConstraint("pledge_id", "member_id", name="uq_bloc_entry_member"),
    )
    with op.batch_alter_table("bloc_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bloc_entry_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bloc_entry_pledge_id"), ["pledge_id"], unique=False)

    op.create_table(
        "bloc_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "action IN ('pledge_created','table_edited','signed','scoring_opened','self_scored','score_accepted','score_returned','ballot_opened','ballot_cast','ranked','endorsed','heads_elected')",
            name=op.f("ck_bloc_event_action_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_bloc_event_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["organisation.id"], name=op.f("fk_bloc_event_member_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["bloc_pledge.id"],
            name=op.f("fk_bloc_event_pledge_id_bloc_pledge"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloc_event")),
    )
    with op.batch_alter_table("bloc_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bloc_event_pledge_id"), ["pledge_id"], unique=False)

    op.create_table(
        "bloc_voter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("cast_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["organisation.id"], name=op.f("fk_bloc_voter_member_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["bloc_pledge.id"],
            name=op.f("fk_bloc_voter_pledge_id_bloc_pledge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_bloc_voter_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloc_voter")),
        sa.UniqueConstraint("pledge_id", "member_id", name="uq_bloc_voter_member"),
    )
    op.create_table(
        "bloc_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.String(length=1000), nullable=False),
        sa.CheckConstraint("points >= 0", name=op.f("ck_bloc_score_points_not_negative")),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["bloc_criterion.id"],
            name=op.f("fk_bloc_score_criterion_id_bloc_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["bloc_entry.id"],
            name=op.f("fk_bloc_score_entry_id_bloc_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloc_score")),
        sa.UniqueConstraint("entry_id", "criterion_id", name="uq_bloc_score_line"),
    )


def downgrade() -> None:
    op.drop_table("bloc_score")
    op.drop_table("bloc_voter")
    with op.batch_alter_table("bloc_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bloc_event_pledge_id"))

    op.drop_table("bloc_event")
    with op.batch_alter_table("bloc_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bloc_entry_pledge_id"))
        batch_op.drop_index(batch_op.f("ix_bloc_entry_member_id"))

    op.drop_table("bloc_entry")
    with op.batch_alter_table("bloc_criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bloc_criterion_pledge_id"))

    op.drop_table("bloc_criterion")
    with op.batch_alter_table("bloc_pledge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bloc_pledge_grouping_id"))

    op.drop_table("bloc_pledge")
