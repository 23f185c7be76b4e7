"""Reading generated .docx documents back as text: paragraphs and table rows."""

from __future__ import annotations


def texts(doc) -> list[str]:
    """Every paragraph, in the body and in table cells (the heading sits in a table)."""
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return [t.strip() for t in out if t.strip()]


def rows(table) -> list[list[str]]:
    return [[c.text.strip() for c in row.cells] for row in table.rows]
