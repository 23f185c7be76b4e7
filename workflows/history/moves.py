"""A person's moves between units (chuyển công tác), with their dates (issue 20, point 1).

Person.org_id is where the last move put them; `person_move` rows keep where they were before.
The criteria read them: LĐTT after a move is weighed by the new unit, with the old unit's
opinion when the person spent six months or more there in the year (Decree 98/2023 Art. 6,
kept by Decree 152/2025), and the members a collective counts in a year are the people who
were in it on 31/12 of that year (`directory.person_unit.unit_at`), not those who are there today.

One check for the import, the history page and the API: the new unit and the day together,
the day neither in the future, before the recruitment, nor before the last recorded move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, Person, PersonMove
from workflows.errors import N_, ValidationFailed
from workflows.history import person_facts

LABELS = {
    "moved_to": N_("Chuyển đến đơn vị"),
    "moved_on": N_("Ngày chuyển đơn vị"),
}


@dataclass(frozen=True)
class Move:
    """A move asked for: to `to_org` on `moved_on`, from `from_org` (None: the person's unit)."""

    to_org: Organisation
    moved_on: date
    from_org: Organisation | None = None


def parse(
    raw: dict,
    today: date,
    find_unit,
    from_unit: object = None,
) -> Move | None:
    """The move in `raw` ("moved_to": a unit as `find_unit` knows it, "moved_on": its day), or
    None when neither is given; `find_unit(text)` answers the unit or None."""
    unit_text = str(raw.get("moved_to") or "").strip()
    day_value = raw.get("moved_on")
    if not unit_text and day_value in (None, ""):
        return None
    wrong: dict = {}
    to_org = find_unit(unit_text) if unit_text else None
    if not unit_text:
        wrong["moved_to"] = N_("thiếu đơn vị chuyển đến cho ngày chuyển đã ghi")
    elif to_org is None:
        wrong["moved_to"] = N_(
            "không có đơn vị '%(unit)s' (hoặc bạn không được sửa hồ sơ của đơn vị này)",
            unit=unit_text[:60],
        )
    day = None
    if day_value in (None, ""):
        wrong["moved_on"] = N_("thiếu ngày chuyển đến đơn vị mới")
    else:
        day = person_facts.day_of(day_value)
        if day is None:
            wrong["moved_on"] = N_(
                "'%(value)s' không phải ngày dạng dd/mm/yyyy", value=str(day_value)[:40]
            )
        elif day > today:
            wrong["moved_on"] = N_("ngày chuyển %(day)s ở sau hôm nay", day=f"{day:%d/%m/%Y}")
    from_org = None
    if from_unit not in (None, ""):
        from_org = find_unit(str(from_unit))
        if from_org is None:
            wrong["moved_from"] = N_(
                "không có đơn vị '%(unit)s' (hoặc bạn không được sửa hồ sơ của đơn vị này)",
                unit=str(from_unit)[:60],
            )
    if wrong:
        raise ValidationFailed("person_move_invalid", wrong)
    assert to_org is not None and day is not None
    return Move(to_org, day, from_org)


def apply(session: Session, person: Person, move: Move, source: str = "manual") -> None:
    """Record `move` and put the person in the new unit. Recording the same move again changes
    nothing; a move on or before the last one recorded, or before the recruitment, is refused."""
    moves = history(session, person.id)
    if any(m.moved_on == move.moved_on and m.to_org_id == move.to_org.id for m in moves):
        return
    last = moves[-1] if moves else None
    day = f"{move.moved_on:%d/%m/%Y}"
    if last is not None and move.moved_on <= last.moved_on:
        wrong = N_(
            "ngày chuyển %(day)s không sau lần chuyển gần nhất (%(last)s)",
            day=day,
            last=f"{last.moved_on:%d/%m/%Y}",
        )
        raise ValidationFailed("person_move_invalid", {"moved_on": wrong})
    if person.recruited_on is not None and move.moved_on < person.recruited_on:
        wrong = N_(
            "ngày chuyển %(day)s trước ngày tuyển dụng %(recruited)s",
            day=day,
            recruited=f"{person.recruited_on:%d/%m/%Y}",
        )
        raise ValidationFailed("person_move_invalid", {"moved_on": wrong})
    from_org_id = person.org_id
    if move.from_org is not None and move.from_org.id != person.org_id:
        # A person met first in the file's row at the new unit: the row names where they were.
        if person.org_id != move.to_org.id or last is not None:
            wrong = N_(
                "cán bộ đang ở đơn vị %(unit)s, không phải %(named)s",
                unit=person.org.short_name or person.org.name,
                named=move.from_org.short_name or move.from_org.name,
            )
            raise ValidationFailed("person_move_invalid", {"moved_from": wrong})
        from_org_id = move.from_org.id
    if from_org_id == move.to_org.id:
        wrong = N_("cán bộ đã ở đơn vị %(unit)s", unit=move.to_org.short_name or move.to_org.name)
        raise ValidationFailed("person_move_invalid", {"moved_to": wrong})
    session.add(
        PersonMove(
            person_id=person.id,
            from_org_id=from_org_id,
            to_org_id=move.to_org.id,
            moved_on=move.moved_on,
            source=source,
        )
    )
    person.org_id = move.to_org.id
    person.org = move.to_org
    session.flush()


def history(session: Session, person_id: int) -> list[PersonMove]:
    return list(
        session.scalars(
            select(PersonMove)
            .where(PersonMove.person_id == person_id)
            .order_by(PersonMove.moved_on)
        )
    )


def as_dicts(session: Session, person_id: int) -> list[dict]:
    return [
        {
            "from_unit": m.from_org.code,
            "to_unit": m.to_org.code,
            "moved_on": m.moved_on.isoformat(),
        }
        for m in history(session, person_id)
    ]


def months_between(start: date, end: date) -> int:
    """Whole months from `start` (inclusive) to `end` (exclusive): 1/1 → 1/7 is 6."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)
