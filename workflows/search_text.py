"""Diacritic-insensitive search: "nguyen van" finds "Nguyễn Văn" on SQLite and PostgreSQL alike.

Neither database folds Vietnamese the same way (SQLite's LIKE only folds ASCII case; PostgreSQL
needs the unaccent extension), so the folding happens here, in Python, once per write: each
proposal keeps `search_text`, its title and nominee names folded, and a search folds its words
the same way and looks for each of them in that column.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import ColumnElement, and_, true

#: the one Vietnamese letter that is not a base letter plus combining marks (and the Icelandic
#: eth, which old fonts and careless typists put in its place)
_STROKE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
#: search words beyond this many are ignored: a search box is not a document
MAX_WORDS = 8


def fold(text: str) -> str:
    """Lower case, no tone or vowel marks, đ → d, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKE))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def proposal_text(title: str, nominee_names: list[str]) -> str:
    return fold(" ".join([title, *nominee_names]))


def words(query: str | None) -> list[str]:
    return fold(query or "").split()[:MAX_WORDS]


def matches(column, query: str | None) -> ColumnElement[bool]:
    """Every word of `query` occurs in `column` (a folded text column); true for no words."""
    found = [column.like(f"%{_escape(w)}%", escape="\\") for w in words(query)]
    return and_(*found) if found else true()


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
