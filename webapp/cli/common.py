"""What every command shares: one transaction per command, and how a command fails."""

import sys
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from models.database import begin_write, database_url, make_engine, make_session_factory


@contextmanager
def transaction():
    """One command, one transaction: committed at the end or rolled back on any error."""
    engine = make_engine(database_url())
    session: Session = make_session_factory(engine)()
    try:
        begin_write(session)
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()
        engine.dispose()


def fail(message: str) -> None:
    click.echo(f"Lỗi: {message}", err=True)
    sys.exit(1)
