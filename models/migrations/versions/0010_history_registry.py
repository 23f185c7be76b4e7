"""Award history: the staff registry (person), year records, award records, the initiative
register; nominees linked to a person or a collective, and a nominee status for council ballots.

Revision ID: 0010_history_registry
Revises: 0009_merge_first_features
Create Date: 2026-11-26 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_history_registry"
down_revision: str | None = "0009_merge_first_features"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("staff_code", sa.String(length=40), nullable=True),
        sa.Column("gender", sa.String(length=10), nullable=True),
        sa.Column("job_title", sa.String(length=120), server_default="", nullable=False),
        sa.Column("is_leader", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("recruited_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "gender IS NULL OR gender IN ('male','female')", name=op.f("ck_person_gender_known")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_person_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_person_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("staff_code", name=op.f("uq_person_staff_code")),
        sa.UniqueConstraint("user_id", name=op.f("uq_person_user_id")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_org_name", ["org_id", "name_key"], unique=False)

    op.create_table(
        "year_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=True),
        sa.Column("disciplined", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("under_review", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "rating IS NULL OR rating IN ('xuat_sac','tot','hoan_thanh','khong_hoan_thanh')",
            name=op.f("ck_year_record_rating_known"),
        ),
        sa.CheckConstraint(
            "source IN ('import','manual','decision')", name=op.f("ck_year_record_source_known")
        ),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (org_id IS NULL)", name=op.f("ck_year_record_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_year_record_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_year_record_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_record")),
        sa.UniqueConstraint("org_id", "year", name=op.f("uq_year_record_org_id")),
        sa.UniqueConstraint("person_id", "year", name=op.f("uq_year_record_person_id")),
    )
    with op.batch_alter_table("year_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_year_record_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_year_record_person_id"), ["person_id"], unique=False)

    op.create_table(
        "award_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("subject_name", sa.String(length=255), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("award_code", sa.String(length=40), nullable=False),
        sa.Column("decision_no", sa.String(length=60), server_default="", nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=255), server_default="", nullable=False),
        sa.Column("one_off", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("nominee_id", sa.Integer(), nullable=True),
        sa.Column("bonus_amount", sa.Integer(), nullable=True),
        sa.Column("bonus_basis", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "source IN ('import','manual','decision')", name=op.f("ck_award_record_source_known")
        ),
        sa.ForeignKeyConstraint(
            ["award_code"], ["award.code"], name=op.f("fk_award_record_award_code_award")
        ),
        sa.ForeignKeyConstraint(
            ["nominee_id"],
            ["nominee.id"],
            name=op.f("fk_award_record_nominee_id_nominee"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_award_record_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_award_record_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_award_record_proposal_id_proposal"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_record")),
        sa.UniqueConstraint("org_id", "year", "award_code", name=op.f("uq_award_record_org_id")),
        sa.UniqueConstraint(
            "person_id", "year", "award_code", name=op.f("uq_award_record_person_id")
        ),
    )
    with op.batch_alter_table("award_record", schema=None) as batch_op:
        batch_op.create_index("ix_award_record_award_year", ["award_code", "year"], unique=False)
        batch_op.create_index(batch_op.f("ix_award_record_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_award_record_person_id"), ["person_id"], unique=False)

    op.create_table(
        "initiative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("decision_no", sa.String(length=60), nullable=False),
        sa.Column("recognised_on", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("used_award_record_id", sa.Integer(), nullable=True),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "scope IN ('co_so','tinh','toan_quoc')", name=op.f("ck_initiative_scope_known")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_initiative_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_initiative_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_award_record_id"],
            ["award_record.id"],
            name=op.f("fk_initiative_used_award_record_id_award_record"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative")),
    )
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiative_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiative_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("nominee", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("subject_org_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="active", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_nominee_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_nominee_person_id_person"),
            "person",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_nominee_subject_org_id_organisation"),
            "organisation",
            ["subject_org_id"],
            ["id"],
        )
        batch_op.create_check_constraint("status_known", "status IN ('active','voted_down')")


def downgrade() -> None:
    with op.batch_alter_table("nominee", schema=None) as batch_op:
        batch_op.drop_constraint("status_known", type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_nominee_subject_org_id_organisation"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_nominee_person_id_person"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_nominee_person_id"))
        batch_op.drop_column("status")
        batch_op.drop_column("subject_org_id")
        batch_op.drop_column("person_id")

    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_person_id"))
        batch_op.drop_index(batch_op.f("ix_initiative_org_id"))

    op.drop_table("initiative")
    with op.batch_alter_table("award_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_record_person_id"))
        batch_op.drop_index(batch_op.f("ix_award_record_org_id"))
        batch_op.drop_index("ix_award_record_award_year")

    op.drop_table("award_record")
    with op.batch_alter_table("year_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_year_record_person_id"))
        batch_op.drop_index(batch_op.f("ix_year_record_org_id"))

    op.drop_table("year_record")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_org_name")

    op.drop_table("person")
