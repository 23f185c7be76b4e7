"""The tdkt command on a database of its own."""

import json

import pytest
from click.testing import CliRunner

from webapp.cli import main


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.setenv("TDKT_DEMO_PASSWORD", "Mat-khau-demo-1")
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run


def test_init_demo_and_list_users(cli, tmp_path):
    first = cli("init")
    assert first.exit_code == 0, first.output
    assert (tmp_path / "secret_key").exists()
    assert cli("init").exit_code == 0  # migrating an up-to-date database is a no-op

    demo = cli("demo")
    assert (
        demo.exit_code == 0 and "Mat-khau-demo-1" in demo.output and "giamdoc.tttt" in demo.output
    )
    assert "Đã có dữ liệu" in cli("demo", "--if-empty").output

    listed = json.loads(cli("users", "list", "--json").output)
    by_name = {u["username"]: u for u in listed}
    assert by_name["vanthu.cntt"] == {
        "username": "vanthu.cntt",
        "full_name": "Nguyễn Thị Lan",
        "roles": [{"role": "nominator", "org": "sotttt-cntt"}],
    }
    assert {r["role"] for u in listed for r in u["roles"]} >= {
        "nominator",
        "unit_head",
        "dept_secretariat",
        "dept_council",
        "director",
        "grouping_head",
        "board_officer",
        "province_council",
        "chairman",
        "board",
        "admin",
    }


def test_users_add_and_refusals(cli, db_url, monkeypatch):
    # The suite's seeded database (migrated by the chain, demo accounts and units) instead of
    # `init` + `demo` again: the test above runs those; this one is about `users add`.
    monkeypatch.setenv("TDKT_DATABASE_URL", db_url)
    added = cli(
        "users",
        "add",
        "canbo.moi",
        "--role",
        "nominator",
        "--org",
        "sotttt-vp",
        "--full-name",
        "Cán Bộ Mới",
        "--password",
        "Mat-khau-123",
    )
    assert added.exit_code == 0, added.output
    listed = {u["username"]: u for u in json.loads(cli("users", "list", "--json").output)}
    assert listed["canbo.moi"]["roles"] == [{"role": "nominator", "org": "sotttt-vp"}]

    unknown_role = CliRunner().invoke(
        main, ["users", "add", "x.y", "--role", "king", "--org", "sotttt"]
    )
    assert unknown_role.exit_code == 1 and "king" in unknown_role.output
    unknown_org = CliRunner().invoke(
        main, ["users", "add", "x.y", "--role", "nominator", "--org", "nowhere"]
    )
    assert unknown_org.exit_code == 1 and "nowhere" in unknown_org.output
    # Nothing of the refused commands was written.
    assert "x.y" not in {u["username"] for u in json.loads(cli("users", "list", "--json").output)}
