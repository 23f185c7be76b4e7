"""Merge the feature revisions 0002–0008, developed side by side on top of 0001, into one head.

Revision ID: 0009_merge_first_features
Revises: 0002–0008 (all siblings of 0001)
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "0009_merge_first_features"
down_revision: str | Sequence[str] | None = (
    "0002_attachments_throttle",
    "0003_movements_headcounts",
    "0004_instance_path",
    "0005_inbox_indexes",
    "0006_user_locale",
    "0007_proposal_search_text",
    "0008_deadlines_notifications",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
