"""Password policy and hashing, through the command line and the login they lead to."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from models import User
from tests.support.world import USERS
from webapp import create_app
from webapp.cli import main
from workflows.directory.passwords import MIN_LENGTH, problem
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(scope="module")
def initialised(tmp_path_factory) -> Path:
    """`tdkt init` and `tdkt demo` once; each test gets a copy of the database."""
    directory = tmp_path_factory.mktemp("cli")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TDKT_DATA_DIR", str(directory))
        patch.setenv("TDKT_DATABASE_URL", f"sqlite:///{directory / 'cli.sqlite'}")
        patch.delenv("TDKT_DEMO_PASSWORD", raising=False)
        for command in (["init"], ["demo"]):
            assert CliRunner().invoke(main, command, catch_exceptions=False).exit_code == 0
    return directory / "cli.sqlite"


@pytest.fixture
def cli(initialised, tmp_path, monkeypatch):
    shutil.copyfile(initialised, tmp_path / "cli.sqlite")
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_DATABASE_URL", url)
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    run.url = url
    return run


@pytest.fixture
def cli_app(cli, tmp_path):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": cli.url, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False}
    )
    yield app
    app.extensions["tdkt_engine"].dispose()


def token(app, username: str, password: str):
    return app.test_client().post(TOKEN_URL, json={"username": username, "password": password})


def usernames(cli) -> set[str]:
    return {u["username"] for u in json.loads(cli("users", "list", "--json").output)}


WEAK = [
    ("Ngan@2025", f"ít nhất {MIN_LENGTH} ký tự"),
    ("CanBo.Moi.Hai", "trùng tên đăng nhập"),
    ("matkhau@123", "phổ biến"),
    ("Password123", "phổ biến"),
    ("aaaaaaaaaaaa", "phổ biến"),
    ("x" * 201, "tối đa 200"),
]


@pytest.mark.parametrize(("password", "reason"), WEAK, ids=[w[0][:16] for w in WEAK])
def test_users_add_refuses_a_weak_password_and_adds_nothing(cli, password, reason):
    result = cli(
        "users", "add", "canbo.moi.hai", "--role", "nominator", "--org", "sotttt-vp",
        "--password", password,
    )  # fmt: skip
    assert result.exit_code == 1 and reason in result.output
    assert "canbo.moi.hai" not in usernames(cli)


def test_users_add_accepts_a_good_password_and_hashes_it_with_a_salt(cli, cli_app):
    for name in ("canbo.mot", "canbo.hai"):
        result = cli(
            "users", "add", name, "--role", "nominator", "--org", "sotttt-vp",
            "--password", "Thi-dua-2025!",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    with cli_app.extensions["tdkt_sessions"]() as session:
        hashes = [
            session.scalar(select(User.password_hash).where(User.username == n))
            for n in ("canbo.mot", "canbo.hai")
        ]
    assert all(h.startswith("scrypt:") and "Thi-dua-2025!" not in h for h in hashes)
    assert hashes[0] != hashes[1]  # salted
    assert token(cli_app, "canbo.mot", "Thi-dua-2025!").status_code == 201


def test_the_demo_password_satisfies_the_policy():
    for username in USERS:
        assert problem(DEFAULT_DEMO_PASSWORD, username) is None, username
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"`{DEFAULT_DEMO_PASSWORD}`" in readme


def test_passwd_sets_a_new_password_and_revokes_the_api_tokens(cli, cli_app):
    old = token(cli_app, "vanthu.cntt", DEFAULT_DEMO_PASSWORD).get_json()["token"]
    bearer = {"Authorization": f"Bearer {old}"}
    assert cli_app.test_client().get("/api/v1/me", headers=bearer).status_code == 200
    new = "Dien-Bien-Phu-1954"
    result = cli("users", "passwd", "vanthu.cntt", input=f"{new}\n{new}\n")
    assert result.exit_code == 0, result.output
    assert new not in result.output  # typed, not echoed
    assert cli_app.test_client().get("/api/v1/me", headers=bearer).status_code == 401
    assert token(cli_app, "vanthu.cntt", DEFAULT_DEMO_PASSWORD).status_code == 401
    assert token(cli_app, "vanthu.cntt", new).status_code == 201
    web = cli_app.test_client().post("/login", data={"username": "vanthu.cntt", "password": new})
    assert web.status_code == 302


def test_passwd_refuses_weak_or_mismatched_passwords_and_unknown_accounts(cli, cli_app):
    weak = cli("users", "passwd", "vanthu.cntt", input="vanthu.cntt\nvanthu.cntt\n")
    assert weak.exit_code == 1 and "trùng tên đăng nhập" in weak.output
    mismatch = cli("users", "passwd", "vanthu.cntt", input="Mot-mat-khau-1\nKhac-mat-khau-2\n")
    assert mismatch.exit_code != 0
    unknown = cli("users", "passwd", "khong.ai.ca", input="Mot-mat-khau-1\nMot-mat-khau-1\n")
    assert unknown.exit_code == 1 and "khong.ai.ca" in unknown.output
    # Nothing changed.
    assert token(cli_app, "vanthu.cntt", DEFAULT_DEMO_PASSWORD).status_code == 201


def test_passwd_can_generate_a_password_shown_once(cli, cli_app):
    result = cli("users", "passwd", "giamdoc.tttt", "--generate")
    assert result.exit_code == 0, result.output
    generated = result.output.rsplit(": ", 1)[1].strip()
    assert problem(generated, "giamdoc.tttt") is None
    assert token(cli_app, "giamdoc.tttt", generated).status_code == 201
    assert token(cli_app, "giamdoc.tttt", DEFAULT_DEMO_PASSWORD).status_code == 401


#: (memory in KiB, iterations) of the cheat sheet's five Argon2id lines, which it rates equal
OWASP_ARGON2ID = {(47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5)}


def test_the_application_hashes_with_argon2id_at_owasps_cost(monkeypatch):
    # The suite hashes cheaply (tests/support/hashing.py); the application's own hash must be
    # Argon2id at one of the settings OWASP's Password Storage Cheat Sheet lists (p=1), and a
    # hash stored before it (Werkzeug's default scrypt, Argon2 at another cost) must still let
    # its owner in.
    from argon2 import PasswordHasher
    from werkzeug.security import generate_password_hash

    from tests.support.hashing import REAL_NEW_HASH
    from workflows.directory import passwords, tokens
    from workflows.directory.passwords import hash_password, matches

    monkeypatch.setattr(passwords, "new_hash", REAL_NEW_HASH)
    stored = hash_password(DEFAULT_DEMO_PASSWORD, "vanthu.cntt")
    variant, version, params, _salt, _digest = stored.split("$")[1:]
    cost = dict(p.split("=") for p in params.split(","))
    assert variant == "argon2id" and version == "v=19"
    assert (int(cost["m"]), int(cost["t"])) in OWASP_ARGON2ID and int(cost["p"]) == 1
    assert DEFAULT_DEMO_PASSWORD not in stored
    assert matches(stored, DEFAULT_DEMO_PASSWORD)
    assert not matches(stored, DEFAULT_DEMO_PASSWORD + "x")
    assert not matches(stored[:-4], DEFAULT_DEMO_PASSWORD)  # a damaged hash lets nobody in
    earlier = PasswordHasher(time_cost=3, memory_cost=12288, parallelism=1)
    assert matches(earlier.hash(DEFAULT_DEMO_PASSWORD), DEFAULT_DEMO_PASSWORD)
    legacy = generate_password_hash(DEFAULT_DEMO_PASSWORD)
    assert legacy.startswith("scrypt:32768:8:1$")
    assert matches(legacy, DEFAULT_DEMO_PASSWORD) and not matches(legacy, "Sai@mat-khau1")
    tokens._dummy_hash.cache_clear()
    try:
        assert tokens._dummy_hash().startswith("$argon2id$")
    finally:
        tokens._dummy_hash.cache_clear()


def test_the_suite_hashes_cheaply(session):
    # What keeps thousands of logins cheap, in the app and in live servers alike: the demo
    # accounts of the template database carry the test method, read back at every check.
    from tests.support.hashing import TEST_METHOD

    hashes = session.scalars(select(User.password_hash)).all()
    assert hashes and all(h.startswith(TEST_METHOD + "$") for h in hashes)
