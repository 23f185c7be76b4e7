"""Import award history or initiatives from a spreadsheet (.xlsx) or a .csv file.

Each data row is checked on its own: a valid row is written, an invalid one is reported with its
row number and the reason, and nothing of it is written. A file that cannot be read at all is
refused as a whole. Everything happens in the caller's transaction, which commits once (or rolls
back on an unexpected error). Importing the same file again changes nothing: rows are matched to
what is there (staff code, name within the unit, subject-year, subject-year-award, initiative
title and decision) and updated in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Award, Organisation, OrgKind, Person
from models.proposal import NAME_MAX
from workflows.deadlines.calendar import today
from workflows.errors import N_, DomainError, Text, ValidationFailed
from workflows.history import initiatives, moves, person_facts, persons, records, spreadsheet
from workflows.history.import_cells import (
    SCOPE_WORDS,
    RowError,
    cell,
    check_characters,
    date_of,
    discipline_of,
    flag_of,
    joined,
    labelled,
    rating_of,
    text_of,
    year_of,
)
from workflows.search_text import fold

KINDS = ("history", "initiatives")


@dataclass
class Report:
    kind: str
    dry_run: bool
    rows: int = 0
    accepted: list[int] = field(default_factory=list)
    #: (row number as the spreadsheet shows it, reason: a catalogue message)
    rejected: list[tuple[int, Text | str]] = field(default_factory=list)
    created_people: int = 0

    def lines(self) -> list[Text]:
        """The report as lines of text: Vietnamese as `str()`, the reader's language rendered."""
        summary = N_(
            "%(rows)s dòng dữ liệu: %(ok)s dòng được nhận, %(bad)s dòng bị từ chối; "
            "%(new)s cán bộ mới",
            rows=self.rows,
            ok=len(self.accepted),
            bad=len(self.rejected),
            new=self.created_people,
        )
        if self.dry_run:
            summary = N_("Thử (không ghi gì): %(summary)s", summary=summary)
        rows = [N_("dòng %(row)s: %(reason)s", row=n, reason=r) for n, r in self.rejected]
        return [summary, *rows]


def import_file(
    session: Session,
    *,
    filename: str,
    data: bytes,
    kind: str,
    org_ids: list[int] | None,
    dry_run: bool = False,
) -> Report:
    """Import `data`; `org_ids`: the organisations the importer may write for (None: all).

    A dry run checks and reports every row and writes nothing (its writes are rolled back).
    """
    if kind not in KINDS:
        wrong = N_("Loại tệp '%(kind)s' không hợp lệ: history hoặc initiatives", kind=kind)
        raise ValidationFailed("import_kind_unknown", {"kind": wrong})
    header, rows = spreadsheet.read_table(filename, data, kind)
    columns = spreadsheet.columns(
        header, spreadsheet.HISTORY_HEADERS if kind == "history" else spreadsheet.INITIATIVE_HEADERS
    )
    context = _Context(session, org_ids)
    report = Report(kind, dry_run, rows=len(rows))
    outer = session.begin_nested() if dry_run else None
    try:
        for number, values in rows:
            cells = {
                name: cell(values[i] if i < len(values) else None) for name, i in columns.items()
            }
            created = context.created
            try:
                check_characters(cells)
                # One savepoint per row: a row refused by the database leaves the others.
                with session.begin_nested():
                    if kind == "history":
                        _history_row(context, cells)
                    else:
                        _initiative_row(context, cells)
            except (RowError, DomainError) as exc:
                context.created = created  # its new person was rolled back with it
                report.rejected.append((number, _reason(exc)))
            else:
                report.accepted.append(number)
        report.created_people = context.created
    finally:
        if outer is not None:
            outer.rollback()
    return report


def _reason(exc: RowError | DomainError) -> Text | str:
    if isinstance(exc, ValidationFailed):
        return joined(list(exc.fields.values()))
    if isinstance(exc, DomainError):
        return exc.text
    return exc.reason


class _Context:
    """Organisations and awards looked up once per file."""

    def __init__(self, session: Session, org_ids: list[int] | None):
        self.session = session
        query = select(Organisation).where(
            Organisation.kind.in_([OrgKind.DEPARTMENT, OrgKind.UNIT])
        )
        if org_ids is not None:
            query = query.where(Organisation.id.in_(org_ids))
        self.orgs = list(session.scalars(query))
        self.awards = list(session.scalars(select(Award)))
        self.created = 0

    def org(self, value: object) -> Organisation:
        text = str(value or "")
        if not text:
            raise RowError(N_("thiếu Đơn vị"))
        key = fold(text)
        found = [o for o in self.orgs if key in (o.code.lower(), fold(o.name), fold(o.short_name))]
        if len(found) != 1:
            raise RowError(
                N_(
                    "Đơn vị '%(unit)s' không có (hoặc bạn không được nhập cho đơn vị này)",
                    unit=text,
                )
            )
        return found[0]

    def unit_or_none(self, value: object) -> Organisation | None:
        try:
            return self.org(value)
        except RowError:
            return None

    def collective(self, name: str) -> Organisation | None:
        key = fold(name)
        found = [o for o in self.orgs if key in (fold(o.name), fold(o.short_name))]
        return found[0] if len(found) == 1 else None

    def award(self, value: str, target: str) -> Award:
        key = spreadsheet.key(value)
        for award in self.awards:
            if award.target != target:
                continue
            name = spreadsheet.key(award.name_vi)
            bare = spreadsheet.key(re.sub(r"\(.*?\)", "", award.name_vi))
            if key in (spreadsheet.key(award.code), name, bare):
                return award
        raise RowError(N_("Danh hiệu/Hình thức '%(award)s' không có trong danh mục", award=value))


def _find_person(
    ctx: _Context, unit: Organisation, code: str, name: str, before: Organisation | None = None
) -> Person:
    """The person of the row: by staff code, else by name in the unit (or, for a row that
    moves them, in the unit `before` they moved), else a new person of the unit."""
    if before is not None and name and not code:
        found = ctx.session.scalar(
            select(Person).where(Person.org_id == before.id, Person.name_key == fold(name)[:120])
        )
        if found is not None:
            return found
    session = ctx.session
    if code:
        person = session.scalar(select(Person).where(Person.staff_code == code))
        if person is not None:
            if ctx.orgs and person.org_id not in {o.id for o in ctx.orgs}:
                raise RowError(
                    N_("Mã cán bộ '%(code)s' thuộc đơn vị bạn không được nhập", code=code)
                )
            return person
    if not name:
        raise RowError(N_("thiếu Họ và tên (hoặc Mã cán bộ đã có)"))
    same = list(
        session.scalars(
            select(Person).where(Person.org_id == unit.id, Person.name_key == fold(name)[:120])
        )
    )
    if code:
        same = [p for p in same if p.staff_code in (None, code)]
    if len(same) > 1:
        raise RowError(
            N_(
                "%(unit)s có %(count)s người tên '%(name)s': hãy ghi Mã cán bộ",
                unit=unit.short_name,
                count=len(same),
                name=name,
            )
        )
    if same:
        if code and same[0].staff_code is None:
            same[0].staff_code = code
        return same[0]
    ctx.created += 1
    return persons.add_person(session, org_id=unit.id, full_name=name, staff_code=code or None)


def _history_row(ctx: _Context, cells: dict) -> None:
    unit = ctx.org(cells.get("unit"))
    year = year_of(cells.get("year"))
    rating = rating_of(cells.get("rating"))
    disciplined, discipline = discipline_of(cells.get("disciplined"))
    under_review = flag_of(cells.get("under_review"), "Đang xem xét kỷ luật")
    code = text_of(cells, "staff_code", 40)
    name = text_of(cells, "name", NAME_MAX)
    collective_name = text_of(cells, "collective")
    award_text = text_of(cells, "award")
    decision_no = text_of(cells, "decision_no", 60)
    decision_date = date_of(cells.get("decision_date"), "Ngày quyết định")
    if award_text and not decision_no:
        raise RowError(N_("thiếu Số quyết định cho '%(award)s'", award=award_text))
    # A collective: the "Tên tập thể" column, or a name that is an organisation of the file.
    collective = None
    if collective_name or (name and not code):
        collective = ctx.collective(collective_name or name)
        if collective_name and collective is None:
            raise RowError(
                N_(
                    "Tập thể '%(collective)s' không có (hoặc bạn không được nhập)",
                    collective=collective_name,
                )
            )
    person: Person | None = None
    if collective is not None:
        subject, subject_name = {"org_id": collective.id}, collective.name
    else:
        before = ctx.unit_or_none(cells.get("moved_from")) if cells.get("moved_from") else None
        person = _find_person(ctx, unit, code, name, before)
        subject, subject_name = {"person_id": person.id}, person.full_name
        _person_facts(person, cells)
        _person_move(ctx, person, unit, cells)
    award = ctx.award(award_text, "collective" if collective else "person") if award_text else None
    if rating is not None or disciplined or under_review:
        records.set_year(
            ctx.session,
            person_id=person.id if person else None,
            org_id=collective.id if collective else None,
            year=year,
            rating=rating,
            disciplined=disciplined,
            discipline=discipline,
            under_review=under_review,
            source="import",
        )
    if award is None:
        return
    existing = records.find_award(
        ctx.session,
        person_id=person.id if person else None,
        org_id=collective.id if collective else None,
        subject_name=subject_name,
        year=year,
        award_code=award.code,
    )
    if existing is not None:
        if existing.source == "import":  # a re-import corrects its own rows, not decisions
            existing.decision_no, existing.decision_date = decision_no, decision_date
        return
    records.add_award(
        ctx.session,
        **subject,
        subject_name=subject_name,
        year=year,
        award_code=award.code,
        decision_no=decision_no,
        decision_date=decision_date,
        decided_by="",
        source="import",
    )


PERSON_FACTS = ("recruited_on", "job_title", "is_leader", "gender", "task_group")


def _person_facts(person: Person, cells: dict) -> None:
    """The optional columns of the person's facts: an empty cell changes nothing (an older
    file without them keeps what the registry holds)."""
    given = {name: cells[name] for name in PERSON_FACTS if cells.get(name) not in (None, "")}
    if not given:
        return
    try:
        changes = person_facts.parse(given, today())
    except ValidationFailed as exc:
        labels = spreadsheet.FIELD_LABELS
        raise RowError(
            labelled(labels[name], message) for name, message in exc.fields.items()
        ) from None
    person_facts.apply(person, changes)


MOVE_LABELS = {
    "moved_to": "Đơn vị",
    "moved_on": "Ngày chuyển đơn vị",
    "moved_from": "Chuyển từ đơn vị",
}


def _person_move(ctx: _Context, person: Person, unit: Organisation, cells: dict) -> None:
    """A row with "Ngày chuyển đơn vị" moves the person to the row's unit on that day (from
    "Chuyển từ đơn vị", or from the unit the registry has them in); without it nothing moves."""
    if cells.get("moved_on") in (None, "") and cells.get("moved_from") in (None, ""):
        return
    try:
        move = moves.parse(
            {"moved_to": unit.code, "moved_on": cells.get("moved_on")},
            today(),
            ctx.unit_or_none,
            cells.get("moved_from"),
        )
        if move is not None:
            moves.apply(ctx.session, person, move, source="import")
    except ValidationFailed as exc:
        raise RowError(
            labelled(MOVE_LABELS[name], message) for name, message in exc.fields.items()
        ) from None


def _initiative_row(ctx: _Context, cells: dict) -> None:
    unit = ctx.org(cells.get("unit"))
    year = year_of(cells.get("year"), "Năm công nhận")
    recognised_on = date_of(cells.get("recognised_on"), "Ngày công nhận")
    scope_text = text_of(cells, "scope")
    scope = SCOPE_WORDS.get(spreadsheet.key(scope_text), "co_so" if not scope_text else "")
    if not scope:
        raise RowError(
            N_("Phạm vi '%(scope)s' không hợp lệ: cơ sở, tỉnh hoặc toàn quốc", scope=scope_text)
        )
    author = text_of(cells, "author", NAME_MAX)
    person_id = None
    if author and fold(author) not in (fold(unit.name), fold(unit.short_name)):
        person = ctx.session.scalar(select(Person).where(Person.staff_code == author))
        if person is None:
            person = _find_person(ctx, unit, "", author)
        person_id = person.id
    initiatives.register(
        ctx.session,
        title=text_of(cells, "title", initiatives.TITLE_MAX),
        org_id=unit.id,
        person_id=person_id,
        year=year,
        decision_no=text_of(cells, "decision_no", initiatives.DECISION_MAX),
        recognised_on=recognised_on,
        scope=scope,
    )
