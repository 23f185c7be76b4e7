"""The `tdkt` command line: set-up, the server, accounts, backups, the worker, history imports."""

from webapp.cli.commands import main

__all__ = ["main"]
