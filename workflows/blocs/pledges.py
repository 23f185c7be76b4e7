"""The pledge (giao ước thi đua) of a bloc or cluster for a year: made and its scoring table
edited by the bloc's head, signed by each member's Director, then opened for scoring. Members
are those of the bloc on the day the pledge is made (clipped to the year)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import (
    CRITERION_NAME_MAX,
    EVIDENCE_MAX,
    GROUPING_KINDS,
    POINTS_MAX,
    BlocAction,
    BlocCriterion,
    BlocEntry,
    BlocPledge,
    CriterionKind,
    Organisation,
    PledgeStatus,
    User,
    utcnow,
)
from workflows.blocs import access, audit
from workflows.blocs.rules import rule_for
from workflows.directory.org_history import members_on
from workflows.errors import N_, Conflict, NotFound, ValidationFailed
from workflows.plain_text import problem

TITLE_MAX = 255
YEAR_MIN, YEAR_MAX = 2000, 2100
#: a scoring table longer than this is a mistake, not a table
LINES_MAX = 200


@dataclass(frozen=True)
class Line:
    kind: str
    name: str
    max_points: int
    evidence: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "name": self.name,
            "max_points": self.max_points,
            "evidence": self.evidence,
        }


def day_in_year(year: int, today: date) -> date:
    """The day the bloc's membership is read for the year: today, clipped to the year."""
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def _loaded():
    return (
        selectinload(BlocPledge.criteria),
        selectinload(BlocPledge.entries).selectinload(BlocEntry.scores),
        selectinload(BlocPledge.entries).selectinload(BlocEntry.member),
    )


def get(session: Session, pledge_id: int) -> BlocPledge:
    pledge = session.scalar(
        select(BlocPledge).where(BlocPledge.id == pledge_id).options(*_loaded())
    )
    if pledge is None:
        raise NotFound("bloc_pledge_not_found", N_("Không tìm thấy giao ước thi đua"))
    return pledge


def lock(session: Session, pledge_id: int) -> BlocPledge:
    """The pledge, its row locked for the change (two heads or members at once wait)."""
    row = session.scalar(select(BlocPledge.id).where(BlocPledge.id == pledge_id).with_for_update())
    if row is None:
        raise NotFound("bloc_pledge_not_found", N_("Không tìm thấy giao ước thi đua"))
    # Read again under the lock: a step's request read the pledge before it locked its case,
    # and another member's ballot may have changed the counts since.
    pledge = session.scalar(
        select(BlocPledge)
        .where(BlocPledge.id == pledge_id)
        .options(*_loaded())
        .execution_options(populate_existing=True)
    )
    assert pledge is not None
    return pledge


def listing(session: Session, year: int | None = None) -> list[BlocPledge]:
    query = select(BlocPledge).options(selectinload(BlocPledge.grouping))
    if year is not None:
        query = query.where(BlocPledge.year == year)
    return list(session.scalars(query.order_by(BlocPledge.year.desc(), BlocPledge.id)))


def grouping_by_code(session: Session, code: object) -> Organisation:
    grouping = None
    if isinstance(code, str):
        grouping = session.scalar(
            select(Organisation).where(
                Organisation.code == code, Organisation.kind.in_(GROUPING_KINDS)
            )
        )
    if grouping is None:
        raise ValidationFailed(
            "invalid_bloc_pledge", {"grouping": N_("không phải mã một Khối/Cụm thi đua")}
        )
    return grouping


def clean_year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not YEAR_MIN <= value <= YEAR_MAX:
        raise ValidationFailed(
            "invalid_bloc_pledge",
            {"year": N_("phải là năm từ %(low)s đến %(high)s", low=YEAR_MIN, high=YEAR_MAX)},
        )
    return value


def clean_table(raw: object) -> list[Line]:
    """The scoring table from the page or the API, every problem named by its line and field."""
    if not isinstance(raw, list) or not raw or len(raw) > LINES_MAX:
        raise ValidationFailed(
            "invalid_scoring_table",
            {"criteria": N_("phải có từ 1 đến %(most)s dòng tiêu chí", most=LINES_MAX)},
        )
    errors: dict[str, str] = {}
    lines = []
    for n, row in enumerate(raw):
        where = f"criteria[{n}]"
        if not isinstance(row, dict):
            errors[where] = N_("phải là một dòng tiêu chí (name, kind, max_points, evidence)")
            continue
        kind = row.get("kind", CriterionKind.CRITERION)
        name = row.get("name")
        points = row.get("max_points")
        evidence = row.get("evidence") or ""
        if kind not in tuple(CriterionKind):
            errors[f"{where}.kind"] = N_(
                "phải là một trong: %(choices)s", choices=", ".join(CriterionKind)
            )
        if not isinstance(name, str) or not name.strip() or len(name) > CRITERION_NAME_MAX:
            errors[f"{where}.name"] = N_(
                "bắt buộc nhập, tối đa %(most)s ký tự", most=CRITERION_NAME_MAX
            )
        elif (bad := problem(name)) is not None:
            errors[f"{where}.name"] = bad
        if isinstance(points, str) and points.strip().isascii() and points.strip().isdigit():
            points = int(points.strip())
        if isinstance(points, bool) or not isinstance(points, int) or not 0 < points <= POINTS_MAX:
            errors[f"{where}.max_points"] = N_(
                "phải là số nguyên từ 1 đến %(most)s", most=POINTS_MAX
            )
        if not isinstance(evidence, str) or len(evidence) > EVIDENCE_MAX:
            errors[f"{where}.evidence"] = N_("tối đa %(most)s ký tự", most=EVIDENCE_MAX)
        if not errors and isinstance(points, int):
            lines.append(Line(str(kind), str(name).strip(), points, str(evidence).strip()))
    if errors:
        raise ValidationFailed("invalid_scoring_table", errors)
    return lines


def create(
    session: Session,
    user: User,
    grouping: Organisation,
    year: int,
    title: object,
    raw_table: object,
    today: date,
    source_note: str | None = None,
) -> BlocPledge:
    """A new pledge for the year, its table and its members; the head of the bloc only (asked
    before the table is read: who may not act learns nothing of the checks)."""
    day = day_in_year(year, today)
    access.check_head(user, grouping, day)
    if not isinstance(title, str) or not title.strip() or len(title) > TITLE_MAX:
        raise ValidationFailed(
            "invalid_bloc_pledge",
            {"title": N_("bắt buộc nhập, tối đa %(most)s ký tự", most=TITLE_MAX)},
        )
    lines = clean_table(raw_table)
    exists = session.scalar(
        select(BlocPledge.id).where(BlocPledge.grouping_id == grouping.id, BlocPledge.year == year)
    )
    if exists is not None:
        message = N_(
            "%(grouping)s đã có giao ước thi đua năm %(year)s", grouping=grouping.name, year=year
        )
        raise Conflict("bloc_pledge_exists", message)
    members = members_on(session, grouping, day)
    if not members:
        raise Conflict(
            "bloc_without_members",
            N_(
                "%(grouping)s chưa có thành viên trong năm %(year)s",
                grouping=grouping.name,
                year=year,
            ),
        )
    pledge = BlocPledge(
        grouping_id=grouping.id,
        year=year,
        title=title.strip(),
        status=PledgeStatus.DRAFT,
        rules=rule_for(grouping.code, day).as_json(),
        source_note=source_note,
    )
    session.add(pledge)
    pledge.criteria = _criteria(lines)
    pledge.entries = [BlocEntry(member_id=m.id, member=m) for m in members]
    session.flush()
    audit.record(
        session,
        pledge,
        user,
        BlocAction.PLEDGE_CREATED,
        year=year,
        members=[m.code for m in members],
        criteria=[line.as_dict() for line in lines],
    )
    return pledge


def _criteria(lines: list[Line]) -> list[BlocCriterion]:
    return [
        BlocCriterion(
            position=n,
            kind=line.kind,
            name=line.name,
            max_points=line.max_points,
            evidence=line.evidence,
        )
        for n, line in enumerate(lines, start=1)
    ]


def _check_status(pledge: BlocPledge, status: PledgeStatus) -> None:
    if pledge.status != status:
        message = N_(
            "Giao ước thi đua năm %(year)s không ở bước này (đang: %(status)s)",
            year=pledge.year,
            status=pledge.status,
        )
        raise Conflict("bloc_wrong_step", message)


def set_table(session: Session, user: User, pledge: BlocPledge, raw_table: object, today: date):
    """The head replaces the scoring table, while the pledge is a draft and no member has
    signed it (the members sign what it says)."""
    access.check_head(user, pledge.grouping, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.DRAFT)
    signed = [e.member.short_name for e in pledge.entries if e.signed_at is not None]
    if signed:
        # A signature is a completed step of the year's case: the table may change only
        # before anyone has signed what it says.
        message = N_(
            "Đã có đơn vị ký giao ước (%(names)s): không sửa bảng tiêu chí được nữa",
            names=", ".join(signed),
        )
        raise Conflict("bloc_table_signed", message)
    lines = clean_table(raw_table)
    before = [Line(c.kind, c.name, c.max_points, c.evidence).as_dict() for c in pledge.criteria]
    pledge.criteria.clear()
    session.flush()
    pledge.criteria.extend(_criteria(lines))
    session.flush()
    audit.record(
        session,
        pledge,
        user,
        BlocAction.TABLE_EDITED,
        before=before,
        after=[line.as_dict() for line in lines],
    )


def sign(session: Session, user: User, pledge: BlocPledge, today: date) -> BlocEntry:
    """A member's Director signs the pledge for the member."""
    entry = access.check_member(user, pledge, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.DRAFT)
    if entry.signed_at is not None:
        raise Conflict("bloc_already_signed", N_("Đơn vị đã ký giao ước thi đua"))
    entry.signed_at, entry.signed_by_id = utcnow(), user.id
    audit.record(session, pledge, user, BlocAction.SIGNED, entry.member_id)
    return entry


def open_scoring(session: Session, user: User, pledge: BlocPledge, today: date) -> None:
    """The head opens the year's scoring once every member has signed."""
    access.check_head(user, pledge.grouping, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.DRAFT)
    unsigned = [e.member.short_name for e in pledge.entries if e.signed_at is None]
    if unsigned:
        message = N_("Còn đơn vị chưa ký giao ước: %(names)s", names=", ".join(unsigned))
        raise Conflict("bloc_unsigned_members", message)
    pledge.status = PledgeStatus.SCORING
    audit.record(session, pledge, user, BlocAction.SCORING_OPENED)
