"""`tdkt history import FILE`: award history or initiatives from a spreadsheet, with a report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from models.database import begin_write, database_url, make_engine, make_session_factory
from workflows.errors import DomainError, ValidationFailed
from workflows.history import importer


@click.group()
def history() -> None:
    """Hồ sơ thi đua: xếp loại, danh hiệu, sáng kiến."""


@history.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(importer.KINDS),
    default="history",
    show_default=True,
    help="history: xếp loại, danh hiệu, kỷ luật; initiatives: sáng kiến.",
)
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
def import_command(file: Path, kind: str, dry_run: bool) -> None:
    """Import FILE (.xlsx or .csv) for every department; prints accepted and rejected rows."""
    engine = make_engine(database_url())
    session = make_session_factory(engine)()
    try:
        begin_write(session)
        report = importer.import_file(
            session,
            filename=file.name,
            data=file.read_bytes(),
            kind=kind,
            org_ids=None,
            dry_run=dry_run,
        )
        if dry_run:
            session.rollback()
        else:
            session.commit()
    except DomainError as exc:
        session.rollback()
        text = "; ".join(exc.fields.values()) if isinstance(exc, ValidationFailed) else exc.message
        click.echo(f"Lỗi: {text}", err=True)
        sys.exit(1)
    except Exception:
        session.rollback()  # nothing half-written
        raise
    finally:
        session.close()
        engine.dispose()
    for line in report.lines():
        click.echo(line)
