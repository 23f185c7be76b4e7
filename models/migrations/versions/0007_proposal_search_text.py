"""proposal.search_text: title and nominee names folded for diacritic-insensitive search.

Existing rows are filled here with the same folding as workflows.search_text (copied, not
imported, so this revision keeps doing what it did when the module changes later).

Revision ID: 0007_proposal_search_text
Revises: 0001
Create Date: 2026-11-27
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_proposal_search_text"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STROKE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKE))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def upgrade() -> None:
    with op.batch_alter_table("proposal") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    names: dict[int, list[str]] = {}
    for proposal_id, name in conn.execute(
        sa.text("SELECT proposal_id, name FROM nominee ORDER BY proposal_id, position")
    ):
        names.setdefault(proposal_id, []).append(name)
    update = sa.text("UPDATE proposal SET search_text = :text WHERE id = :id")
    rows = [
        {"id": pid, "text": _fold(" ".join([title, *names.get(pid, [])]))}
        for pid, title in conn.execute(sa.text("SELECT id, title FROM proposal"))
    ]
    if rows:
        conn.execute(update, rows)


def downgrade() -> None:
    with op.batch_alter_table("proposal") as batch_op:
        batch_op.drop_column("search_text")
