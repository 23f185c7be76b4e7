"""`tdkt catalogue`: the award catalogue as a table (award, decider, path, coefficient,
rule set)."""

from __future__ import annotations

from datetime import datetime

import click

from models.database import database_url, make_engine, make_session_factory
from workflows.deadlines.calendar import today
from workflows.process.registry import ProcessRegistry
from workflows.reference import role_codes
from workflows.reports import catalogue as awards_catalogue


@click.command("catalogue")
@click.option("--markdown", is_flag=True, help="A Markdown table instead of tab-separated text.")
@click.option(
    "--on", "on_day", default=None, help="Coefficients in force on this day (dd/mm/yyyy)."
)
def catalogue(markdown: bool, on_day: str | None) -> None:
    """Print the award catalogue: who decides, the path from the routing table, the bonus
    coefficient and the rule set in force."""
    day = datetime.strptime(on_day, "%d/%m/%Y").date() if on_day else today()
    registry = ProcessRegistry.load(role_codes())
    engine = make_engine(database_url())
    session = make_session_factory(engine)()
    try:
        entries = awards_catalogue.table(session, registry, day)
        # Reading only, but the process version may be recorded on first use: keep it.
        session.commit()
    finally:
        session.close()
        engine.dispose()
    click.echo(awards_catalogue.markdown(entries) if markdown else awards_catalogue.plain(entries))
