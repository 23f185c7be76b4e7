"""Compiled SQL shared between the engines of one test process.

Each test builds an app, so an engine, on a fresh copy of the template database. SQLAlchemy
keeps the SQL it compiled for a statement in a cache of the engine, keyed on the engine's
dialect object: every test's new engine compiles every statement it runs again. Profiled on
tests/board (66 tests, CPU clock), that was 12.6 s of 65 s.

Here every engine looks up one cache keyed on the dialect's signature instead: every dialect
set up alike (same class, same settings, same server version) finds the same entries, so a
statement compiled by an earlier test's engine is reused. What the compiled form is made of is
only the statement and the dialect's settings, which the signature holds by value; a dialect
with any other setting has entries of its own. (The ORM's flushes keep SQLAlchemy's own cache
per mapped class.) Nothing changes outside the suite, and live servers (other processes)
compile as before. tests/test_compiled_sql_cache.py checks a second engine reuses the first
one's compiled statements with the same results, and that another setting compiles again.
"""

from __future__ import annotations

import types
import weakref
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.util import LRUCache

#: what one process keeps: the suite's statements are a few thousand
SIZE = 20000


def _by_value(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_by_value(v) for v in value)
    return value is None or isinstance(value, (bool, int, float, str, bytes))


def dialect_signature(dialect: Dialect) -> tuple:
    """Every setting of the dialect: plain values as they are, modules and functions (a JSON
    serializer) by identity, other objects (its preparer, its type compiler, caches) by class,
    since they are made from those settings."""
    parts = []
    for name, value in sorted(vars(dialect).items()):
        if _by_value(value):
            parts.append((name, value))
        elif isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType)):
            parts.append((name, id(value)))
        else:
            parts.append((name, type(value).__module__, type(value).__qualname__))
    return (type(dialect).__module__, type(dialect).__qualname__, tuple(parts))


class SharedCompiledCache:
    """A compiled cache whose keys name the dialect by its signature, not by the object:
    (dialect, statement key, …) as SQLAlchemy builds them. A dialect's signature is taken at
    its first lookup, when it is connected (it has read its server's version) and set up."""

    def __init__(self, size: int = SIZE) -> None:
        self.entries: LRUCache = LRUCache(size)

    def _key(self, key: tuple) -> tuple:
        if key and isinstance(key[0], Dialect):
            signature = _signatures.get(key[0])
            if signature is None:
                signature = _signatures[key[0]] = dialect_signature(key[0])
            return (signature, *key[1:])
        return key

    def get(self, key: tuple, default: Any = None) -> Any:
        return self.entries.get(self._key(key), default)

    def __getitem__(self, key: tuple) -> Any:
        return self.entries[self._key(key)]

    def __setitem__(self, key: tuple, value: Any) -> None:
        self.entries[self._key(key)] = value

    def __contains__(self, key: tuple) -> bool:
        return self._key(key) in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def clear(self) -> None:
        self.entries.clear()


_signatures: weakref.WeakKeyDictionary[Dialect, tuple] = weakref.WeakKeyDictionary()
#: the statements of every engine's connections (selects, the ORM's loads)
statements = SharedCompiledCache()


def share_compiled_sql(connection: Connection) -> None:
    """At each connection: the engine's cache becomes the shared one (a cache turned off,
    query_cache_size=0, stays off)."""
    engine = connection.engine
    if engine._compiled_cache is not None and engine._compiled_cache is not statements:
        engine._compiled_cache = statements  # type: ignore[assignment]


@pytest.fixture(scope="session", autouse=True)
def compiled_sql_shared():
    event.listen(Engine, "engine_connect", share_compiled_sql)
    yield
    event.remove(Engine, "engine_connect", share_compiled_sql)
