"""The facts the law's criteria read: person.task_group, the group of similar tasks a civil
servant is rated in (Decree 335/2025 caps "hoàn thành xuất sắc nhiệm vụ" per agency and per
such group); year_record.discipline, the level of a year's discipline (TTLĐTT and TTLĐXS need
no member disciplined at "cảnh cáo" or above, Law 06/2022 Art. 27–28)

Revision ID: 0026_law_facts
Revises: 0025_audit_version_migrated
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_law_facts"
down_revision = "0025_audit_version_migrated"
branch_labels = None
depends_on = None

# frozen here: the model's list may grow, this migration's may not
DISCIPLINE_CHECK = (
    "discipline IS NULL OR discipline IN ('khien_trach','canh_cao','ha_bac_luong',"
    "'giang_chuc','cach_chuc','buoc_thoi_viec')"
)


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("task_group", sa.String(80), nullable=False, server_default=""))
    with op.batch_alter_table("year_record") as batch:
        batch.add_column(sa.Column("discipline", sa.String(20), nullable=True))
        batch.create_check_constraint("discipline_known", DISCIPLINE_CHECK)


def downgrade() -> None:
    with op.batch_alter_table("year_record") as batch:
        batch.drop_constraint("discipline_known", type_="check")
        batch.drop_column("discipline")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("task_group")
