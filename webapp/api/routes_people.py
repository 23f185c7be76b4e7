"""People of the staff registry: their facts the criteria read, history imports, and the
verdict of the award criteria for one person (issue 20: the facts can be recorded through the
API as through the import and the pages, with the same validation).

Read and write rights are those of the history pages (workflows.history.scope): role and
organisation, on the server; a person the caller may not read is "not found".
"""

from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext
from sqlalchemy import select

from models import Award, Person
from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.inputs import json_body, query_int, query_str
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN
from webapp.views import registry
from workflows.deadlines.calendar import today
from workflows.eligibility import checks
from workflows.errors import N_, Forbidden, NotFound, ValidationFailed, render
from workflows.history import importer, moves, person_facts, scope, spreadsheet


def _readable(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or not scope.can_read(db.session, g.api_user, person.org):
        raise NotFound("person_not_found", N_("Không tìm thấy cán bộ số %(id)s", id=person_id))
    return person


@bp.get("/people")
@token_required
def find_people():
    """?staff_code=…: the people of that staff code the caller may read (none or one)."""
    code = query_str("staff_code", 40)
    if not code:
        raise ValidationFailed("staff_code_required", {"staff_code": N_("bắt buộc nhập")})
    found = db.session.scalars(select(Person).where(Person.staff_code == code))
    items = [p for p in found if scope.can_read(db.session, g.api_user, p.org)]
    return jsonify({"items": [_as_dict(p) for p in items]})


def _as_dict(person: Person) -> dict:
    return {**person_facts.as_dict(person), "moves": moves.as_dicts(db.session, person.id)}


@bp.get("/people/<id:person_id>")
@token_required
def get_person(person_id: int):
    return jsonify(_as_dict(_readable(person_id)))


@bp.patch("/people/<id:person_id>")
@token_required
def update_person(person_id: int):
    person = _readable(person_id)
    if not scope.can_edit(g.api_user, person.org):
        raise Forbidden(
            "history_edit_forbidden",
            N_("Chỉ Thường trực Hội đồng TĐKT và Giám đốc Sở được sửa hồ sơ thi đua."),
        )
    data = json_body()
    unknown = sorted(set(data) - set(person_facts.LABELS) - set(moves.LABELS))
    if unknown:
        wrong = N_("không sửa được qua đây: %(names)s", names=", ".join(unknown))
        raise ValidationFailed("unknown_fields", {"body": wrong})
    units = {o.code: o for o in scope.editable(g.api_user)}
    wrong_fields: dict = {}
    changes = move = None
    try:
        changes = person_facts.parse(
            {k: v for k, v in data.items() if k in person_facts.LABELS}, today()
        )
    except ValidationFailed as exc:
        wrong_fields.update(exc.fields)
    try:
        move = moves.parse(data, today(), lambda code: units.get(code))
    except ValidationFailed as exc:
        wrong_fields.update(exc.fields)
    if wrong_fields:
        raise ValidationFailed("person_facts_invalid", wrong_fields)
    assert changes is not None
    # the recruitment day first: a move is checked against the day being written
    person_facts.apply(person, changes)
    if move is not None:
        moves.apply(db.session, person, move)
    db.session.flush()
    return jsonify(_as_dict(person))


@bp.get("/people/<id:person_id>/eligibility")
@token_required
def person_eligibility(person_id: int):
    """?award=LDTT&year=2025[&decision_date=yyyy-mm-dd]: the criteria and the rule set."""
    person = _readable(person_id)
    award = query_str("award", 40)
    known = db.session.get(Award, award) if award else None
    if known is None or known.target != "person":
        wrong = N_(
            "mã danh hiệu/hình thức khen thưởng cá nhân không có: %(code)s", code=award or ""
        )
        raise ValidationFailed("unknown_award", {"award": wrong})
    year = query_int("year", today().year, YEAR_MIN, YEAR_MAX)
    decided = person_facts.parse_day(request.args.get("decision_date"), "decision_date")
    result = checks.verdict_for_person(
        db.session, registry().eligibility, person.id, person.full_name, known.code, year, decided
    )
    body = {"person": _as_dict(person), "award": award, "year": year}
    return jsonify({**body, **result.as_dict()})


@bp.post("/history/import")
@token_required
def import_history():
    """multipart: file (.xlsx or .csv), kind (history | initiatives), dry_run (1 for a check)."""
    orgs = scope.editable(g.api_user)
    if not orgs:
        raise Forbidden(
            "history_edit_forbidden",
            N_("Chỉ Thường trực Hội đồng TĐKT và Giám đốc Sở được sửa hồ sơ thi đua."),
        )
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationFailed("import_file_missing", {"file": N_("Hãy chọn tệp .xlsx hoặc .csv")})
    report = importer.import_file(
        db.session,
        filename=upload.filename,
        data=upload.read(spreadsheet.MAX_BYTES + 1),
        kind=request.form.get("kind") or "history",
        org_ids=[o.id for o in orgs],
        dry_run=request.form.get("dry_run") in ("1", "true"),
    )
    return jsonify(
        {
            "rows": report.rows,
            "accepted": report.accepted,
            "rejected": [
                {"row": n, "reason": render(reason, gettext)} for n, reason in report.rejected
            ],
            "created_people": report.created_people,
            "dry_run": report.dry_run,
            "lines": [line.render(gettext) for line in report.lines()],
        }
    ), 200 if report.dry_run else 201
