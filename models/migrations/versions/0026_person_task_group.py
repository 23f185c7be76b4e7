"""person.task_group: the group of similar tasks a civil servant is rated in (Decree 335/2025
caps "hoàn thành xuất sắc nhiệm vụ" per agency and per such group)

Revision ID: 0026_person_task_group
Revises: 0021_org_history
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_person_task_group"
down_revision = "0021_org_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("task_group", sa.String(80), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("task_group")
