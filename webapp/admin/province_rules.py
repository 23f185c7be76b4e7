"""The province's own rules (/admin/rules): what is in force on a day with its source, every
version written, and a form per kind that adds a new version from a date.

A blueprint of its own, beside the admin one: the board and its officers at the province's
board set these rules (Decree 152 Art. 6(2)(c)), not only administrators.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import RuleKind
from webapp import transaction
from webapp.errors import fields_of
from webapp.extensions import db
from workflows.deadlines.calendar import today
from workflows.errors import N_, ValidationFailed
from workflows.reference import roles
from workflows.reports import province_rules
from workflows.rulebook import kinds, store

bp = Blueprint("province_rules", __name__, url_prefix="/admin/rules", template_folder="templates")


@bp.before_request
@login_required
def _readers_only():
    if not store.may_read(current_user, today()):
        abort(403, _("Chỉ Ban Thi đua – Khen thưởng tỉnh và quản trị hệ thống xem được trang này."))


@bp.app_template_global("province_rules_access")
def province_rules_access(user) -> bool:
    """Whether the navigation offers the rules page to `user`."""
    return user.is_authenticated and store.may_read(user, today())


def parse_day(value: str | None) -> date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime((value or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def _on() -> date:
    raw = request.args.get("on")
    day = parse_day(raw) if raw else today()
    if day is None:
        raise ValidationFailed("invalid_date", {"on": N_("phải là ngày dạng dd/mm/yyyy")})
    return day


@bp.route("/")
def index():
    day = _on()
    entries = province_rules.in_force(db.session, day)
    return render_template(
        "admin/rules.html",
        day=day,
        entries=entries,
        kinds=list(RuleKind),
        may_edit=store.may_edit(current_user, today()),
    )


def _kind(kind: str) -> RuleKind:
    if kind not in RuleKind.__members__.values():
        abort(404)
    return RuleKind(kind)


def _render_kind(kind: RuleKind, errors: dict[str, str] | None = None, status: int = 200):
    day = today()
    in_force = [e for e in province_rules.in_force(db.session, day) if e.kind == kind]
    page = render_template(
        "admin/rules_kind.html",
        kind=kind,
        day=day,
        in_force=in_force,
        versions=store.history(db.session, kind),
        may_edit=store.may_edit(current_user, day),
        errors=errors or {},
        form=request.form,
        steps=kinds.step_ids(),
        roles=sorted(roles()),
        scopes=kinds.SCOPES,
        items=kinds.shipped_items(),
    )
    return page, status


@bp.route("/<kind>")
def kind_page(kind: str):
    return _render_kind(_kind(kind))


def _lines(text: str) -> dict[str, dict[str, str]]:
    """New dossier items, one a line: code | Vietnamese label | English label."""
    items = {}
    for line in text.splitlines():
        if line.strip():
            code, _bar, rest = line.partition("|")
            label_vi, _bar, label_en = rest.partition("|")
            items[code.strip()] = {"label_vi": label_vi.strip(), "label_en": label_en.strip()}
    return items


def value_from_form(kind: RuleKind, form) -> dict:
    """The value as the rulebook checks it, from the kind's form fields."""
    if kind == RuleKind.COUNCIL:
        return {
            "quorum": form.get("quorum", ""),
            "approval": {
                "share": form.get("approval", ""),
                "of": form.get("approval_of", ""),
                "strict": form.get("strict") == "1",
            },
        }
    if kind == RuleKind.STEP_DEADLINE:
        return {
            "duration": form.get("duration", ""),
            "unit": form.get("unit", ""),
            "remind_before": form.get("remind_before", ""),
            "escalate_to": {"role": form.get("role", ""), "scope": form.get("scope", "")},
        }
    if kind == RuleKind.YEAR_DEADLINE:
        return {"day": form.get("day", ""), "month": form.get("month", "")}
    return {
        "required": form.get("required", ""),
        "optional": form.get("optional", ""),
        "items": _lines(form.get("items", "")),
    }


@bp.route("/<kind>", methods=["POST"])
def add(kind: str):
    rule_kind = _kind(kind)
    day = today()
    store.check_may_edit(current_user, day)
    form = request.form
    raw_from = form.get("valid_from", "")
    try:
        row = store.add_version(
            db.session,
            current_user.id,
            rule_kind,
            form.get("key", ""),
            value_from_form(rule_kind, form),
            parse_day(raw_from),
            form.get("source", ""),
            day,
        )
    except ValidationFailed as exc:
        transaction.abandon()
        return _render_kind(rule_kind, fields_of(exc), 400)
    flash(
        _(
            "Đã ghi quy định mới “%(key)s”, áp dụng từ %(day)s.",
            key=row.key,
            day=row.valid_from.strftime("%d/%m/%Y"),
        ),
        "success",
    )
    return redirect(url_for("province_rules.kind_page", kind=rule_kind.value))
