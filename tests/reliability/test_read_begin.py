"""A read transaction on SQLite begins with BEGIN DEFERRED sent straight to the driver
(models.database): it still holds one snapshot, and a BEGIN that fails is SQLAlchemy's error."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from models import write_queue
from models.database import make_engine


def test_a_read_is_one_transaction_and_a_failed_begin_is_sqlalchemys_error(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'read.sqlite'}")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            assert conn.connection.dbapi_connection.in_transaction  # not autocommit
        plain_execute = sqlite3.Connection.execute

        def refuse(self, sql, *args):
            if sql == "BEGIN DEFERRED":
                raise sqlite3.OperationalError("disk I/O error")
            return plain_execute(self, sql, *args)

        monkeypatch.setattr(write_queue.QueuedConnection, "execute", refuse, raising=False)
        with pytest.raises(OperationalError, match="disk I/O error"), engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()
