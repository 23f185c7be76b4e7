"""Movements with content lines, participants and targets; headcounts; proposal.movement_id and
nominee.is_leader.

Revision ID: 0003_movements_headcounts (shorter than the file name: PostgreSQL's
alembic_version.version_num holds 32 characters)
Revises: 0001
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_movements_headcounts"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("review_at", sa.String(length=255), nullable=False),
        sa.Column("source_ref", sa.Text(), nullable=False),
        sa.Column("submission_deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.CheckConstraint("status IN ('open','closed')", name=op.f("ck_movement_status_known")),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_movement_period_ordered")),
        sa.ForeignKeyConstraint(
            ["organiser_id"],
            ["organisation.id"],
            name=op.f("fk_movement_organiser_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movement")),
        sa.UniqueConstraint("code", name=op.f("uq_movement_code")),
    )
    with op.batch_alter_table("movement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_movement_organiser_id"), ["organiser_id"], unique=False
        )

    op.create_table(
        "movement_content",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["movement.id"],
            name=op.f("fk_movement_content_movement_id_movement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movement_content")),
        sa.UniqueConstraint(
            "movement_id", "position", name=op.f("uq_movement_content_movement_id")
        ),
    )
    op.create_table(
        "movement_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["movement.id"],
            name=op.f("fk_movement_participant_movement_id_movement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_movement_participant_org_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movement_participant")),
        sa.UniqueConstraint(
            "movement_id", "org_id", name=op.f("uq_movement_participant_movement_id")
        ),
    )
    with op.batch_alter_table("movement_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_movement_participant_org_id"), ["org_id"], unique=False
        )

    op.create_table(
        "movement_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("metric", sa.String(length=60), nullable=True),
        sa.Column("comparator", sa.String(length=2), nullable=True),
        sa.Column("value", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("base", sa.String(length=255), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "subject IN ('collectives','individuals')",
            name=op.f("ck_movement_target_subject_known"),
        ),
        sa.CheckConstraint(
            "comparator IN ('>=','=')", name=op.f("ck_movement_target_comparator_known")
        ),
        sa.CheckConstraint(
            "value >= 0 AND value <= 100", name=op.f("ck_movement_target_value_percent")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["movement.id"],
            name=op.f("fk_movement_target_movement_id_movement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movement_target")),
        sa.UniqueConstraint("movement_id", "code", name=op.f("uq_movement_target_movement_id")),
    )
    op.create_table(
        "headcount",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("women", sa.Integer(), nullable=False),
        sa.Column("leaders", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint("persons >= 0", name=op.f("ck_headcount_persons_nonnegative")),
        sa.CheckConstraint(
            "women >= 0 AND women <= persons", name=op.f("ck_headcount_women_within")
        ),
        sa.CheckConstraint(
            "leaders >= 0 AND leaders <= persons", name=op.f("ck_headcount_leaders_within")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_headcount_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_headcount")),
        sa.UniqueConstraint("org_id", "year", name=op.f("uq_headcount_org_id")),
    )
    # Added in place, never by rebuilding the table: on SQLite a batch rebuild drops the old
    # proposal table, and with foreign keys on that cascades to nominees, tasks and audit rows.
    # SQLite's ALTER TABLE ADD COLUMN takes the foreign key as a column constraint.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE proposal ADD COLUMN movement_id INTEGER "
            "CONSTRAINT fk_proposal_movement_id_movement REFERENCES movement (id)"
        )
    else:
        op.add_column("proposal", sa.Column("movement_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_proposal_movement_id_movement"),
            "proposal",
            "movement",
            ["movement_id"],
            ["id"],
        )
    op.create_index(op.f("ix_proposal_movement_id"), "proposal", ["movement_id"], unique=False)
    op.add_column(
        "nominee",
        sa.Column("is_leader", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("nominee", "is_leader")
    op.drop_index(op.f("ix_proposal_movement_id"), table_name="proposal")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column that carries a foreign key only by rebuilding the table (the
        # rebuilt table leaves the key out with the column). The rebuild drops the old table,
        # which cascades to the proposal's children unless foreign keys are off meanwhile.
        with op.batch_alter_table("proposal", schema=None) as batch_op:
            batch_op.drop_column("movement_id")
    else:
        op.drop_constraint(op.f("fk_proposal_movement_id_movement"), "proposal", type_="foreignkey")
        op.drop_column("proposal", "movement_id")
    op.drop_table("headcount")
    op.drop_table("movement_target")
    with op.batch_alter_table("movement_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_movement_participant_org_id"))
    op.drop_table("movement_participant")
    op.drop_table("movement_content")
    with op.batch_alter_table("movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_movement_organiser_id"))
    op.drop_table("movement")
