"""On a person's and a collective's history page: recording an award decided outside tdkt with
its decision's document (workflows.proposals.outside_awards decides who may), and downloading
that document."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO, cast

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Award, AwardRecord, Organisation, Person
from webapp import transaction
from webapp.attachments import files
from webapp.errors import fields_of, message_of
from webapp.extensions import db
from webapp.history import bp
from workflows.errors import N_, DomainError, ValidationFailed
from workflows.proposals import outside_awards as external
from workflows.proposals.uploads import Upload

#: the form's fields as the page labels them, to name the one refused
LABELS = {
    "award_code": N_("Danh hiệu, hình thức khen thưởng"),
    "year": N_("Năm"),
    "decision_no": N_("Số quyết định"),
    "decision_date": N_("Ngày quyết định"),
    "decided_by": N_("Cơ quan/người ký quyết định"),
    "amount": N_("Số tiền thưởng (đồng)"),
    "document": N_("Văn bản quyết định"),
}


@bp.url_value_preprocessor
def _larger_body_for_documents(endpoint: str | None, values: dict | None) -> None:
    if endpoint in ("history.outside_award_add", "history.outside_award_add_collective"):
        files.allow_upload_body()


#: the typed fields of a refused form, shown again after the redirect (the file is chosen again:
#: a browser never lets a page set a file input)
_KEPT = "outside_award_given"
_TEXT_FIELDS = ("award_code", "year", "decision_no", "decision_date", "decided_by", "amount")


@bp.app_template_global("outside_award_given")
def outside_award_given() -> dict[str, str]:
    return dict(session.pop(_KEPT, None) or {})


def _keep_typed() -> None:
    session[_KEPT] = {name: (request.form.get(name) or "")[:255] for name in _TEXT_FIELDS}


@bp.app_template_global("may_record_outside_award")
def may_record_outside_award(person: Person) -> bool:
    """Whether the form is shown: the server checks it again (external.person_for)."""
    return current_user.is_authenticated and external.may_record(current_user, person.org)


@bp.app_template_global("may_record_outside_award_for")
def may_record_outside_award_for(org: Organisation) -> bool:
    """Whether the collective's form is shown: checked again by external.collective_for."""
    return current_user.is_authenticated and external.may_record(current_user, org)


@bp.route("/units/<org_code>/people/<id:person_id>/award-records", methods=["POST"])
def outside_award_add(org_code: str, person_id: int):
    found = external.person_for(db.session, current_user, person_id)
    if found.org.code != org_code:
        abort(404, _("Không tìm thấy cán bộ này."))
    back = url_for("history.person", org_code=org_code, person_id=person_id)
    return _add(
        back,
        lambda given, upload: external.record(
            db.session, current_user, person_id, given, upload, files.directory(), files.limits()
        ),
    )


@bp.route("/units/<org_code>/award-records", methods=["POST"])
def outside_award_add_collective(org_code: str):
    """The collective's own award decided outside tdkt (e.g. its Tập thể lao động xuất sắc)."""
    external.collective_for(db.session, current_user, org_code)
    back = url_for("history.unit", org_code=org_code)
    return _add(
        back,
        lambda given, upload: external.record_collective(
            db.session, current_user, org_code, given, upload, files.directory(), files.limits()
        ),
    )


def _add(back: str, write: Callable[[external.Given, Upload | None], AwardRecord]):
    sent = request.files.get("document")
    upload = Upload(sent.filename or "", cast(BinaryIO, sent.stream)) if sent else None
    given = external.Given(
        award_code=request.form.get("award_code"),
        year=request.form.get("year"),
        decision_no=request.form.get("decision_no"),
        decision_date=request.form.get("decision_date"),
        decided_by=request.form.get("decided_by"),
        amount=request.form.get("amount"),
    )
    try:
        row = write(given, upload)
    except ValidationFailed as exc:
        transaction.abandon()  # answered with a redirect: a success status, nothing kept
        _keep_typed()
        for name, message in fields_of(exc).items():
            flash(f"{_(LABELS.get(name, name))}: {message}", "error")
        return redirect(back)
    except DomainError as exc:
        if exc.status != 409:  # who may, and whom, answer as every page does
            raise
        transaction.abandon()
        _keep_typed()
        flash(message_of(exc), "error")  # the same award already there, with its decision
        return redirect(back)
    flash(
        _(
            "Đã ghi khen thưởng ngoài hệ thống: %(award)s năm %(year)s.",
            award=row.award.name_vi,
            year=row.year,
        ),
        "success",
    )
    return redirect(back)


@bp.route("/award-records/<id:record_id>/document")
def outside_award_document(record_id: int):
    row = external.readable_document(db.session, current_user, record_id)
    return files.send_stored(
        row.document_sha256 or "", row.document_type or "", row.document_name or ""
    )


@bp.app_template_global("outside_award_catalogue")
def outside_award_catalogue(target: str = "person") -> list[Award]:
    """The catalogue's awards for a person or a collective (any may have been decided outside
    tdkt)."""
    return list(db.session.scalars(select(Award).where(Award.target == target)))
