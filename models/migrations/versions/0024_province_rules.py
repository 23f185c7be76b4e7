"""province_rule: the province's own rules (council quorum, deadlines, dossier lists) as dated
versions overlaying the shipped defaults

Revision ID: 0024_province_rules
Revises: 0023_admin_audit
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_province_rules"
down_revision = "0023_admin_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "province_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_id", sa.Integer(), nullable=True),
        sa.Column("replaced_valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('council','step_deadline','year_deadline','dossier')",
            name=op.f("ck_province_rule_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_province_rule_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["replaced_id"],
            ["province_rule.id"],
            name=op.f("fk_province_rule_replaced_id_province_rule"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_rule")),
    )
    with op.batch_alter_table("province_rule") as batch:
        batch.create_index("ix_province_rule_kind_key", ["kind", "key", "valid_from"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("province_rule") as batch:
        batch.drop_index("ix_province_rule_kind_key")
    op.drop_table("province_rule")
