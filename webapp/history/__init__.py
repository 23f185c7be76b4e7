"""Award history: people of a unit, a person's and a collective's years, the initiative
register, and importing history from a spreadsheet. Read and write rights: workflows.history.scope.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from models import Organisation, Person
from webapp import transaction
from webapp.errors import fields_of, message_of
from webapp.extensions import db
from webapp.numbers import ID_MAX, YEAR_MAX, YEAR_MIN, form_int, parse_int, query_int
from workflows.deadlines import calendar
from workflows.errors import DomainError, ValidationFailed
from workflows.history import (
    importer,
    initiatives,
    moves,
    person_facts,
    persons,
    records,
    scope,
    spreadsheet,
)
from workflows.vn_collation import sorted_vi

bp = Blueprint("history", __name__, url_prefix="/history", template_folder="templates")
UPLOAD_MAX = spreadsheet.MAX_BYTES
# The navbar shows the registry to those who may open it.
bp.add_app_template_global(scope.has_access, "history_access")


@bp.before_request
@login_required
def _registry_roles_only():
    if not scope.has_access(current_user):
        abort(403, _("Trang này dành cho Ban TĐKT, Sở và đơn vị có hồ sơ thi đua."))


def _readable_org(code: str) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None or not scope.can_read(db.session, current_user, org):
        # The same answer for "absent" and "not yours".
        abort(404, _("Không tìm thấy đơn vị này."))
    return org


def _editable_org(code: str) -> Organisation:
    org = _readable_org(code)
    if not scope.can_edit(current_user, org):
        abort(403, _("Chỉ Thường trực Hội đồng TĐKT và Giám đốc Sở được sửa hồ sơ thi đua."))
    return org


def _context() -> dict:
    return {
        "ratings": records.RATING_LABELS,
        "rating_short": records.RATING_SHORT,
        "scopes": initiatives.SCOPE_LABELS,
        "discipline_levels": records.DISCIPLINE_LEVELS,
    }


@bp.route("/")
def index():
    orgs = sorted_vi(scope.readable(db.session, current_user), key=lambda o: o.name)
    q = (request.args.get("q") or "").strip()
    found = persons.people(db.session, [o.id for o in orgs], q) if q else []
    return render_template("history/index.html", orgs=orgs, q=q, found=found, **_context())


@bp.route("/units/<org_code>")
def unit(org_code: str):
    org = _readable_org(org_code)
    q = (request.args.get("q") or "").strip()
    return render_template(
        "history/unit.html",
        org=org,
        q=q,
        people=persons.people(db.session, [org.id], q),
        years=records.years_of(db.session, org_id=org.id),
        can_edit=scope.can_edit(current_user, org),
        **_context(),
    )


@bp.route("/units/<org_code>/people/<id:person_id>")
def person(org_code: str, person_id: int):
    org = _readable_org(org_code)
    found = db.session.get(Person, person_id)
    if found is None or found.org_id != org.id:
        abort(404, _("Không tìm thấy cán bộ này."))
    return render_template(
        "history/person.html",
        org=org,
        person=found,
        years=records.years_of(db.session, person_id=found.id),
        can_edit=scope.can_edit(current_user, org),
        moves=moves.history(db.session, found.id),
        move_units=sorted_vi(
            [o for o in scope.editable(current_user) if o.id != org.id], key=lambda o: o.name
        ),
        **_context(),
    )


def _flag(name: str) -> bool:
    return request.form.get(name) in ("1", "on", "true")


def _int(name: str, label: str) -> int:
    value = parse_int(request.form.get(name), YEAR_MIN, YEAR_MAX)
    if value is None:
        wrong = _(
            "%(field)s phải là số từ %(min)s đến %(max)s", field=label, min=YEAR_MIN, max=YEAR_MAX
        )
        raise ValidationFailed("not_a_number", {name: wrong})
    return value


def _day(name: str, label: str) -> date | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    # dd/mm/yyyy as typed, yyyy-mm-dd as the browser's date picker posts it
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    wrong = _("%(field)s phải là ngày dạng dd/mm/yyyy", field=label)
    raise ValidationFailed("invalid_date", {name: wrong})


@bp.route("/units/<org_code>/people/<id:person_id>/facts", methods=["POST"])
def set_facts(org_code: str, person_id: int):
    org = _editable_org(org_code)
    found = db.session.get(Person, person_id)
    if found is None or found.org_id != org.id:
        abort(404, _("Không tìm thấy cán bộ này."))
    back = url_for("history.person", org_code=org_code, person_id=person_id)
    raw = {name: request.form.get(name, "") for name in person_facts.LABELS}
    units = {o.code: o for o in scope.editable(current_user)}
    asked = {name: request.form.get(name, "") for name in moves.LABELS}
    labels = {**person_facts.LABELS, **moves.LABELS}
    try:
        person_facts.apply(found, person_facts.parse(raw, calendar.today()))
        move = moves.parse(asked, calendar.today(), units.get)
        if move is not None:
            moves.apply(db.session, found, move)
    except ValidationFailed as exc:
        transaction.abandon()  # answered with a redirect: a success status, nothing kept
        for name, message in fields_of(exc).items():
            flash(f"{_(labels[name])}: {message}", "error")
        return redirect(back)
    flash(_("Đã ghi thông tin cán bộ."), "success")
    return redirect(url_for("history.person", org_code=found.org.code, person_id=person_id))


@bp.route("/units/<org_code>/years", methods=["POST"])
def set_year(org_code: str):
    org = _editable_org(org_code)
    person_id = form_int("person_id", None, 1, ID_MAX)
    if person_id is not None:
        subject = db.session.get(Person, person_id)
        if subject is None or subject.org_id != org.id:
            abort(404, _("Không tìm thấy cán bộ này."))
        back = url_for("history.person", org_code=org_code, person_id=person_id)
        target = {"person_id": person_id}
    else:
        back, target = url_for("history.unit", org_code=org_code), {"org_id": org.id}
    try:
        year = _int("year", _("Năm"))
        records.set_year(
            db.session,
            **target,
            year=year,
            rating=request.form.get("rating") or None,
            disciplined=_flag("disciplined"),
            discipline=request.form.get("discipline") or None,
            under_review=_flag("under_review"),
            note=(request.form.get("note") or "")[:1000],
            source="manual",
        )
    except ValidationFailed as exc:
        transaction.abandon()  # answered with a redirect: a success status, nothing kept
        for message in fields_of(exc).values():
            flash(message, "error")
        return redirect(back)
    flash(_("Đã ghi năm %(year)s.", year=year), "success")
    return redirect(back)


@bp.route("/initiatives")
def initiative_list():
    orgs = sorted_vi(scope.readable(db.session, current_user), key=lambda o: o.name)
    by_code = {o.code: o for o in orgs}
    chosen = by_code.get(request.args.get("unit") or "")
    year = query_int("year", None, YEAR_MIN, YEAR_MAX)
    used = {"1": True, "0": False}.get(request.args.get("used") or "")
    rows = initiatives.listing(
        db.session,
        org_ids=[chosen.id] if chosen else [o.id for o in orgs],
        year=year,
        used=used,
    )
    editable = sorted_vi(scope.editable(current_user), key=lambda o: o.name)
    people = persons.people(db.session, [o.id for o in editable]) if editable else []
    return render_template(
        "history/initiatives.html",
        orgs=orgs,
        chosen=chosen,
        year=year,
        used=request.args.get("used") or "",
        rows=rows,
        editable=editable,
        people=people,
        **_context(),
    )


@bp.route("/initiatives", methods=["POST"])
def initiative_add():
    org = _editable_org(request.form.get("unit") or "")
    author_id = form_int("person_id", None, 1, ID_MAX)
    try:
        initiatives.register(
            db.session,
            title=request.form.get("title") or "",
            org_id=org.id,
            person_id=author_id,
            year=_int("year", _("Năm công nhận")),
            decision_no=request.form.get("decision_no") or "",
            recognised_on=_day("recognised_on", _("Ngày công nhận")),
            scope=request.form.get("scope") or "co_so",
        )
    except ValidationFailed as exc:
        transaction.abandon()  # answered with a redirect: a success status, nothing kept
        for message in fields_of(exc).values():
            flash(message, "error")
        return redirect(url_for("history.initiative_list"))
    flash(_("Đã ghi sáng kiến vào sổ."), "success")
    return redirect(url_for("history.initiative_list", unit=org.code))


def _import_orgs() -> list[Organisation]:
    orgs = scope.editable(current_user)
    if not orgs:
        abort(403, _("Chỉ Thường trực Hội đồng TĐKT và Giám đốc Sở được nhập hồ sơ thi đua."))
    return orgs


@bp.route("/import")
def import_page():
    _import_orgs()
    return render_template("history/import.html", report=None, kind="history")


@bp.route("/import", methods=["POST"])
def import_file():
    orgs = _import_orgs()
    kind = request.form.get("kind") or "history"
    dry_run = _flag("dry_run")
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            wrong = _("Hãy chọn tệp .xlsx hoặc .csv")
            raise ValidationFailed("import_file_missing", {"file": wrong})
        data = upload.read(UPLOAD_MAX + 1)
        report = importer.import_file(
            db.session,
            filename=upload.filename,
            data=data,
            kind=kind,
            org_ids=[o.id for o in orgs],
            dry_run=dry_run,
        )
    except DomainError as exc:
        transaction.abandon()
        message = (
            "; ".join(fields_of(exc).values())
            if isinstance(exc, ValidationFailed)
            else message_of(exc)
        )
        flash(message, "error")
        return render_template("history/import.html", report=None, kind=kind), 400
    if dry_run:
        transaction.abandon()  # the report of what would be written, with nothing written
    return render_template("history/import.html", report=report, kind=kind)


from webapp.history import outside_awards  # noqa: E402, F401  (its routes join this blueprint)
