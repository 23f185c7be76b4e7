"""The migration chain builds exactly the schema the models declare, and goes down again."""

import shutil

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from models import Base
from models.database import make_engine
from models.migrate import alembic_config, upgrade


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A SQLite file taken up the whole chain once for the module (whatever the suite's
    database): the first test reads it, the second goes down and up on a copy."""
    path = tmp_path_factory.mktemp("migrated") / "m.sqlite"
    upgrade(f"sqlite:///{path}")
    return path


def test_models_and_migrations_agree(migrated):
    engine = make_engine(f"sqlite:///{migrated}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_up_again(migrated, tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    shutil.copyfile(migrated, tmp_path / "m.sqlite")
    command.downgrade(alembic_config(url), "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    assert "proposal" in inspect(engine).get_table_names()
    engine.dispose()
