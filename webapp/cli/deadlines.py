"""`tdkt worker` (timers and the mail outbox) and `tdkt calendar` (the province's exceptions)."""

from __future__ import annotations

import logging
import os
from datetime import date, datetime

import click

from models.database import database_url, make_engine, make_session_factory
from webapp.cli import background
from webapp.cli.common import fail, transaction
from workflows.cases import worker as case_runner
from workflows.deadlines import due_dates, mail
from workflows.deadlines.calendar import OFF, WORK, official_days
from workflows.errors import DomainError
from workflows.process import worker as runner

log = logging.getLogger(__name__)

NO_SMTP = "Chưa cấu hình SMTP (TDKT_SMTP_HOST): không gửi thư nào, chỉ có thông báo trong ứng dụng."


def _parse_day(value: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise click.BadParameter(f"'{value}' không phải ngày dd/mm/yyyy (hoặc yyyy-mm-dd)")


@click.command()
@click.option("--interval", default=60.0, show_default=True, help="Seconds between passes.")
@click.option("--once", is_flag=True, help="One pass, then exit (tests, cron).")
@click.option(
    "--parent-pid",
    type=int,
    default=None,
    hidden=True,
    help="Stop when this process (the server that started the worker) is gone.",
)
def worker(interval: float, once: bool, parent_pid: int | None) -> None:
    """Fire due timers (reminders, deadlines) and send the mail outbox, in a loop.

    `tdkt serve` runs one itself; run more beside servers started with --no-worker (any number
    against PostgreSQL), or `--once` from cron.
    """
    smtp = mail.settings_from_env()
    click.echo(f"Gửi thư qua SMTP: {smtp.describe()}" if smtp else NO_SMTP)
    engine = make_engine(database_url())
    factory = make_session_factory(engine)
    base_url = os.environ.get("TDKT_BASE_URL", "")
    from webapp import cases

    cases.register_kinds()  # the cases' timers need their kinds (workflows.cases.kinds)
    failed = False
    try:
        while True:
            try:
                # The cases' timers first: the mail they queue goes out in this pass.
                cases_report = case_runner.fire_due_timers(factory)
                report = runner.run_once(factory, smtp, base_url)
            except Exception as exc:
                if once:
                    raise
                # A loop beside the server outlives a bad pass (a locked database, a lost
                # connection): the next pass tries again.
                log.exception("worker pass failed")
                click.echo(f"Lỗi: {exc}", err=True)
                if not background.wait(interval, parent_pid):
                    break
                continue
            report.reminders += cases_report.reminders
            report.escalations += cases_report.escalations
            report.instances += cases_report.cases
            report.errors += cases_report.errors
            failed = bool(report.errors)
            if once or report.instances or report.mail.sent or report.mail.retried:
                click.echo(
                    f"Hẹn giờ: {report.reminders} nhắc hạn, {report.escalations} quá hạn "
                    f"({report.notifications} thông báo, {report.instances} hồ sơ); "
                    f"thư: {report.mail.sent} đã gửi, {report.mail.retried} chờ gửi lại, "
                    f"{report.mail.failed} bị từ chối"
                )
            for error in report.errors:
                click.echo(f"Lỗi: {error}", err=True)
            if once or not background.wait(interval, parent_pid):
                break
    except KeyboardInterrupt:
        pass
    finally:
        engine.dispose()
    if once and failed:
        raise SystemExit(1)


@click.group()
def calendar() -> None:
    """Ngày nghỉ thêm và ngày làm việc bù do tỉnh công bố (ngoài lịch nghỉ lễ, Tết chính thức)."""


@calendar.command("list")
@click.option("--year", type=int, default=None, help="Chỉ năm này.")
def calendar_list(year: int | None) -> None:

    with transaction() as session:
        rows = due_dates.list_exceptions(session, year)
        for row in rows:
            label = "nghỉ" if row.kind == OFF else "làm việc"
            click.echo(f"{row.day.strftime('%d/%m/%Y')}  {label:<9} {row.note}")
    if year is not None:
        days_off, worked = official_days(year)
        click.echo(
            f"Năm {year} (gói holidays): {len(days_off)} ngày nghỉ lễ, Tết; "
            f"{len(worked)} ngày cuối tuần làm bù."
        )


@calendar.command("add")
@click.argument("day")
@click.option("--kind", type=click.Choice([OFF, WORK]), required=True)
@click.option("--note", default="", help="Văn bản công bố, ví dụ số thông báo.")
def calendar_add(day: str, kind: str, note: str) -> None:

    when = _parse_day(day)
    try:
        with transaction() as session:
            due_dates.add_exception(session, when, kind, note)
    except DomainError as exc:
        fail(exc.message)
    label = "ngày nghỉ" if kind == OFF else "ngày làm việc"
    click.echo(f"Đã ghi {when.strftime('%d/%m/%Y')} là {label}.")


@calendar.command("remove")
@click.argument("day")
def calendar_remove(day: str) -> None:

    when = _parse_day(day)
    try:
        with transaction() as session:
            due_dates.remove_exception(session, when)
    except DomainError as exc:
        fail(exc.message)
    click.echo(f"Đã bỏ ngày ngoại lệ {when.strftime('%d/%m/%Y')}.")
