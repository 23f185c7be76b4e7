"""Reading whole tables, to compare a database before and after an operation."""

from __future__ import annotations

from sqlalchemy import MetaData, select

from models.database import make_engine


def snapshot(url: str) -> dict[str, list[dict]]:
    """Every row of every table (alembic_version included) as dicts, in a stable order."""
    engine = make_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted(
                    (dict(row._mapping) for row in conn.execute(select(table))),
                    key=lambda row: repr(sorted(row.items())),
                )
                for name, table in meta.tables.items()
            }
    finally:
        engine.dispose()
