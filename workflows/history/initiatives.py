"""The initiative register (sáng kiến): an initiative grounds one award only, then it is used.

Decree 152/2025 Art. 4: an initiative counts once. mark_used refuses the second use rather
than overwriting the first, so the award it grounded stays the one on record.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from models import INITIATIVE_SCOPES, AwardRecord, Initiative, Person, utcnow
from workflows import plain_text
from workflows.errors import N_, Conflict, Text, ValidationFailed
from workflows.history.records import check_year

SCOPE_LABELS = {"co_so": "Cơ sở", "tinh": "Cấp tỉnh", "toan_quoc": "Toàn quốc"}
TITLE_MAX = 500
DECISION_MAX = 60


def register(
    session: Session,
    *,
    title: str,
    org_id: int,
    person_id: int | None = None,
    year: int,
    decision_no: str,
    recognised_on: date | None,
    scope: str = "co_so",
) -> Initiative:
    """Add a recognised initiative; every problem is reported with its field."""
    errors: dict[str, str] = {}
    title = " ".join((title or "").split())
    decision_no = (decision_no or "").strip()
    if not title:
        errors["title"] = N_("Tên sáng kiến là bắt buộc")
    elif len(title) > TITLE_MAX:
        errors["title"] = N_("Tên sáng kiến dài quá %(max)s ký tự", max=TITLE_MAX)
    elif (wrong := plain_text.problem(title)) is not None:
        errors["title"] = wrong
    if not decision_no:
        errors["decision_no"] = N_("Số quyết định công nhận là bắt buộc")
    elif len(decision_no) > DECISION_MAX:
        errors["decision_no"] = N_("Số quyết định dài quá %(max)s ký tự", max=DECISION_MAX)
    elif (wrong := plain_text.problem(decision_no)) is not None:
        errors["decision_no"] = wrong
    if not isinstance(recognised_on, date):
        errors["recognised_on"] = N_("Ngày công nhận là bắt buộc (dd/mm/yyyy)")
    elif recognised_on > date.today():
        errors["recognised_on"] = N_("Ngày công nhận không được sau hôm nay")
    if scope not in INITIATIVE_SCOPES:
        errors["scope"] = N_(
            "Phạm vi '%(scope)s' không hợp lệ: cơ sở, tỉnh hoặc toàn quốc", scope=scope
        )
    try:
        year = check_year(year, N_("Năm công nhận"))
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            errors["person_id"] = N_("Không có cán bộ này")
        elif person.org_id != org_id:
            errors["person_id"] = N_("Tác giả không thuộc đơn vị đã chọn")
    if errors:
        raise ValidationFailed("invalid_initiative", errors)
    existing = _same(session, title, org_id, person_id, decision_no)
    if existing is not None:
        return existing
    initiative = Initiative(
        title=title,
        org_id=org_id,
        person_id=person_id,
        year=year,
        decision_no=decision_no,
        recognised_on=recognised_on,
        scope=scope,
    )
    session.add(initiative)
    session.flush()
    return initiative


def _same(
    session: Session, title: str, org_id: int, person_id: int | None, decision_no: str
) -> Initiative | None:
    """The same initiative registered before (an import run twice must not duplicate it)."""
    author = (
        Initiative.person_id == person_id
        if person_id is not None
        else Initiative.person_id.is_(None)
    )
    return session.scalar(
        select(Initiative).where(
            Initiative.org_id == org_id,
            author,
            Initiative.title == title,
            Initiative.decision_no == decision_no,
        )
    )


def listing(
    session: Session,
    *,
    org_ids: list[int],
    year: int | None = None,
    used: bool | None = None,
) -> list[Initiative]:
    query = select(Initiative).where(Initiative.org_id.in_(org_ids))
    if year is not None:
        query = query.where(Initiative.year == year)
    if used is True:
        query = query.where(Initiative.used_award_record_id.is_not(None))
    elif used is False:
        query = query.where(Initiative.used_award_record_id.is_(None))
    return list(session.scalars(query.order_by(Initiative.year.desc(), Initiative.id)))


def unused(
    session: Session,
    *,
    person_id: int | None = None,
    org_id: int | None = None,
    up_to_year: int,
    scopes: list[str] | tuple[str, ...] | None = None,
) -> list[Initiative]:
    """Recognised initiatives not used yet, recognised in `up_to_year` or before, oldest first.

    For a person: those they authored. For a collective (org_id without person_id): those of
    the unit registered without an individual author.
    """
    if (person_id is None) == (org_id is None):
        wrong = N_("cần đúng một trong: cán bộ hoặc tập thể")
        raise ValidationFailed("initiative_subject_required", {"subject": wrong})
    if person_id is not None:
        query = select(Initiative).where(*unused_where(up_to_year, person=person_id))
    else:
        query = select(Initiative).where(
            *unused_where(up_to_year),
            Initiative.org_id == org_id,
            Initiative.person_id.is_(None),
        )
    if scopes is not None:
        query = query.where(Initiative.scope.in_(list(scopes)))
    return list(
        session.scalars(query.order_by(Initiative.recognised_on, Initiative.year, Initiative.id))
    )


def unused_of(session: Session, person_ids: list[int], *, up_to_year: int) -> dict:
    """{person id: `unused` of that author} for several authors, in one query."""
    out: dict[int, list[Initiative]] = {}
    if not person_ids:
        return out
    rows = session.scalars(
        select(Initiative)
        .where(*unused_where(up_to_year), Initiative.person_id.in_(set(person_ids)))
        .order_by(Initiative.recognised_on, Initiative.year, Initiative.id)
    )
    for row in rows:
        if row.person_id is not None:  # always: selected by it
            out.setdefault(row.person_id, []).append(row)
    return out


def unused_where(up_to_year: int, *, person=None, from_year: int | None = None) -> list:
    """The conditions of `unused`, to count in SQL: `person` is an author's id or a column
    (e.g. Person.id in a correlated subquery); None leaves the author out. `from_year`: the
    first year of the award's window (workflows.eligibility.windows), None for no bound."""
    where = [Initiative.used_award_record_id.is_(None), Initiative.year <= up_to_year]
    if from_year is not None:
        where.append(Initiative.year >= from_year)
    if person is not None:
        where.append(Initiative.person_id == person)
    return where


def mark_used(session: Session, initiative: Initiative, award_record: AwardRecord) -> None:
    """Record that `initiative` grounded `award_record`; a second use is refused."""
    if initiative.used_award_record_id is not None:
        used = initiative.used_award_record or session.get(
            AwardRecord, initiative.used_award_record_id
        )
        raise Conflict("initiative_already_used", _already_used(initiative, used))
    session.flush()  # both rows need their ids
    now = utcnow()
    # A conditional update, not a read then a write: two decisions at once cannot both use it.
    claimed = session.execute(
        update(Initiative)
        .where(Initiative.id == initiative.id, Initiative.used_award_record_id.is_(None))
        .values(used_award_record_id=award_record.id, used_at=now)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE's result is a CursorResult, which Session.execute's type does not say.
    if cast(CursorResult, claimed).rowcount != 1:
        session.refresh(initiative)
        raise Conflict(
            "initiative_already_used", _already_used(initiative, initiative.used_award_record)
        )
    session.refresh(initiative)


def _already_used(initiative: Initiative, record: AwardRecord | None) -> Text:
    return N_(
        "Sáng kiến '%(title)s' đã được dùng làm căn cứ khen thưởng (%(decision)s)",
        title=initiative.title,
        decision=_decision_text(record),
    )


def _decision_text(record: AwardRecord | None) -> Text:
    if record is None:
        return N_("quyết định không còn lưu")
    number = record.decision_no or N_("chưa có số")
    when = record.decision_date.strftime("%d/%m/%Y") if record.decision_date else N_("chưa rõ ngày")
    return N_("QĐ số %(number)s ngày %(when)s", number=number, when=when)
