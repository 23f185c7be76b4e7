"""The facts the award criteria (bpmn/eligibility.dmn) are evaluated on, read from history.

`facts` / `facts_of` read nominees' history (models/history.py: year records, award records,
initiatives, the organisation tree) into the plain values the table's cells use: a few
statements for a whole list of nominees, people and units apart. Nothing here evaluates the
table or writes; workflows/eligibility/checks.py does, and re-exports `facts` and `facts_of`.

Grounds for merit awards never include one-off awards (simplified procedure, đột xuất) or an
initiative already used for another award (Decree 152/2025 Art. 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    CompoundSelect,
    Date,
    Integer,
    Row,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from models import (
    AwardRecord,
    Initiative,
    Nominee,
    Organisation,
    Person,
    PersonMove,
    YearRecord,
    core_path,
)
from workflows.directory import person_unit
from workflows.history import initiatives, moves
from workflows.history.records import RATING_LABELS, WARNING_OR_ABOVE

#: how far back consecutive years of a title are counted
LOOKBACK_YEARS = 10
#: ratings that count as "completed its tasks" (hoàn thành nhiệm vụ trở lên)
COMPLETED = ("xuat_sac", "tot", "hoan_thanh")
_GROUNDS = ("LDTT", "CSTDCS")
#: initiative scopes that count as provincial or wider
_WIDE_SCOPES = ("tinh", "toan_quoc")


def facts(session: Session, nominee: Nominee, year: int) -> dict:
    """What the criteria are evaluated on, for `nominee` and award year `year`."""
    return facts_of(session, [nominee], year)[0]


def facts_of(
    session: Session,
    nominees: list[Nominee],
    year: int,
    *,
    award_code: str | None = None,
    proposal_id: int | None = None,
    initiatives_from: int | None = None,
) -> list[dict]:
    """`facts` of each nominee, in order, read together: a few statements for the whole list,
    however many nominees it holds. With `award_code`, `already_awarded` is filled too (the
    same award for the year, given by a decision other than proposal `proposal_id`'s)."""
    people = [n.person_id for n in nominees if n.kind != "collective" and n.person_id is not None]
    units = [
        n.subject_org_id
        for n in nominees
        if n.kind == "collective" and n.subject_org_id is not None
    ]
    by_person = _people_facts(session, people, year, award_code, proposal_id, initiatives_from)
    by_unit = _units_facts(session, units, year, award_code, proposal_id)
    out = []
    for nominee in nominees:
        if nominee.kind == "collective":
            unit_id = nominee.subject_org_id
            known = by_unit.get(unit_id) if unit_id is not None else None
            out.append(dict(known) if known else _blank("collective", year))
        else:
            person_id = nominee.person_id
            known = by_person.get(person_id) if person_id is not None else None
            out.append(dict(known) if known else _blank("person", year))
    return out


def _blank(kind: str, year: int) -> dict:
    # Every name a cell may read exists, so an unlinked nominee's rows never hit a NameError.
    return {
        "kind": kind,
        "linked": False,
        "year": year,
        "rating": None,
        "rating_vi": "chưa có xếp loại",
        "disciplined": False,
        "under_review": False,
        "service_months": None,
        "recruited_vi": "",
        #: the last move between units in the year (workflows.history.moves): from which unit,
        #: on which day, and the whole months spent at the old unit in the year before it
        "moved_vi": "",
        "moved_from_vi": "",
        "old_unit_months": 0,
        "ldtt_y": False,
        "cstdcs_streak": 0,
        "xuat_sac_streak": 0,
        "initiatives": 0,
        "initiatives_tinh": 0,
        #: the award's window of initiatives (workflows.eligibility.windows) and what is in it
        "initiatives_from": year,
        "initiatives_counted": "không có",
        "initiatives_too_old": "không có",
        "members": 0,
        #: members disciplined at "cảnh cáo" or above in the year, and those whose level is
        #: not recorded (which the criterion cannot clear)
        "warned_members": 0,
        "unknown_discipline_members": 0,
        "completed_members": 0,
        "ldtt_members": 0,
        "cstdcs_members": 0,
        "ldtt_pct": "0",
        "ttldxs_y": False,
        #: the decision that already gave the award for the year; filled by check()
        "already_awarded": "",
    }


def _year_facts(out: dict, records: Sequence[Any], year: int) -> None:
    this = next((r for r in records if r.year == year), None)
    if this is not None and this.rating:
        out["rating"], out["rating_vi"] = this.rating, RATING_LABELS[this.rating]
    out["disciplined"] = bool(this and this.disciplined)
    # A review opened in the award year or later is still open when the award is decided.
    out["under_review"] = any(r.under_review for r in records if r.year >= year)


def _people_facts(
    session: Session,
    person_ids: list[int],
    year: int,
    award_code: str | None,
    proposal_id: int | None,
    initiatives_from: int | None = None,
) -> dict[int, dict]:
    """{person id: facts} for every id asked: one statement, however many people (one more
    when the award counts initiatives in a window: their titles name the reason; one more when
    someone moved between units in the year)."""
    out = {pid: _blank("person", year) for pid in person_ids}
    if not out:
        return out
    people: list[Row] = []
    records: dict[int, list[_YearRow]] = {}
    awards: list[_AwardRow] = []
    params: dict[str, Any] = {
        "people": list(out),
        "year": year,
        "lookback_from": year - LOOKBACK_YEARS,
        "year_start": date(year, 1, 1),
        "year_end": date(year, 12, 31),
    }
    if award_code is not None:
        params["award_code"] = award_code
    if initiatives_from is not None:
        params["from_year"] = initiatives_from
    history = _history(award_code is not None, initiatives_from is not None)
    # Each step of a proposal checks its nominees (issue 19): the people, their year records
    # and their award records in one round trip, on the session's connection.
    for row in core_path.execute(session, history, params):
        if row.kind == "p":
            people.append(row)
        elif row.kind == "y":
            records.setdefault(row.subject_id, []).append(
                _YearRow(row.year, row.code, row.flag, row.under_review)
            )
        else:
            awards.append(
                _AwardRow(
                    row.subject_id,
                    row.year,
                    row.code,
                    row.flag,
                    row.proposal_id,
                    row.decision_no,
                    row.decision_date,
                )
            )
    for row in people:
        facts, recruited = out[row.subject_id], row.recruited_on
        facts.update(
            linked=True, initiatives=row.initiatives, initiatives_tinh=row.initiatives_tinh
        )
        if recruited is not None:
            facts["service_months"] = _months_to_year_end(recruited, year)
            facts["recruited_vi"] = recruited.strftime("%d/%m/%Y")
    linked = [p.subject_id for p in people]
    # read only for those who moved in the year: no statement more for the usual list
    _move_facts(session, out, {p.subject_id: p.recruited_on for p in people if p.moves}, year)
    if initiatives_from is not None and linked:
        _window_facts(session, out, linked, year, initiatives_from)
    for pid in linked:
        rows = records.get(pid, [])
        _year_facts(out[pid], rows, year)
        out[pid]["xuat_sac_streak"] = _streak(
            {r.year for r in rows if r.rating == "xuat_sac"}, year
        )
    titles: dict[int, set[tuple[int, str]]] = {pid: set() for pid in linked}
    for award in awards:
        if _is_title(award, year) and award.subject_id in titles:
            titles[award.subject_id].add((award.year, award.award_code))
        if _is_same_award(award, year, award_code, proposal_id):
            out[award.subject_id]["already_awarded"] = _decision_text(award)
    for pid, held in titles.items():
        out[pid]["ldtt_y"] = (year, "LDTT") in held
        out[pid]["cstdcs_streak"] = _streak({y for y, c in held if c == "CSTDCS"}, year)
    return out


class _YearRow(NamedTuple):
    year: int
    rating: str | None
    disciplined: bool
    under_review: bool


class _AwardRow(NamedTuple):
    subject_id: int
    year: int
    award_code: str
    one_off: bool
    proposal_id: int | None
    decision_no: str | None
    decision_date: date | None


@cache
def _history(same_award: bool, windowed: bool) -> CompoundSelect:
    """The people (kind "p": recruitment day, unused initiatives, moves in the year), their
    year records ("y") and the award records the facts read ("a", as `_awards`), as one
    UNION ALL of rows of one shape; the columns a kind does not have are typed NULLs.

    Built once per shape with its values bound per call (:people, :year, :lookback_from,
    :year_start, :year_end, :award_code, :from_year): each step of a proposal runs it, and
    building and keying so large a statement cost more than running it (issue 19)."""
    year: Any = bindparam("year", type_=Integer)
    from_year: Any = bindparam("from_year", type_=Integer) if windowed else None
    person_ids: Any = bindparam("people", expanding=True)
    unused = initiatives.unused_where(year, person=Person.id, from_year=from_year)

    def none(kind: Any) -> Any:
        return cast(null(), kind)

    people = select(
        literal("p").label("kind"),
        Person.id.label("subject_id"),
        Person.recruited_on.label("recruited_on"),
        select(func.count(Initiative.id)).where(*unused).scalar_subquery().label("initiatives"),
        select(func.count(Initiative.id))
        .where(*unused, Initiative.scope.in_(_WIDE_SCOPES))
        .scalar_subquery()
        .label("initiatives_tinh"),
        select(func.count(PersonMove.id))
        .where(
            PersonMove.person_id == Person.id,
            PersonMove.moved_on.between(
                bindparam("year_start", type_=Date), bindparam("year_end", type_=Date)
            ),
        )
        .scalar_subquery()
        .label("moves"),
        none(Integer).label("year"),
        none(String).label("code"),
        none(Boolean).label("flag"),
        none(Boolean).label("under_review"),
        none(Integer).label("proposal_id"),
        none(String).label("decision_no"),
        none(Date).label("decision_date"),
    ).where(Person.id.in_(person_ids))
    years = select(
        literal("y"),
        YearRecord.person_id,
        none(Date),
        none(Integer),
        none(Integer),
        none(Integer),
        YearRecord.year,
        YearRecord.rating,
        YearRecord.disciplined,
        YearRecord.under_review,
        none(Integer),
        none(String),
        none(Date),
    ).where(YearRecord.person_id.in_(person_ids), YearRecord.year >= bindparam("lookback_from"))
    wanted = and_(
        AwardRecord.award_code.in_(_GROUNDS),
        AwardRecord.one_off.is_(False),
        AwardRecord.year.between(bindparam("lookback_from"), year),
    )
    if same_award:
        wanted = or_(
            wanted,
            and_(
                AwardRecord.year == year,
                AwardRecord.award_code == bindparam("award_code", type_=String),
            ),
        )
    awards = select(
        literal("a"),
        AwardRecord.person_id,
        none(Date),
        none(Integer),
        none(Integer),
        none(Integer),
        AwardRecord.year,
        AwardRecord.award_code,
        AwardRecord.one_off,
        none(Boolean),
        AwardRecord.proposal_id,
        AwardRecord.decision_no,
        AwardRecord.decision_date,
    ).where(AwardRecord.person_id.in_(person_ids), wanted, AwardRecord.revoked_at.is_(None))
    return union_all(people, years, awards)


def _move_facts(
    session: Session, out: dict[int, dict], recruited: dict[int, date | None], year: int
) -> None:
    """The last move of each person in `year`, and how long they were at the old unit that
    year (from 1/1, their recruitment or their previous move): one statement for all."""
    if not recruited:
        return
    rows = session.execute(
        select(PersonMove.person_id, PersonMove.moved_on, Organisation.name)
        .join(Organisation, Organisation.id == PersonMove.from_org_id)
        .where(PersonMove.person_id.in_(recruited), PersonMove.moved_on <= date(year, 12, 31))
        .order_by(PersonMove.person_id, PersonMove.moved_on)
    ).all()
    previous: dict[int, date] = {}
    for row in rows:
        start = max(
            d
            for d in (date(year, 1, 1), recruited[row.person_id], previous.get(row.person_id))
            if d is not None
        )
        previous[row.person_id] = row.moved_on
        if row.moved_on.year != year:
            continue
        facts = out[row.person_id]
        facts["moved_vi"] = f"{row.moved_on:%d/%m/%Y}"
        facts["moved_from_vi"] = row.name
        facts["old_unit_months"] = max(0, moves.months_between(start, row.moved_on))


def _window_facts(
    session: Session, out: dict[int, dict], linked: list[int], year: int, first: int
) -> None:
    """Name the unused initiatives counted (recognised from `first` to `year`) and those too
    old for the award's window, so the reason says which were and were not counted."""
    rows = session.execute(
        select(Initiative.person_id, Initiative.title, Initiative.year)
        .where(*initiatives.unused_where(year), Initiative.person_id.in_(linked))
        .order_by(Initiative.year, Initiative.id)
    ).all()
    named: dict[int, tuple[list[str], list[str]]] = {pid: ([], []) for pid in linked}
    for row in rows:
        counted, old = named[row.person_id]
        (counted if row.year >= first else old).append(f"“{row.title[:80]}” ({row.year})")
    for pid, (counted, old) in named.items():
        out[pid]["initiatives_from"] = first
        out[pid]["initiatives_counted"] = "; ".join(counted) or "không có"
        out[pid]["initiatives_too_old"] = "; ".join(old) or "không có"


def _awards(
    session: Session,
    subject,
    subject_ids: list[int],
    titles,
    year: int,
    award_code: str | None,
    proposal_id: int | None,
) -> Sequence[Row]:
    """The award records the facts read, in one statement: the `titles` that count and, with
    `award_code`, the same award for the year whatever its procedure (given already?)."""
    wanted = titles
    if award_code is not None:
        wanted = or_(wanted, and_(AwardRecord.year == year, AwardRecord.award_code == award_code))
    return session.execute(
        select(
            subject.label("subject_id"),
            AwardRecord.year,
            AwardRecord.award_code,
            AwardRecord.one_off,
            AwardRecord.proposal_id,
            AwardRecord.decision_no,
            AwardRecord.decision_date,
        )
        # A revoked award stays in the history, marked, but grounds nothing (Law, handling
        # of violations): eligibility reads as if it had not been given.
        .where(subject.in_(subject_ids), wanted, AwardRecord.revoked_at.is_(None))
    ).all()


def _is_title(row, year: int) -> bool:
    return (
        row.award_code in _GROUNDS and not row.one_off and year - LOOKBACK_YEARS <= row.year <= year
    )


def _is_ttldxs(row, year: int) -> bool:
    return row.award_code == "TTLDXS" and not row.one_off and row.year == year


def _is_same_award(row, year: int, award_code: str | None, proposal_id: int | None) -> bool:
    # A record written by this proposal's own decision is not "another" award.
    return (
        award_code is not None
        and row.year == year
        and row.award_code == award_code
        and (row.proposal_id is None or row.proposal_id != proposal_id)
    )


def _decision_text(row) -> str:
    """The decision that already gave this award for the year: a second one for the same
    person or unit would be refused at the decision, so it shows from filing."""
    number, day = row.decision_no, row.decision_date
    when = f" ngày {day:%d/%m/%Y}" if day else ""
    return f"QĐ số {number}{when}" if number else "đã có trong lịch sử thi đua"


def _streak(years: set[int], year: int) -> int:
    count = 0
    while year - count in years:
        count += 1
    return count


def _months_to_year_end(recruited: date, year: int) -> int:
    """Whole months from the recruitment day to the end of `year` (1/7 → 6, 2/7 → 5)."""
    months = (year + 1 - recruited.year) * 12 + 1 - recruited.month
    return months - (1 if recruited.day > 1 else 0)


def _units_facts(
    session: Session,
    org_ids: list[int],
    year: int,
    award_code: str | None,
    proposal_id: int | None,
) -> dict[int, dict]:
    """{organisation id: facts} for every id asked: four statements, however many units."""
    out = {oid: _blank("collective", year) for oid in org_ids}
    if not out:
        return out
    linked = list(session.scalars(select(Organisation.id).where(Organisation.id.in_(out))))
    records: dict[int, list] = {oid: [] for oid in linked}
    if linked:
        for row in session.execute(
            select(
                YearRecord.org_id,
                YearRecord.year,
                YearRecord.rating,
                YearRecord.disciplined,
                YearRecord.under_review,
            ).where(YearRecord.org_id.in_(linked), YearRecord.year >= year)
        ):
            records[row.org_id].append(row)
    for oid, rows in records.items():
        out[oid]["linked"] = True
        _year_facts(out[oid], rows, year)
    _members_facts(session, out, linked, year)
    ttldxs = and_(
        AwardRecord.award_code == "TTLDXS",
        AwardRecord.one_off.is_(False),
        AwardRecord.year == year,
    )
    for row in _awards(
        session, AwardRecord.org_id, list(out), ttldxs, year, award_code, proposal_id
    ):
        if row.subject_id in records and _is_ttldxs(row, year):
            out[row.subject_id]["ttldxs_y"] = True
        if _is_same_award(row, year, award_code, proposal_id):
            out[row.subject_id]["already_awarded"] = _decision_text(row)
    return out


def _members_facts(session: Session, out: dict[int, dict], units: list[int], year: int) -> None:
    """Members: people of the unit or below it on 31/12 of the year (their moves read) with a
    record for the year, with whether they hold LĐTT / CSTĐCS (not one-off) for it; one
    recursive statement for all units."""
    if not units:
        return
    tree = (
        select(Organisation.id.label("root"), Organisation.id.label("org_id"))
        .where(Organisation.id.in_(units))
        .cte("unit_tree", recursive=True)
    )
    tree = tree.union_all(
        select(tree.c.root, Organisation.id).where(Organisation.parent_id == tree.c.org_id)
    )

    def holds(code: str):
        return (
            select(AwardRecord.id)
            .where(
                AwardRecord.person_id == YearRecord.person_id,
                AwardRecord.year == year,
                AwardRecord.award_code == code,
                AwardRecord.one_off.is_(False),
                AwardRecord.revoked_at.is_(None),
            )
            .exists()
        )

    rows = session.execute(
        select(
            tree.c.root,
            YearRecord.rating,
            YearRecord.disciplined,
            YearRecord.discipline,
            holds("LDTT").label("ldtt"),
            holds("CSTDCS").label("cstdcs"),
        )
        .join(Person, Person.id == YearRecord.person_id)
        # the unit of 31/12: someone who moved in or out during the year counts where they ended it
        .join(
            tree, tree.c.org_id == person_unit.unit_at(Person.id, Person.org_id, date(year, 12, 31))
        )
        .where(YearRecord.year == year)
    ).all()
    for row in rows:
        facts = out[row.root]
        facts["members"] += 1
        if row.disciplined:
            facts["warned_members"] += row.discipline in WARNING_OR_ABOVE
            facts["unknown_discipline_members"] += row.discipline is None
        facts["completed_members"] += row.rating in COMPLETED
        facts["ldtt_members"] += bool(row.ldtt)
        facts["cstdcs_members"] += bool(row.cstdcs)
    for oid in units:
        facts = out[oid]
        if facts["members"]:
            # Shown truncated, never rounded up: 69.96% must not read as 70%.
            tenths = facts["ldtt_members"] * 1000 // facts["members"]
            facts["ldtt_pct"] = f"{tenths / 10:g}".replace(".", ",")
