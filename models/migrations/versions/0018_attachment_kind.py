"""attachment.kind: the dossier checklist item an attachment satisfies

Revision ID: 0018_attachment_kind
Revises: 0017_request_records
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_attachment_kind"
down_revision = "0017_request_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachment") as batch:
        batch.add_column(sa.Column("kind", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachment") as batch:
        batch.drop_column("kind")
