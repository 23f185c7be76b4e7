"""Organisations in the browser (/admin/organisations): the tree as of a date and one
organisation's life, for administrators and the board; the events (rename, merge, split,
transfer, dissolve, establish) for administrators: a form per kind → the preview of what moves
→ confirm (a one-time token) → applied, flashed with the counts.

A blueprint of its own, beside the admin one, because the board reads these pages too.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from models import GroupMembership, Organisation, OrgEventKind, OrgName, OrgPlacement
from webapp import transaction
from webapp.errors import fields_of
from webapp.extensions import db
from workflows.directory import org_history
from workflows.directory.access import ADMIN, BOARD
from workflows.directory.orgs import today
from workflows.errors import ValidationFailed
from workflows.reorg import events, listing
from workflows.reorg.checks import CHANGEABLE
from workflows.reorg.inputs import parse_day, plan_from_data
from workflows.reorg.moves import CATEGORIES

bp = Blueprint(
    "organisations", __name__, url_prefix="/admin/organisations", template_folder="templates"
)

KIND_LABELS = {
    OrgEventKind.RENAME: _l("Đổi tên"),
    OrgEventKind.MERGE: _l("Sáp nhập, hợp nhất"),
    OrgEventKind.SPLIT: _l("Chia tách"),
    OrgEventKind.TRANSFER: _l("Điều chuyển đơn vị sang Sở/ngành khác"),
    OrgEventKind.DISSOLVE: _l("Giải thể"),
    OrgEventKind.ESTABLISH: _l("Thành lập"),
}
CATEGORY_LABELS = {
    "people": _l("Cán bộ chuyển sang tổ chức kế thừa (cùng lịch sử khen thưởng của họ)"),
    "units": _l("Đơn vị trực thuộc chuyển về nơi mới"),
    "roles_moved": _l("Vai trò tài khoản chuyển sang tổ chức kế thừa"),
    "roles_closed": _l("Vai trò tài khoản kết thúc"),
    "council_members": _l("Thành viên Hội đồng thi đua (trong số vai trò trên)"),
    "proposals": _l("Hồ sơ đang xử lý tiếp tục tại tổ chức kế thừa"),
    "tasks": _l("Bước đang chờ chuyển cho người giữ vai trò tại tổ chức kế thừa"),
    "participants": _l("Tham gia phong trào thi đua chuyển sang tổ chức kế thừa"),
    "memberships_ended": _l("Thành viên khối/cụm thi đua kết thúc"),
    "memberships_started": _l("Thành viên khối/cụm thi đua bắt đầu"),
    "movements_reviewed": _l("Phong trào do tổ chức kế thừa tổng kết"),
    "kept_award_records": _l("Khen thưởng của tập thể giữ nguyên (cộng dồn qua tổ chức kế thừa)"),
    "kept_year_records": _l("Kết quả xếp loại của tập thể giữ nguyên"),
    "kept_initiatives": _l("Sáng kiến của tập thể giữ nguyên"),
    "kept_headcounts": _l("Số liệu biên chế giữ nguyên"),
}
#: the form's fields, kept across the preview into the confirmation
FIELDS = (
    "kind",
    "effective_on",
    "decision_no",
    "decision_date",
    "issued_by",
    "note",
    "source_note",
    "organisations",
    "successor",
    "new_name",
    "new_short_name",
    "new_code",
    "new_org_name",
    "new_org_short_name",
    "new_kind",
    "new_parent",
    "shares",
    "roles",
)


@bp.before_request
@login_required
def _admins_and_board():
    if not (current_user.has_role(ADMIN) or current_user.has_role(BOARD)):
        abort(403, _("Chỉ quản trị hệ thống và Ban Thi đua – Khen thưởng mới xem được trang này."))


def _admins_only() -> None:
    if not current_user.has_role(ADMIN):
        abort(403, _("Chỉ quản trị hệ thống mới ghi được sự kiện tổ chức."))


def _day_arg():
    try:
        return parse_day(request.args.get("on")) or today()
    except ValueError:
        flash(_("Ngày phải có dạng dd/mm/yyyy; đang hiển thị hôm nay."), "error")
        return today()


@bp.route("/")
def index():
    day = _day_arg()
    rows = listing.organisations_on(db.session, day, include_gone=True)
    children: dict[str | None, list[dict]] = {}
    for row in rows:
        children.setdefault(row["parent"], []).append(row)
    codes = {row["code"] for row in rows}
    roots = [row for row in rows if row["parent"] not in codes]
    events_by_code = {
        org.code: org_history.events_of(db.session, org)
        for org in db.session.scalars(select(Organisation))
    }
    return render_template(
        "admin/organisations.html",
        day=day,
        roots=roots,
        children=children,
        events_by_code=events_by_code,
        kinds=KIND_LABELS,
        can_edit=current_user.has_role(ADMIN),
    )


@bp.route("/<code>")
def life(code: str):
    org = listing.by_code(db.session, code)
    if org is None:
        abort(404)
    names = db.session.scalars(
        select(OrgName).where(OrgName.org_id == org.id).order_by(OrgName.valid_from)
    ).all()
    placements = db.session.scalars(
        select(OrgPlacement).where(OrgPlacement.org_id == org.id).order_by(OrgPlacement.valid_from)
    ).all()
    memberships = db.session.scalars(
        select(GroupMembership)
        .where((GroupMembership.member_id == org.id) | (GroupMembership.grouping_id == org.id))
        .order_by(GroupMembership.valid_from)
    ).all()
    return render_template(
        "admin/organisation.html",
        org=org,
        names=names,
        placements=placements,
        memberships=memberships,
        org_events=org_history.events_of(db.session, org),
        predecessors=org_history.predecessors(db.session, org),
        successors=org_history.successors(db.session, org),
        kinds=KIND_LABELS,
        parents={p.parent_id: db.session.get(Organisation, p.parent_id) for p in placements},
    )


def _choices():
    orgs = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_(CHANGEABLE), org_history.valid_on(Organisation, today()))
        .order_by(Organisation.kind, Organisation.name)
    ).all()
    parents = db.session.scalars(
        select(Organisation)
        .where(org_history.valid_on(Organisation, today()))
        .order_by(Organisation.kind, Organisation.name)
    ).all()
    return orgs, parents


def _form_data() -> dict:
    """The form as plan_from_data reads it: lists where the API takes lists."""
    form = request.form
    data: dict = {name: form.get(name, "").strip() for name in FIELDS}
    data["organisations"] = [c for c in form.getlist("organisations") if c]
    if data["new_code"] or data["new_org_name"]:
        data["new_org"] = {
            "code": data["new_code"],
            "name": data["new_org_name"],
            "short_name": data["new_org_short_name"],
            "kind": data["new_kind"],
            "parent": data["new_parent"] or None,
        }
    data["shares"] = _shares(data["shares"])
    return data


def _shares(text: str) -> list[dict]:
    """Lines "successor-code: unit-code, T-01, … # what it takes": organisation codes are
    units, other items staff codes (mã cán bộ)."""
    shares = []
    known = set(db.session.scalars(select(Organisation.code)))
    for line in text.splitlines():
        line, _sep, share = line.partition("#")
        head, sep, items = line.partition(":")
        if not sep or not head.strip():
            continue
        parts = [p.strip() for p in items.split(",") if p.strip()]
        shares.append(
            {
                "successor": head.strip(),
                "units": [p for p in parts if p in known],
                "people": [p for p in parts if p not in known],
                "share": share.strip() or None,
            }
        )
    return shares


def _form(kind: str, errors: dict | None = None, status: int = 200):
    if kind not in set(OrgEventKind):
        abort(404)
    orgs, parents = _choices()
    return (
        render_template(
            "admin/org_event_form.html",
            kind=kind,
            kinds=KIND_LABELS,
            orgs=orgs,
            parents=parents,
            values=request.form,
            errors=errors or {},
        ),
        status,
    )


@bp.route("/events/new/<event_kind>")
def new_event(event_kind: str):
    _admins_only()
    return _form(event_kind)


@bp.route("/events/preview", methods=["POST"])
def preview_event():
    _admins_only()
    kind = request.form.get("kind", "")
    try:
        found = events.preview(db.session, plan_from_data(db.session, _form_data()))
    except ValidationFailed as exc:
        transaction.abandon()
        return _form(kind, _form_fields(exc), 400)
    transaction.abandon()  # a preview writes nothing
    return render_template(
        "admin/org_event_preview.html",
        kind=kind,
        kinds=KIND_LABELS,
        found=found,
        categories=[(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
        hidden=[(name, value) for name in FIELDS for value in request.form.getlist(name)],
    )


@bp.route("/events", methods=["POST"])
def apply_event():
    _admins_only()
    kind = request.form.get("kind", "")
    try:
        event = events.apply(db.session, plan_from_data(db.session, _form_data()), current_user)
    except ValidationFailed as exc:
        transaction.abandon()
        return _form(kind, _form_fields(exc), 400)
    counts = event.summary.get("counts", {})
    moved = ", ".join(
        f"{CATEGORY_LABELS[c]}: {n}" for c, n in counts.items() if n and c in CATEGORY_LABELS
    )
    flash(
        _(
            "Đã ghi sự kiện “%(kind)s” theo quyết định số %(no)s, hiệu lực từ %(day)s. %(moved)s",
            kind=KIND_LABELS[OrgEventKind(event.kind)],
            no=event.decision_no,
            day=event.effective_on.strftime("%d/%m/%Y"),
            moved=moved or _("Không có gì phải chuyển."),
        ),
        "success",
    )
    code = event.parties[0].org.code if event.parties else None
    if code:
        return redirect(url_for("organisations.life", code=code))
    return redirect(url_for("organisations.index"))


def _form_fields(exc: ValidationFailed) -> dict[str, str]:
    """Errors by the form's field names (the plan names `org_ids[1]`, the form `organisations`)."""
    found: dict[str, str] = {}
    for name, message in fields_of(exc).items():
        field = name.split("[")[0].split(".")[0]
        field = {
            "org_id": "organisations",
            "org_ids": "organisations",
            "successor_id": "successor",
            "new_org": "new_code",
        }.get(field, field)
        if name.startswith("new_org."):
            field = {
                "new_org.code": "new_code",
                "new_org.name": "new_org_name",
                "new_org.short_name": "new_org_short_name",
                "new_org.kind": "new_kind",
                "new_org.parent_id": "new_parent",
                "new_org.parent": "new_parent",
            }.get(name, "new_code")
        found[field] = f"{found[field]}; {message}" if field in found else message
    return found
