"""The suite's shared compiled-SQL cache (tests/support/compiled_sql.py) is in place and gives
back what SQLAlchemy compiles: a second engine on another database reuses the statements the
first one compiled, with the same answers, and a dialect set up otherwise compiles its own."""

from __future__ import annotations

from sqlalchemy import select

from models import User
from models.database import make_engine
from tests.support import compiled_sql


def _usernames(url: str, **options) -> tuple[list[str], object]:
    engine = make_engine(url, **options)
    try:
        with engine.connect() as conn:
            users = User.__table__
            statement = select(users.c.username).where(users.c.username.like("vanthu.%"))
            result = conn.execute(statement.order_by(users.c.username))
            hit = result.context.cache_hit
            names = list(result.scalars())
        return names, (engine._compiled_cache, hit, engine.dialect)
    finally:
        engine.dispose()


def test_a_second_engine_reuses_the_compiled_statement(databases, template_db):
    first_url = databases.create(template=template_db)
    second_url = databases.create(template=template_db)
    try:
        first, (cache, _, dialect) = _usernames(first_url)
        second, (second_cache, hit, other_dialect) = _usernames(second_url)
    finally:
        databases.drop(first_url)
        databases.drop(second_url)
    assert cache is compiled_sql.statements
    assert second_cache is cache and other_dialect is not dialect
    # The second engine's dialect never compiled this statement: it was found in the cache.
    assert hit == dialect.CACHE_HIT
    assert first == second and "vanthu.cntt" in first


def test_a_dialect_set_up_otherwise_compiles_again(databases, template_db):
    url = databases.create(template=template_db)
    try:
        plain, (cache, _, _) = _usernames(url)
        short, (short_cache, hit, dialect) = _usernames(url, label_length=20)
    finally:
        databases.drop(url)
    assert hit == dialect.CACHE_MISS
    assert plain == short


def test_the_signature_holds_settings_by_value():
    engine = make_engine("sqlite://")
    other = make_engine("sqlite://", paramstyle="named")
    try:
        same = make_engine("sqlite://")
        assert compiled_sql.dialect_signature(engine.dialect) == compiled_sql.dialect_signature(
            same.dialect
        )
        assert compiled_sql.dialect_signature(engine.dialect) != compiled_sql.dialect_signature(
            other.dialect
        )
        same.dispose()
    finally:
        engine.dispose()
        other.dispose()
