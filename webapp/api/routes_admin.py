"""Administration through the API (role admin only, 403 for anyone else): accounts, role
assignments with validity dates, bloc and cluster membership and the yearly heads. The same
services as the pages (workflows.directory), so the same checks, the same audit."""

from __future__ import annotations

from datetime import date
from functools import wraps

from flask import g, jsonify, request
from flask_babel import gettext as _

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.inputs import json_body, query_int
from webapp.errors import error_body
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN
from workflows.deadlines.calendar import today
from workflows.directory import accounts, assignments, groupings, users
from workflows.directory.access import ADMIN
from workflows.errors import N_, ValidationFailed

#: the longest text any field here takes (a full name, a basis); longer is refused
TEXT_MAX = 255


def admin_required(view):
    @token_required
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not g.api_user.has_role(ADMIN):
            message = _("Chỉ quản trị hệ thống mới dùng được chức năng này.")
            return jsonify(error_body(403, "admin_only", message)), 403
        return view(*args, **kwargs)

    return wrapper


def _text(body: dict, key: str, required: bool = True) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationFailed("invalid_field", {key: N_("cần một chuỗi ký tự")})
    if len(value) > TEXT_MAX:
        raise ValidationFailed("invalid_field", {key: N_("dài quá %(max)s ký tự", max=TEXT_MAX)})
    return value


def _optional_day(body: dict, key: str) -> date | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise ValidationFailed("invalid_date", {key: N_("phải là ngày dạng yyyy-mm-dd")})
    return assignments.parse_optional_day(value, key)


def _day(body: dict, key: str) -> date:
    day = _optional_day(body, key)
    if day is None:
        raise ValidationFailed("invalid_date", {key: N_("cần một ngày dạng yyyy-mm-dd")})
    return day


def _day_value(value) -> str | None:
    return value.isoformat() if value else None


def user_json(user, locked_until=None) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "locale": user.locale,
        "active": user.active,
        "locked_until": locked_until.isoformat() + "Z" if locked_until else None,
        "roles": [
            {
                "id": a.id,
                "role": a.role_code,
                "org": a.org.code,
                "valid_from": _day_value(a.valid_from),
                "valid_to": _day_value(a.valid_to),
            }
            for a in sorted(user.held_assignments(), key=lambda a: (a.role_code, a.org.code))
        ],
    }


def assignment_json(a) -> dict:
    return {
        "id": a.id,
        "username": a.user.username,
        "role": a.role_code,
        "org": a.org.code,
        "valid_from": _day_value(a.valid_from),
        "valid_to": _day_value(a.valid_to),
        "held_today": a.held_on(today()),
    }


def membership_json(m) -> dict:
    return {
        "id": m.id,
        "grouping": m.grouping.code,
        "member": m.member.code,
        "valid_from": _day_value(m.valid_from),
        "valid_to": _day_value(m.valid_to),
    }


@bp.get("/admin/users")
@admin_required
def admin_users():
    rows = accounts.search(db.session, request.args.get("q", "")[:120])
    return jsonify([user_json(r.user, r.locked_until) for r in rows])


@bp.post("/admin/users")
@admin_required
def admin_user_create():
    body = json_body()
    user = accounts.create(
        db.session,
        g.api_user,
        _text(body, "username") or "",
        _text(body, "full_name") or "",
        _text(body, "email", required=False),
        _text(body, "locale", required=False),
        _text(body, "password") or "",
    )
    return jsonify(user_json(user)), 201


@bp.post("/admin/users/<username>/disable")
@admin_required
def admin_user_disable(username: str):
    return jsonify(user_json(accounts.set_active(db.session, g.api_user, username, False)))


@bp.post("/admin/users/<username>/enable")
@admin_required
def admin_user_enable(username: str):
    return jsonify(user_json(accounts.set_active(db.session, g.api_user, username, True)))


@bp.post("/admin/users/<username>/reset-password")
@admin_required
def admin_user_reset_password(username: str):
    given = _text(json_body(required=False), "password", required=False)
    chosen = accounts.reset_password(db.session, g.api_user, username, given or None)
    # The generated password is in this answer only; a given one is not echoed.
    return jsonify({"username": username, "password": None if given else chosen})


@bp.post("/admin/users/<username>/unlock")
@admin_required
def admin_user_unlock(username: str):
    return jsonify(user_json(accounts.unlock(db.session, g.api_user, username)))


@bp.get("/admin/assignments")
@admin_required
def admin_assignments():
    user_id = org_id = None
    if name := request.args.get("user"):
        user_id = users.find(db.session, name[:64]).id
    if code := request.args.get("org"):
        org_id = assignments.find_org(db.session, code[:64]).id
    rows = assignments.history(db.session, user_id=user_id, org_id=org_id)
    return jsonify([assignment_json(a) for a in rows])


@bp.post("/admin/assignments")
@admin_required
def admin_assignment_create():
    body = json_body()
    added = assignments.add(
        db.session,
        g.api_user,
        _text(body, "username") or "",
        _text(body, "role") or "",
        _text(body, "org") or "",
        _day(body, "valid_from"),
        _optional_day(body, "valid_to"),
    )
    return jsonify(assignment_json(added)), 201


@bp.post("/admin/assignments/<int:assignment_id>/close")
@admin_required
def admin_assignment_close(assignment_id: int):
    last_day = _day(json_body(), "last_day")
    closed = assignments.close(db.session, g.api_user, assignment_id, last_day)
    return jsonify(assignment_json(closed))


@bp.get("/admin/groupings")
@admin_required
def admin_groupings():
    year = query_int("year", today().year, YEAR_MIN, YEAR_MAX)
    return jsonify(
        [
            {
                "code": row.grouping.code,
                "name": row.grouping.name,
                "kind": row.grouping.kind,
                "year": year,
                "members": [membership_json(m) for m in row.memberships],
                "head": row.head.head.code if row.head else None,
                "deputy": row.head.deputy.code if row.head and row.head.deputy else None,
                "basis": row.head.basis if row.head else None,
                "head_holders": [assignment_json(a) for a in row.head_holders],
            }
            for row in groupings.year_view(db.session, year)
        ]
    )


@bp.post("/admin/groupings/<code>/members")
@admin_required
def admin_membership_create(code: str):
    body = json_body()
    row = groupings.add_member(
        db.session,
        g.api_user,
        code,
        _text(body, "member") or "",
        _day(body, "valid_from"),
        _optional_day(body, "valid_to"),
    )
    return jsonify(membership_json(row)), 201


@bp.post("/admin/memberships/<int:membership_id>/close")
@admin_required
def admin_membership_close(membership_id: int):
    last_day = _day(json_body(), "last_day")
    row = groupings.close_member(db.session, g.api_user, membership_id, last_day)
    return jsonify(membership_json(row))


@bp.put("/admin/groupings/<code>/heads/<int:year>")
@admin_required
def admin_grouping_head(code: str, year: int):
    if not YEAR_MIN <= year <= YEAR_MAX:
        wrong = N_("phải là năm từ %(min)s đến %(max)s", min=YEAR_MIN, max=YEAR_MAX)
        raise ValidationFailed("invalid_year", {"year": wrong})
    body = json_body()
    row = groupings.set_head(
        db.session,
        g.api_user,
        code,
        year,
        _text(body, "head") or "",
        _text(body, "deputy", required=False),
        _text(body, "basis", required=False),
    )
    return jsonify(
        {
            "grouping": code,
            "year": row.year,
            "head": row.head.code,
            "deputy": row.deputy.code if row.deputy else None,
            "basis": row.basis,
        }
    )
