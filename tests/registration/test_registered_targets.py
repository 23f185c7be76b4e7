"""Targets against reality (issue 17, item 4): registered → proposed → awarded per target, per
unit and per department as recorded or rolled up, with counts worked by hand below.

The world is tests/support/merger.py: Sở A merged into Sở B on 1/3/2025, its unit a1 moved to B;
b1 always under B. Target: at least 15 % of people LĐTT. Headcounts 2025: a1 10, b1 20.
Decided (merger.DECISIONS, all LĐTT of the movement but b1's Giấy khen): a1 2 + 1, b1 3.
Added here:
- approved registrations: a1 4 people LĐTT + 1 CSTĐCS (aims for LĐTT too) = 5; b1 2 LĐTT
  (sent back to "submitted" at the end, b1 counts none registered);
- b1 proposes 2 more people (in review): b1 proposed 3 + 2 = 5; a1 a draft of 4: not proposed.

  unit   base  registered      proposed        awarded        15 % needs
  a1      10   5 (50.0 %)      3 (30.0 %)      3 (30.0 %)     2
  b1      20   2 (10.0 %)      5 (25.0 %)      3 (15.0 %)     3
  all     30   7 (23.3 %)      8 (26.7 %)      6 (20.0 %)     5 (4.5 rounded up)
As recorded (the department on 1/1/2025): Sở A = a1's row, Sở B = b1's; rolled up: one row for
Sở B including the former Sở A = the "all" row.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from models import (
    Movement,
    Nominee,
    Person,
    Proposal,
    Registration,
    RegistrationLine,
    RegistrationStatus,
    User,
)
from tests.support import merger
from workflows.reports import registered_targets
from workflows.reports.dashboard import Scope
from workflows.search_text import fold

EVERYTHING = Scope("toàn tỉnh", everything=True)


def _people(session, unit, n, prefix):
    rows = [
        Person(org_id=unit.id, full_name=f"{prefix} {i}", name_key=fold(f"{prefix} {i}"))
        for i in range(n)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def _register(session, movement, unit, lines, status=RegistrationStatus.APPROVED):
    registration = Registration(movement_id=movement.id, org_id=unit.id, year=2025, status=status)
    registration.lines = [RegistrationLine(person_id=p.id, award_code=c) for p, c in lines]
    session.add(registration)


def _proposal(session, movement, unit, department, status, names):
    author = session.scalar(select(User.id).where(User.username == "vanthu.cntt"))
    proposal = Proposal(
        org_id=unit.id,
        department_id=department.id,
        award_code="LDTT",
        year=2025,
        title="LĐTT bổ sung",
        summary="Dữ liệu dựng cho kiểm thử",
        status=status,
        round=1,
        created_by_id=author,
        movement_id=movement.id,
    )
    proposal.nominees = [
        Nominee(position=i, kind="person", name=name) for i, name in enumerate(names)
    ]
    session.add(proposal)


def build(session) -> Movement:
    world = merger.build(session)
    a1_people = _people(session, world.a1, 5, "Người a1")
    b1_people = _people(session, world.b1, 5, "Người b1")
    _register(
        session,
        world.movement,
        world.a1,
        [(p, "LDTT") for p in a1_people[:4]] + [(a1_people[4], "CSTDCS")],
    )
    _register(session, world.movement, world.b1, [(p, "LDTT") for p in b1_people[:2]])
    _proposal(session, world.movement, world.b1, world.b, "in_review", ["Mới 1", "Mới 2"])
    _proposal(session, world.movement, world.a1, world.b, "draft", [f"Nháp {i}" for i in range(4)])
    session.flush()
    return world.movement


def _row(group):
    [line] = group.lines
    c = line.cells
    return (
        c["awarded"].base,
        (c["registered"].count, c["registered"].percent),
        (c["proposed"].count, c["proposed"].percent),
        (c["awarded"].count, c["awarded"].percent),
        line.required,
    )


def test_registered_proposed_awarded_per_unit_and_department(app, session):
    movement = build(session)
    found = registered_targets.report(session, movement, EVERYTHING, rolled_up=False)
    units = {g.name: _row(g) for g in found.units}
    assert units == {
        merger.A1_NEW: (10, (5, Decimal("50.0")), (3, Decimal("30.0")), (3, Decimal("30.0")), 2),
        merger.B1_NAME: (20, (2, Decimal("10.0")), (5, Decimal("25.0")), (3, Decimal("15.0")), 3),
    }
    everything = (30, (7, Decimal("23.3")), (8, Decimal("26.7")), (6, Decimal("20.0")), 5)
    assert _row(found.total) == everything
    assert {g.name: _row(g) for g in found.departments} == {
        merger.A_NAME: units[merger.A1_NEW],
        merger.B_NAME: units[merger.B1_NAME],
    }
    rolled = registered_targets.report(session, movement, EVERYTHING, rolled_up=True)
    assert [(g.name, _row(g)) for g in rolled.departments] == [
        (f"{merger.B_NAME}, gồm cả {merger.A_NAME} trước đây", everything)
    ]
    assert found.total.lines[0].met() is True
    # Not approved (sent, waiting for the department): not registered.
    for registration in session.scalars(select(Registration)):
        if registration.org_id == merger_unit(session, merger.B1_NAME):
            registration.status = RegistrationStatus.SUBMITTED
    session.flush()
    again = registered_targets.report(session, movement, EVERYTHING, rolled_up=False)
    b1 = next(g for g in again.units if g.name == merger.B1_NAME)
    assert b1.lines[0].cells["registered"].count == 0


def merger_unit(session, name):
    from models import Organisation

    return session.scalar(select(Organisation.id).where(Organisation.name == name))
