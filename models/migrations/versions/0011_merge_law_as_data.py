"""Merge the law-as-data revisions (history, catalogue, eligibility, ballots), built side by side.

Revision ID: 0011_merge_law_as_data
Revises: the four 0010 siblings of 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "0011_merge_law_as_data"
down_revision: str | Sequence[str] | None = (
    "0010_catalogue_quotas_decisions",
    "0010_council_ballots",
    "0010_eligibility_checks",
    "0010_history_registry",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
