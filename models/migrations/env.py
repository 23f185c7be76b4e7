"""Alembic environment: the URL comes from the caller's config, the metadata from models."""

from alembic import context
from sqlalchemy import pool

from models import Base
from models.database import make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection
        if sqlite:
            # SQLite alters a table by copying and dropping it; with foreign keys enforced the
            # drop would cascade-delete the rows that refer to it. Checked again below. The
            # pragma works only outside a transaction, so it goes to the driver directly.
            raw.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            _wide_version_column(connection)
            context.run_migrations()
        if sqlite:
            broken = raw.execute("PRAGMA foreign_key_check").fetchall()
            raw.execute("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")
    engine.dispose()


def _wide_version_column(connection) -> None:
    # Alembic makes alembic_version.version_num VARCHAR(32), and descriptive revision ids are
    # longer: SQLite ignores the length, PostgreSQL refuses the insert. Create or widen it first.
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(255) NOT NULL,"
        " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
    )
    connection.exec_driver_sql(
        "ALTER TABLE alembic_version ALTER COLUMN version_num TYPE VARCHAR(255)"
    )


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
