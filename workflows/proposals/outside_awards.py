"""An award decided outside tdkt (a nominee's earlier Bằng khen, a ministry's decision from
before tdkt), recorded by hand with its decision's document so that eligibility sees it.

It lives beside the attachment store whose checks and files it uses (history, a lower
layer, cannot reach it); what it writes is history (models.history.AwardRecord).

Who may: the provincial board's officer for anyone; a department's council secretariat for the
people and units of its own department. Checked here, on the server, by role and organisation.
The document goes through the attachment store's checks (type by content, size) and is kept
under its SHA-256 like every attachment; the record links to it. The row itself is the audit:
who recorded it (recorded_by_id), when (created_at), from which document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Award, AwardRecord, Organisation, OrgKind, Person, RoleCode, User
from models.people import vn_today
from workflows import plain_text
from workflows.errors import N_, Forbidden, NotFound, ValidationFailed
from workflows.history import records, scope
from workflows.history.persons import department_subtree
from workflows.proposals.uploads import Limits, Upload, hold

#: the organisations that are collectives of the history (they hold awards and year records)
COLLECTIVE_KINDS = (OrgKind.UNIT, OrgKind.DEPARTMENT)

#: the largest bonus a hand-written record may state (VND): far above any award's money
MAX_AMOUNT = 10_000_000_000


@dataclass(frozen=True)
class Given:
    """What the officer typed, as received (checked by `record`)."""

    award_code: object
    year: object
    decision_no: object
    decision_date: object
    decided_by: object
    amount: object = None


def writable_orgs(user: User) -> list[Organisation] | None:
    """The organisations whose people `user` may record outside awards for; None: all of them
    (the provincial board's officer)."""
    held = user.held_assignments()
    if any(a.role_code == RoleCode.BOARD_OFFICER for a in held):
        return None
    found: dict[int, Organisation] = {}
    for a in held:
        if a.role_code == RoleCode.DEPT_SECRETARIAT:
            found.update({o.id: o for o in department_subtree(a.org)})
    return list(found.values())


def may_record(user: User, org: Organisation) -> bool:
    orgs = writable_orgs(user)
    return orgs is None or org.id in {o.id for o in orgs}


def person_for(session: Session, user: User, person_id: int) -> Person:
    """The person of the staff registry, if `user` may record for them; an unknown person, or
    one `user` may not read, is not found (404); one `user` reads but may not write, 403."""
    person = session.get(Person, person_id)
    if person is None or not (
        may_record(user, person.org) or scope.can_read(session, user, person.org)
    ):
        # A person the caller may not even read is as unknown as one that is not there.
        raise NotFound("person_not_found", N_("Không tìm thấy cán bộ số %(id)s", id=person_id))
    if not may_record(user, person.org):
        raise Forbidden(
            "award_record_not_allowed",
            N_(
                N_(
                    "Chỉ Ban Thi đua - Khen thưởng tỉnh hoặc thường trực Hội đồng của Sở được ghi "
                    "khen thưởng ngoài hệ thống cho cán bộ này"
                ),
            ),
        )
    return person


def _text(value: object, field: str, label: str, limit: int, required: bool) -> str:
    text = " ".join(str(value).split()) if isinstance(value, str | int) and value != "" else ""
    if value is not None and not isinstance(value, str | int):
        text = ""
    if required and not text:
        raise ValidationFailed(
            "award_record_field_required", {field: N_("%(label)s là bắt buộc", label=label)}
        )
    if len(text) > limit:
        raise ValidationFailed(
            "award_record_field_too_long",
            {field: N_("%(label)s dài quá %(max)s ký tự", label=label, max=limit)},
        )
    wrong = plain_text.problem(text)
    if wrong is not None:
        raise ValidationFailed("invalid_text", {field: wrong})
    return text


def _day(value: object) -> date:
    day: date | None
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None and isinstance(value, str):
            try:
                d, m, y = (int(p) for p in value.strip().split("/"))
                day = date(y, m, d)
            except (ValueError, OverflowError):
                day = None
    if day is None:
        raise ValidationFailed(
            "invalid_decision_date",
            {"decision_date": N_("Ngày quyết định không hợp lệ (dd/mm/yyyy)")},
        )
    if day > vn_today():
        raise ValidationFailed(
            "decision_date_in_future",
            {
                "decision_date": N_(
                    "Ngày quyết định %(day)s ở tương lai", day=day.strftime("%d/%m/%Y")
                )
            },
        )
    return day


def _amount(value: object) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().replace(".", "").isdigit():
        value = int(value.strip().replace(".", ""))
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT:
        raise ValidationFailed(
            "invalid_award_amount",
            {"amount": N_("Số tiền thưởng phải là số đồng (VND) từ 0 trở lên")},
        )
    return value


def _year(value: object) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return records.check_year(value)


def collective_for(session: Session, user: User, code: str) -> Organisation:
    """The collective (a unit or a department, by its code), if `user` may record for it: as
    `person_for`, an unknown or unreadable one is not found, a readable one not theirs 403."""
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if (
        org is None
        or org.kind not in COLLECTIVE_KINDS
        or not (may_record(user, org) or scope.can_read(session, user, org))
    ):
        raise NotFound("org_not_found", N_("Không có tổ chức mã '%(code)s'", code=code[:64]))
    if not may_record(user, org):
        raise Forbidden(
            "award_record_not_allowed_collective",
            N_(
                "Chỉ Ban Thi đua - Khen thưởng tỉnh hoặc thường trực Hội đồng của Sở được ghi "
                "khen thưởng ngoài hệ thống cho tập thể này"
            ),
        )
    return org


def record(
    session: Session,
    user: User,
    person_id: int,
    given: Given,
    upload: Upload | None,
    directory: Path,
    limits: Limits,
) -> AwardRecord:
    """Check everything, store the document, then write the record (flushed, not committed).
    A refusal names its field; nothing is written before every check has passed."""
    person = person_for(session, user, person_id)
    return _record(session, user, person, None, given, upload, directory, limits)


def record_collective(
    session: Session,
    user: User,
    org_code: str,
    given: Given,
    upload: Upload | None,
    directory: Path,
    limits: Limits,
) -> AwardRecord:
    """`record` for a collective: an award for a unit (Tập thể lao động xuất sắc, a Bằng khen
    or a Cờ thi đua for the collective) decided outside tdkt."""
    org = collective_for(session, user, org_code)
    return _record(session, user, None, org, given, upload, directory, limits)


def _record(
    session: Session,
    user: User,
    person: Person | None,
    org: Organisation | None,
    given: Given,
    upload: Upload | None,
    directory: Path,
    limits: Limits,
) -> AwardRecord:
    target = "person" if person is not None else "collective"
    person_id = person.id if person is not None else None
    org_id = org.id if org is not None else None
    name = person.full_name if person is not None else org.name if org is not None else ""
    # A record is a person's or a collective's, never both (history.records checks it).
    subject: dict[str, object] = (
        {"person_id": person_id, "subject_name": name}
        if person is not None
        else {"org_id": org_id, "subject_name": name}
    )
    code = given.award_code if isinstance(given.award_code, str) else ""
    award = session.get(Award, code) if code else None
    if award is None:
        raise ValidationFailed(
            "unknown_award",
            {"award_code": N_("Danh hiệu/hình thức '%(award)s' không có", award=code or "")},
        )
    if award.target != target and target == "person":
        wrong = N_("%(award)s là khen thưởng cho tập thể, không cho một người", award=award.name_vi)
        raise ValidationFailed("award_not_for_person", {"award_code": wrong})
    if award.target != target:
        wrong = N_("%(award)s là khen thưởng cho cá nhân, không cho tập thể", award=award.name_vi)
        raise ValidationFailed("award_not_for_collective", {"award_code": wrong})
    year = _year(given.year)
    decision_no = _text(given.decision_no, "decision_no", N_("Số quyết định"), 60, True)
    decided_by = _text(given.decided_by, "decided_by", N_("Cơ quan/người ký quyết định"), 255, True)
    day = _day(given.decision_date)
    if day.year > year + 1 or day.year < year:
        raise ValidationFailed(
            "decision_date_not_in_year",
            {"decision_date": N_("Ngày quyết định không khớp năm khen thưởng %(year)s", year=year)},
        )
    amount = _amount(given.amount)
    found = records.find_award(
        session,
        person_id=person_id,
        org_id=org_id,
        subject_name=name,
        year=year,
        award_code=code,
    )
    if found is not None:
        records.add_award(  # raises the registry's own Conflict, naming the decision there
            session,
            **subject,
            year=year,
            award_code=code,
            decision_no=decision_no,
            decision_date=day,
            decided_by=decided_by,
            source="manual",
        )
    if upload is None or not upload.filename:
        raise ValidationFailed(
            "no_decision_document", {"document": N_("chưa chọn tệp văn bản quyết định")}
        )
    try:
        (stored,) = hold([upload], directory, limits)
    except ValidationFailed as exc:
        refused = next(iter(exc.fields.values()), exc.text)
        raise ValidationFailed("attachment_refused", {"document": refused}) from None
    row = records.add_award(
        session,
        **subject,
        year=year,
        award_code=code,
        decision_no=decision_no,
        decision_date=day,
        decided_by=decided_by,
        bonus_amount=amount,
        source="manual",
    )
    row.document_sha256 = stored.sha256
    row.document_name = stored.name
    row.document_type = stored.content_type
    row.document_size = stored.size
    row.recorded_by_id = user.id
    session.flush()
    return row


def readable_document(session: Session, user: User, record_id: int) -> AwardRecord:
    """The record whose document `user` may download: whoever may read the person's history.
    Unknown, documentless and hidden look the same (404)."""
    row = session.get(AwardRecord, record_id)
    subject_org = None
    if row is not None and row.person_id is not None:
        person = session.get(Person, row.person_id)
        subject_org = person.org if person is not None else None
    elif row is not None and row.org_id is not None:
        subject_org = session.get(Organisation, row.org_id)
    if (
        row is None
        or row.document_sha256 is None
        or subject_org is None
        or not scope.can_read(session, user, subject_org)
    ):
        raise NotFound(
            "award_document_not_found",
            N_("Không tìm thấy văn bản quyết định của bản ghi số %(id)s", id=record_id),
        )
    return row
