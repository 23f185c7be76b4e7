"""A person's or a collective's emulation history, year by year, and writing to it.

Services flush, never commit: the request or the CLI command commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.orm import Session

from models import RATINGS, Award, AwardRecord, Initiative, YearRecord
from models.history import SOURCES
from workflows import plain_text
from workflows.errors import N_, Conflict, ValidationFailed

#: the oldest year a record may be about: the registry keeps recent history, not archives
MIN_YEAR = 2000

RATING_LABELS = {
    "xuat_sac": "Hoàn thành xuất sắc nhiệm vụ",
    "tot": "Hoàn thành tốt nhiệm vụ",
    "hoan_thanh": "Hoàn thành nhiệm vụ",
    "khong_hoan_thanh": "Không hoàn thành nhiệm vụ",
}
RATING_SHORT = {
    "xuat_sac": "HTXSNV",
    "tot": "HTTNV",
    "hoan_thanh": "HTNV",
    "khong_hoan_thanh": "KHTNV",
}

#: disciplinary measures from the mildest (Law on Cadres and Civil Servants; Law on Public
#: Employees): TTLĐTT and TTLĐXS need no member at "cảnh cáo" or above (Law 06/2022 Art. 27–28)
DISCIPLINE_LEVELS = {
    "khien_trach": N_("Khiển trách"),
    "canh_cao": N_("Cảnh cáo"),
    "ha_bac_luong": N_("Hạ bậc lương"),
    "giang_chuc": N_("Giáng chức"),
    "cach_chuc": N_("Cách chức"),
    "buoc_thoi_viec": N_("Buộc thôi việc"),
}
#: the levels at or above "cảnh cáo"
WARNING_OR_ABOVE = tuple(list(DISCIPLINE_LEVELS)[1:])


@dataclass
class Year:
    """What happened to one subject in one year."""

    year: int
    record: YearRecord | None = None
    awards: list[AwardRecord] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)


def check_year(year: object, label: str | None = None) -> int:
    last = date.today().year + 1
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= last:
        wrong = N_(
            "%(label)s '%(year)s' không hợp lệ: từ %(first)s đến %(last)s",
            label=label or N_("Năm"),
            year=year,
            first=MIN_YEAR,
            last=last,
        )
        raise ValidationFailed("invalid_year", {"year": wrong})
    return year


def check_rating(rating: object) -> str | None:
    if rating in (None, ""):
        return None
    if rating not in RATINGS:
        allowed = ", ".join(RATING_SHORT[r] for r in RATINGS)
        wrong = N_(
            "Xếp loại '%(rating)s' không hợp lệ: chọn %(allowed)s", rating=rating, allowed=allowed
        )
        raise ValidationFailed("invalid_rating", {"rating": wrong})
    return str(rating)


def _subject(person_id: int | None, org_id: int | None) -> None:
    if (person_id is None) == (org_id is None):
        wrong = N_("cần đúng một trong: cán bộ (person_id) hoặc tập thể")
        raise ValidationFailed("history_subject_required", {"subject": wrong})


def _check_source(source: str) -> None:
    if source not in SOURCES:
        wrong = N_("Nguồn '%(source)s' không hợp lệ", source=source)
        raise ValidationFailed("invalid_history_source", {"source": wrong})


def set_year(
    session: Session,
    *,
    person_id: int | None = None,
    org_id: int | None = None,
    year: int,
    rating: str | None,
    disciplined: bool = False,
    under_review: bool = False,
    note: str = "",
    source: str = "manual",
    discipline: str | None = None,
) -> YearRecord:
    """Write (insert or replace) the rating and disciplinary status of one subject-year;
    `discipline`: its level when known (DISCIPLINE_LEVELS), which implies `disciplined`."""
    _subject(person_id, org_id)
    wrong = plain_text.problem(note or "", multiline=True)
    if wrong is not None:
        raise ValidationFailed("invalid_text", {"note": wrong})
    year = check_year(year)
    rating = check_rating(rating)
    _check_source(source)
    column = YearRecord.person_id if person_id is not None else YearRecord.org_id
    subject = person_id if person_id is not None else org_id
    row = session.scalar(select(YearRecord).where(column == subject, YearRecord.year == year))
    if row is None:
        row = YearRecord(person_id=person_id, org_id=org_id, year=year)
        session.add(row)
    if discipline is not None and discipline not in DISCIPLINE_LEVELS:
        wrong = N_("mức kỷ luật không hợp lệ: %(value)s", value=str(discipline)[:40])
        raise ValidationFailed("invalid_discipline", {"discipline": wrong})
    disciplined = bool(disciplined) or discipline is not None
    row.rating, row.disciplined, row.under_review = rating, disciplined, bool(under_review)
    row.discipline = discipline if disciplined else None
    row.note, row.source = note or "", source
    session.flush()
    return row


def find_award(
    session: Session,
    *,
    person_id: int | None,
    org_id: int | None,
    subject_name: str,
    year: int,
    award_code: str,
) -> AwardRecord | None:
    same = _same_award(person_id, org_id, subject_name, year, award_code)
    return session.scalar(select(AwardRecord).where(*same))


def _same_award(person_id, org_id, subject_name, year, award_code) -> list:
    """The conditions of the records that are the same award for the same subject."""
    same = [AwardRecord.year == year, AwardRecord.award_code == award_code]
    if person_id is not None:
        return [*same, AwardRecord.person_id == person_id]
    if org_id is not None:
        return [*same, AwardRecord.org_id == org_id]
    return [
        *same,
        AwardRecord.person_id.is_(None),
        AwardRecord.org_id.is_(None),
        AwardRecord.subject_name == subject_name,
    ]


def add_award(session: Session, **given) -> AwardRecord:
    """Record a title or form given; the same award twice in a year is refused (Conflict).

    The keyword arguments are `_award_record`'s, which checks them.
    """
    (record,) = add_awards(session, [given])
    return record


def add_awards(session: Session, awards: list[dict]) -> list[AwardRecord]:
    """`add_award` for each dict of its arguments, in order, with one look-up of the awards
    given already and one flush; the first problem, in order, refuses them all."""
    held = _held(session, awards)
    rows = []
    for given in awards:
        row = _award_record(session, held, **given)
        # A second record of the same batch is refused as if the first were stored already.
        key = _row_key(row)
        held.setdefault(key, row["decision_no"])
        rows.append(row)
    if not rows:
        return []
    # One multi-row INSERT giving back the records (issue 19: SQLite gave ORM rows their ids
    # one INSERT at a time). The rows may come back in any order: each is matched to its
    # arguments by what makes it unique, which the checks above keep unique in the batch.
    session.flush()
    written = {
        _row_key(vars(record)): record
        for record in session.scalars(_INSERT_RETURNING, rows, execution_options=_BULK)
    }
    return [written[_row_key(row)] for row in rows]


#: add_awards' INSERT, giving back the records as ORM objects of the session
_INSERT_RETURNING = insert(AwardRecord).returning(AwardRecord)
#: each parameter set its own row (ORM bulk INSERT), not an UPDATE by primary key
_BULK = {"dml_strategy": "bulk"}


def _row_key(row: dict) -> tuple:
    return _key(
        row["person_id"], row["org_id"], row["subject_name"], row["year"], row["award_code"]
    )


def _key(person_id, org_id, subject_name, year, award_code) -> tuple:
    """What makes two records the same award (as `find_award` looks it up)."""
    if person_id is not None:
        return ("person", person_id, year, award_code)
    if org_id is not None:
        return ("org", org_id, year, award_code)
    return ("name", subject_name, year, award_code)


def _held(session: Session, awards: list[dict]) -> dict[tuple, str]:
    """{`_key`: decision number} of the records `find_award` would find for `awards`."""
    wanted = []
    for given in awards:
        year, code = given.get("year"), given.get("award_code")
        if isinstance(year, bool) or not isinstance(year, int) or not isinstance(code, str):
            continue  # refused by the checks before any look-up
        name = " ".join((given.get("subject_name") or "").split())
        same = _same_award(given.get("person_id"), given.get("org_id"), name, year, code)
        wanted.append(and_(*same))
    held: dict[tuple, str] = {}
    if not wanted:
        return held
    rows = session.execute(
        select(
            AwardRecord.person_id,
            AwardRecord.org_id,
            AwardRecord.subject_name,
            AwardRecord.year,
            AwardRecord.award_code,
            AwardRecord.decision_no,
        )
        .where(or_(*wanted))
        .order_by(AwardRecord.id)
    )
    for row in rows:
        # Filed under each subject it has, as find_award would match it by either.
        if row.person_id is not None:
            held.setdefault(("person", row.person_id, row.year, row.award_code), row.decision_no)
        if row.org_id is not None:
            held.setdefault(("org", row.org_id, row.year, row.award_code), row.decision_no)
        if row.person_id is None and row.org_id is None:
            key = ("name", row.subject_name, row.year, row.award_code)
            held.setdefault(key, row.decision_no)
    return held


def _award_record(
    session: Session,
    held: dict[tuple, str],
    *,
    person_id: int | None = None,
    org_id: int | None = None,
    subject_name: str,
    year: int,
    award_code: str,
    decision_no: str,
    decision_date: date | None,
    decided_by: str,
    one_off: bool = False,
    proposal_id: int | None = None,
    nominee_id: int | None = None,
    bonus_amount: int | None = None,
    bonus_basis: str = "",
    source: str,
) -> dict:
    """The values of the record, checked; refused when `held` has the same award already."""
    if person_id is not None and org_id is not None:
        wrong = N_("một bản ghi khen thưởng chỉ cho một cán bộ hoặc tập thể")
        raise ValidationFailed("award_record_two_subjects", {"subject": wrong})
    subject_name = " ".join((subject_name or "").split())
    if not subject_name:
        wrong = N_("Tên người/tập thể được khen thưởng là bắt buộc")
        raise ValidationFailed("award_record_name_required", {"subject_name": wrong})
    year = check_year(year)
    _check_source(source)
    award = session.get(Award, award_code)
    if award is None:
        wrong = N_("Danh hiệu/hình thức '%(award)s' không có", award=award_code)
        raise ValidationFailed("unknown_award", {"award_code": wrong})
    existing = held.get(_key(person_id, org_id, subject_name, year, award_code))
    if existing is not None:
        where = N_(" (QĐ số %(no)s)", no=existing) if existing else ""
        message = N_(
            "%(subject)s đã có %(award)s năm %(year)s%(where)s",
            subject=subject_name,
            award=award.name_vi,
            year=year,
            where=where,
        )
        raise Conflict("award_already_recorded", message)
    return {
        "person_id": person_id,
        "org_id": org_id,
        "subject_name": subject_name[:255],
        "year": year,
        "award_code": award_code,
        "decision_no": (decision_no or "").strip(),
        "decision_date": decision_date,
        "decided_by": decided_by or "",
        "one_off": bool(one_off),
        "proposal_id": proposal_id,
        "nominee_id": nominee_id,
        "bonus_amount": bonus_amount,
        "bonus_basis": bonus_basis or "",
        "source": source,
    }


def years_of(
    session: Session, *, person_id: int | None = None, org_id: int | None = None
) -> list[Year]:
    """The subject's history, newest year first; for a collective, its own records only."""
    _subject(person_id, org_id)
    by = (
        (YearRecord.person_id, AwardRecord.person_id, Initiative.person_id, person_id)
        if person_id is not None
        else (YearRecord.org_id, AwardRecord.org_id, None, org_id)
    )
    year_col, award_col, initiative_col, subject = by
    years: dict[int, Year] = {}
    for record in session.scalars(select(YearRecord).where(year_col == subject)):
        years.setdefault(record.year, Year(record.year)).record = record
    awards = session.scalars(
        select(AwardRecord).where(award_col == subject).order_by(AwardRecord.decision_date)
    )
    for award in awards:
        years.setdefault(award.year, Year(award.year)).awards.append(award)
    initiative_query = select(Initiative).order_by(Initiative.recognised_on)
    if initiative_col is not None:
        initiative_query = initiative_query.where(initiative_col == subject)
    else:
        # A collective's own initiatives: those registered for the unit without an author.
        initiative_query = initiative_query.where(
            Initiative.org_id == subject, Initiative.person_id.is_(None)
        )
    for initiative in session.scalars(initiative_query):
        years.setdefault(initiative.year, Year(initiative.year)).initiatives.append(initiative)
    return [years[y] for y in sorted(years, reverse=True)]
