"""The migration chain on the suite's database (SQLite or PostgreSQL).

It builds exactly the schema the models declare, goes down and up again, and `tdkt init`
upgrades a database filled at the first revision in place, keeping every row.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, MetaData, insert, inspect

from models import Base
from models.database import make_engine
from models.migrate import alembic_config, upgrade
from tests.support.first_revision import FIRST, ROWS_AT_FIRST
from tests.support.tables import snapshot


@pytest.fixture(scope="module")
def migrated(databases) -> str:
    """An empty database taken up the whole chain once for the module: the tests that only
    look at the schema read it, the one that goes down and up works on a copy (each upgrade of
    the chain was most of a test's time)."""
    url = databases.create()
    upgrade(url)
    yield url
    databases.drop(url)


def test_models_and_migrations_agree_on_this_database(migrated):
    engine = make_engine(migrated)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_migrations_make_the_check_constraints_the_models_declare(migrated):
    # compare_metadata does not look at CHECK constraints: the models build theirs from the
    # vocabulary's enums, the migrations froze the lists, and the two must not drift apart.
    engine = make_engine(migrated)
    try:
        found = inspect(engine)
        sqlite = engine.dialect.name == "sqlite"
        for table in Base.metadata.sorted_tables:
            declared = {
                c.name: str(c.sqltext)
                for c in table.constraints
                if isinstance(c, CheckConstraint) and c.name
            }
            migrated = {c["name"]: c["sqltext"] for c in found.get_check_constraints(table.name)}
            assert set(migrated) == set(declared), table.name
            if sqlite:
                # PostgreSQL rewrites the condition (= ANY (ARRAY[...])); SQLite keeps it as
                # written, so there the lists themselves are compared.
                assert migrated == declared, table.name
    finally:
        engine.dispose()


def test_down_to_base_and_up_again(databases, migrated):
    url = databases.create(template=migrated)
    try:
        command.downgrade(alembic_config(url), "base")
        engine = make_engine(url)
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        engine.dispose()
        upgrade(url)
        engine = make_engine(url)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        engine.dispose()
    finally:
        databases.drop(url)


def test_init_upgrades_a_database_of_the_first_revision_in_place(empty_db_url, tdkt):
    upgrade(empty_db_url, FIRST)
    engine = make_engine(empty_db_url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table, rows in ROWS_AT_FIRST:
            conn.execute(insert(meta.tables[table]), rows)
    engine.dispose()
    before = snapshot(empty_db_url)
    assert before["alembic_version"] == [{"version_num": FIRST}]

    result = tdkt(empty_db_url, "init")
    assert result.exit_code == 0, result.output

    after = snapshot(empty_db_url)
    assert {row["version_num"] for row in after["alembic_version"]} != {FIRST}
    for table, rows in before.items():
        if table == "alembic_version":
            continue
        # A later revision may add columns (and rows); every row written at 0001 is still there
        # with the values it had.
        kept = [{key: row[key] for key in rows[0]} for row in after[table]] if rows else []
        for row in rows:
            assert row in kept, (table, row)
    assert len(before["proposal"]) == 1 and before["proposal"][0]["title"] in {
        row["title"] for row in after["proposal"]
    }
