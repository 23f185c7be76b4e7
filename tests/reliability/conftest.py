"""Fixtures of the reliability tests: the API token clients of tests/api, and the CLI."""

import pytest
from click.testing import CliRunner

from webapp.cli import main


@pytest.fixture
def tdkt(monkeypatch, tmp_path):
    """tdkt(url, *args) → the result of that `tdkt` command run against the database at url."""
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def run(url: str, *args: str):
        monkeypatch.setenv("TDKT_DATABASE_URL", url)
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run
