"""Declarative base shared by every model, with constraint names Alembic can rely on."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: the moment a recorded history is being replayed at (recorded_at), or None: the real clock
_RECORDED_AT: ContextVar[datetime | None] = ContextVar("recorded_at", default=None)


def utcnow() -> datetime:
    # Stored naive in UTC: SQLite has no time zones and PostgreSQL columns are
    # declared without them, so both databases hold the same value.
    moment = _RECORDED_AT.get()
    if moment is not None:
        return moment
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def recorded_at(moment: datetime) -> Iterator[None]:
    """Run what is inside as of `moment` (naive UTC): `tdkt demo` drives its 2025 cases through
    the runtime on the days they happened, so their rows, deadlines and refusals carry those
    days. The current context only (a ContextVar): never the server's other requests."""
    token = _RECORDED_AT.set(moment)
    try:
        yield
    finally:
        _RECORDED_AT.reset(token)


def one_of(column: str, values: Iterable[str], name: str | None = None) -> CheckConstraint:
    """CHECK that `column` holds one of `values` (a StrEnum's members), named
    `<column>_known` unless told: the list is written from the vocabulary, never by hand.

    NULL passes, as it does any CHECK: nullable columns stay nullable."""
    listed = ",".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or f"{column}_known")
