"""The `tdkt` command: init, demo, serve, users, backup, restore, worker, calendar."""

from __future__ import annotations

import json
import os
import secrets
import sys
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy import select

from models import RoleAssignment, User
from models.database import database_url
from models.migrate import upgrade
from webapp.cli import background
from webapp.cli.catalogue import catalogue
from webapp.cli.common import fail, transaction
from webapp.cli.deadlines import calendar, worker
from webapp.cli.history import history
from webapp.config import data_dir, secret_key
from workflows.directory.users import (
    assign,
    get_or_create_user,
    list_users,
    set_active,
    set_password,
)
from workflows.engine.diagrams import DiagramError
from workflows.errors import DomainError
from workflows.ops import backup as backups
from workflows.ops import backup_database
from workflows.ops.demo import demo_password, has_demo_data, load_demo
from workflows.process import versions
from workflows.process.registry import ProcessRegistry
from workflows.reference import ensure_reference_data, role_codes


@click.group()
def main() -> None:
    """tdkt – thi đua, khen thưởng theo quy trình BPMN."""


main.add_command(worker)
main.add_command(calendar)
main.add_command(catalogue)
main.add_command(history)


@main.command()
def init() -> None:
    """Create or migrate the database, load reference data, check the diagrams."""
    secret_key(create=True)
    url = database_url()
    upgrade(url)
    try:
        registry = ProcessRegistry.load(role_codes())
    except DiagramError as exc:
        fail(str(exc))
    with transaction() as session:
        ensure_reference_data(session)
        try:
            # A stored version is code the instances run: refuse the database if one was edited.
            versions.verify_all(session)
            version, _ = registry.current(session)
        except DomainError as exc:
            fail(exc.message)
        click.echo(f"Cơ sở dữ liệu sẵn sàng: {_redact(url)}")
        click.echo(f"Phiên bản quy trình: {version.content_hash[:12]} (#{version.id})")


@main.command()
@click.option("--if-empty", is_flag=True, help="Load only when the database has no users yet.")
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only what was recorded by this day (YYYY-MM-DD); the whole story when absent.",
)
def demo(if_empty: bool, until: datetime | None) -> None:
    """Load the demo organisations and accounts of Điện Biên and print the accounts."""
    try:
        with transaction() as session:
            if if_empty and has_demo_data(session):
                click.echo("Đã có dữ liệu; không nạp lại dữ liệu mẫu.")
                return
            ensure_reference_data(session)
            users = load_demo(session, until=until.date() if until else None)
            click.echo(f"Tài khoản mẫu (mật khẩu: {demo_password()}):")
            for user in users:
                roles = ", ".join(_held(a) for a in user.assignments)
                click.echo(f"  {user.username:<18} {user.full_name:<22} {roles}")
    except DomainError as exc:  # e.g. a TDKT_DEMO_PASSWORD the password policy refuses
        fail(exc.message)


def _held(assignment: RoleAssignment) -> str:
    """role@org, with the days it was held when it has them (dd/mm/yyyy)."""
    start, end = assignment.valid_from, assignment.valid_to
    if start is None and end is None:
        return f"{assignment.role_code}@{assignment.org.code}"
    days = f"{start:%d/%m/%Y}" if start else ""
    return (
        f"{assignment.role_code}@{assignment.org.code} ({days}–{end:%d/%m/%Y})"
        if end
        else (f"{assignment.role_code}@{assignment.org.code} (từ {days})")
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn workers.")
@click.option("--threads", default=4, show_default=True, type=int, help="Threads per worker.")
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="One line per request on stdout (off behind a proxy that logs, or to measure).",
)
@click.option("--dev", is_flag=True, help="Flask's development server with the reloader instead.")
@click.option(
    "--worker/--no-worker",
    "run_worker",
    default=True,
    show_default=True,
    envvar="TDKT_SERVE_WORKER",
    help="Run the background worker (timers, mail outbox) with the server; off where "
    "separate `tdkt worker` processes run (env TDKT_SERVE_WORKER=0).",
)
@click.option(
    "--worker-interval",
    default=60.0,
    show_default=True,
    envvar="TDKT_WORKER_INTERVAL",
    help="Seconds between the worker's passes.",
)
def serve(
    host: str,
    port: int,
    workers: int,
    threads: int,
    access_log: bool,
    dev: bool,
    run_worker: bool,
    worker_interval: float,
) -> None:
    """Serve the web application (gunicorn; workers share nothing but the database), with the
    background worker that fires timers and sends mail, which stops with the server."""
    from webapp import create_app

    app = create_app()  # fails here, before forking, on a bad diagram or a missing secret
    click.echo(f"tdkt: http://{host}:{port}/")
    # The reloader of --dev runs this command again in a child: one worker, from the parent.
    if run_worker and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        background.start_worker(worker_interval)
        click.echo(f"tdkt: tiến trình nền (hẹn giờ, thư) chạy mỗi {worker_interval:g} giây")
    if dev:
        app.run(host=host, port=port, debug=True)
        return
    # The repository's gunicorn.conf.py, wherever the command is run from.
    config = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    args = [sys.executable, "-m", "gunicorn", "--config", str(config), "--workers", str(workers)]
    args += ["--threads", str(threads), "--bind", f"{host}:{port}"]
    if access_log:
        args += ["--access-logfile", "-"]
    os.execvp(sys.executable, [*args, "webapp.wsgi:app"])


@main.group()
def users() -> None:
    """List, add, disable and enable accounts; set passwords."""


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def users_list(as_json: bool) -> None:
    with transaction() as session:
        rows = list_users(session)
    if as_json:
        for row in rows:
            for role in row["roles"]:
                role.pop("org_name")
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        roles = ", ".join(f"{r['role']}@{r['org']}" for r in row["roles"])
        click.echo(f"{row['username']:<18} {row['full_name']:<24} {roles}")


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, help="Role code, e.g. nominator, unit_head, director.")
@click.option("--org", required=True, help="Organisation code, e.g. sotttt-cntt.")
@click.option("--full-name", default=None, help="Full name (defaults to the username).")
@click.option("--password", default=None, help="Password; generated and printed when omitted.")
def users_add(username: str, role: str, org: str, full_name: str | None, password: str | None):
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        with transaction() as session:
            existed = session.scalar(select(User.id).where(User.username == username))
            user = get_or_create_user(session, username, full_name or username, password)
            assign(session, user, role, org)
    except DomainError as exc:
        fail(exc.message)
    click.echo(f"Đã gán vai trò {role} tại {org} cho {username}.")
    if existed:
        click.echo("Tài khoản đã có từ trước; mật khẩu không đổi.")
    elif generated:
        click.echo(f"Mật khẩu (chỉ hiện một lần): {password}")


@users.command("passwd")
@click.argument("username")
@click.option("--generate", is_flag=True, help="Generate a password and print it once.")
def users_passwd(username: str, generate: bool) -> None:
    """Set a new password (asked twice, not echoed); the account's API tokens are revoked."""
    if generate:
        password = secrets.token_urlsafe(12)
    else:
        # Asked for, never taken as an argument: arguments end up in shell history and `ps`.
        password = click.prompt(
            "Mật khẩu mới", hide_input=True, confirmation_prompt="Nhập lại mật khẩu mới"
        )
    try:
        with transaction() as session:
            set_password(session, username, password)
    except DomainError as exc:
        fail(exc.message)
    click.echo(
        f"Đã đổi mật khẩu của {username}; các token API cũ đã bị thu hồi, "
        "mọi phiên đăng nhập đã kết thúc."
    )
    if generate:
        click.echo(f"Mật khẩu (chỉ hiện một lần): {password}")


@users.command("disable")
@click.argument("username")
def users_disable(username: str) -> None:
    """Disable an account: no login, its API tokens revoked, every web session ended."""
    try:
        with transaction() as session:
            set_active(session, username, False)
    except DomainError as exc:
        fail(exc.message)
    click.echo(
        f"Đã vô hiệu hóa tài khoản {username}; các token API đã bị thu hồi, "
        "mọi phiên đăng nhập đã kết thúc."
    )


@users.command("enable")
@click.argument("username")
def users_enable(username: str) -> None:
    """Enable a disabled account again (its old sessions and tokens stay ended)."""
    try:
        with transaction() as session:
            set_active(session, username, True)
    except DomainError as exc:
        fail(exc.message)
    click.echo(f"Đã kích hoạt lại tài khoản {username}.")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write the database and the attachments to one archive FILE (.tar.gz)."""
    url = database_url()
    try:
        made = backups.backup(url, file, data_dir())
    except DomainError as exc:
        fail(exc.message)
    click.echo(
        f"Đã sao lưu {_redact(url)} và {made.attachments} tệp đính kèm của {data_dir()} vào {file}"
    )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Overwrite a database that already has data.")
def restore(file: Path, yes: bool) -> None:
    """Verify the archive FILE, then put back its attachments and replace the whole database
    (then run `tdkt init`)."""
    url = database_url()
    try:
        if not yes and backup_database.has_tables(url):
            fail(
                f"{_redact(url)} đã có dữ liệu; khôi phục sẽ ghi đè toàn bộ. "
                "Thêm --yes nếu chắc chắn."
            )
        done = backups.restore(url, file, data_dir())
    except DomainError as exc:
        fail(exc.message)
    click.echo(
        f"Đã kiểm tra và khôi phục {_redact(url)} ({done.versions} phiên bản quy trình) và "
        f"{done.attachments} tệp đính kèm vào {data_dir()} từ {file}; "
        "chạy `tdkt init` để nâng cấp nếu cần."
    )


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
