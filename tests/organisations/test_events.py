"""Each kind of organisation event applied through the engine (workflows.reorg): what moves,
what stays, the dated history it writes, and the names and roll-ups read as of dates. Runs on
SQLite, and on PostgreSQL when TDKT_TEST_DATABASE_URL is set."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import (
    GroupMembership,
    MovementParticipant,
    Notification,
    NotificationKind,
    Organisation,
    OrgEvent,
    OrgEventKind,
    OrgName,
    Person,
    RoleAssignment,
    User,
)
from workflows.directory import org_history
from workflows.directory.orgs import grouping_of
from workflows.errors import ValidationFailed
from workflows.reorg import events
from workflows.reorg.plan import EventPlan, NewOrg, RolesOutcome, Share

DAY = date(2025, 3, 1)
BEFORE = date(2025, 2, 28)


def admin(session) -> User:
    return session.scalar(select(User).where(User.username == "quantri"))


def org(session, code: str) -> Organisation:
    return session.scalar(select(Organisation).where(Organisation.code == code))


def plan(kind, **values) -> EventPlan:
    values.setdefault("decision_no", "99/QĐ-UBND")
    values.setdefault("effective_on", DAY)
    return EventPlan(kind=OrgEventKind(kind), **values)


def test_a_rename_keeps_the_old_name_for_the_days_before(world, writer):
    a = org(writer, "t-so-a")
    events.apply(
        writer,
        plan("rename", org_ids=(a.id,), new_name="Sở Thử nghiệm Mới", new_short_name="Sở Mới"),
        admin(writer),
    )
    writer.commit()
    assert org_history.name_on(writer, a, BEFORE) == ("Sở Thử nghiệm A tỉnh Điện Biên", "Sở A")
    assert org_history.name_on(writer, a, DAY) == ("Sở Thử nghiệm Mới", "Sở Mới")
    assert (a.name, a.short_name) == ("Sở Thử nghiệm Mới", "Sở Mới")
    [event] = org_history.events_of(writer, a)
    assert [(p.role, p.org_id) for p in event.parties] == [("subject", a.id)]


def test_a_merge_moves_people_roles_work_and_membership_and_keeps_records(world, writer):
    a, b = org(writer, "t-so-a"), org(writer, "t-so-b")
    p = plan("merge", org_ids=(a.id,), successor_id=b.id)
    preview = events.preview(writer, p)
    assert preview.counts["units"] == 2  # both units of Sở A go under Sở B
    assert preview.counts["roles_moved"] == 2  # the secretariat and the council member
    assert preview.counts["council_members"] == 1
    assert preview.counts["participants"] == 1  # Sở A's place in the movement
    assert preview.counts["memberships_ended"] == 1
    assert preview.counts["memberships_started"] == 1
    assert preview.counts["movements_reviewed"] == 1
    event = events.apply(writer, p, admin(writer))
    writer.commit()
    assert event.summary["counts"] == preview.counts
    assert a.valid_to == BEFORE and not a.exists_on(DAY) and a.exists_on(BEFORE)
    unit = org(writer, "t-so-a-vp")
    assert org_history.department_on(writer, unit, BEFORE).code == "t-so-a"
    assert org_history.department_on(writer, unit, DAY).code == "t-so-b"
    # Roles: closed the day before, opened at the successor from the day (not updated in place).
    sec = writer.scalar(select(User).where(User.username == "sec.a"))
    spans = sorted((r.org.code, r.valid_from, r.valid_to) for r in sec.assignments)
    assert spans == [("t-so-a", None, BEFORE), ("t-so-b", DAY, None)]
    told = writer.scalar(
        select(func.count()).where(
            Notification.user_id == sec.id, Notification.kind == NotificationKind.ROLE_CHANGED
        )
    )
    assert told == 1
    # Membership of the bloc: Sở A's ends, Sở B's starts; grouping_of reads the day.
    bloc = org(writer, "khoi-vhxh")
    assert [g.id for g in org_history.groupings_on(writer, a, BEFORE)] == [bloc.id]
    assert org_history.groupings_on(writer, a, DAY) == []
    assert [g.id for g in org_history.groupings_on(writer, b, DAY)] == [bloc.id]
    assert grouping_of(writer, b, "bloc", DAY).id == bloc.id
    with pytest.raises(Exception, match="chưa là thành viên"):
        grouping_of(writer, b, "bloc", BEFORE)
    # Roll-up and review: the successor carries the predecessor's lineage and its movement.
    assert org_history.lineage_ids(writer, b) == {a.id, b.id}
    movement = writer.get_one(MovementParticipant, preview.moves.rows["participants"][0]["id"])
    assert movement.org_id == b.id
    assert [o.code for o in org_history.reviewer_of(writer, movement.movement, DAY)] == ["t-so-b"]
    assert [o.code for o in org_history.reviewer_of(writer, movement.movement, BEFORE)] == [
        "t-so-a"
    ]


def test_a_merge_into_a_new_organisation_creates_it_with_its_history(world, writer):
    a, b = org(writer, "t-so-a-vp"), org(writer, "t-so-a-kt")
    new = NewOrg(
        "t-so-a-vpkt", "Văn phòng – Kỹ thuật Sở A", "VP-KT", "unit", org(writer, "t-so-a").id
    )
    event = events.apply(writer, plan("merge", org_ids=(a.id, b.id), new_org=new), admin(writer))
    writer.commit()
    created = org(writer, "t-so-a-vpkt")
    assert created.valid_from == DAY
    assert writer.scalar(select(func.count()).where(Person.org_id == created.id)) == 4
    assert [(p.role, p.org.code) for p in event.parties] == [
        ("predecessor", "t-so-a-vp"),
        ("predecessor", "t-so-a-kt"),
        ("successor", "t-so-a-vpkt"),
    ]
    assert org_history.lineage_ids(writer, created) == {a.id, b.id, created.id}
    # The collective's own records stay on it, read through the lineage.
    assert event.summary["counts"]["kept_award_records"] == 1


def test_a_split_gives_each_successor_its_share_and_the_rest_to_the_default(world, writer):
    a = org(writer, "t-so-a")
    b = org(writer, "t-so-b")
    c = Organisation(
        code="t-so-c",
        name="Sở C",
        short_name="Sở C",
        kind="department",
        parent_id=a.parent_id,
        valid_from=date(2020, 1, 1),
    )
    writer.add(c)
    writer.flush()
    kt = org(writer, "t-so-a-kt")
    p = plan(
        "split",
        org_ids=(a.id,),
        successor_id=b.id,
        shares=(Share(successor_id=c.id, units=(kt.id,), share="kỹ thuật"),),
    )
    event = events.apply(writer, p, admin(writer))
    writer.commit()
    assert org_history.parent_on(writer, kt, DAY).code == "t-so-c"
    assert org_history.parent_on(writer, org(writer, "t-so-a-vp"), DAY).code == "t-so-b"
    shares = {(p.org.code, p.role, p.share) for p in event.parties}
    assert ("t-so-c", "successor", "kỹ thuật") in shares and ("t-so-b", "successor", None) in shares
    assert {o.code for o in org_history.heirs_on(writer, a, DAY)} == {"t-so-b", "t-so-c"}


def test_a_split_that_leaves_people_with_nobody_is_refused(world, writer):
    vp = org(writer, "t-so-a-vp")
    b = org(writer, "t-so-b-vp")
    with pytest.raises(ValidationFailed) as refused:
        events.preview(writer, plan("split", org_ids=(vp.id,), shares=(Share(b.id, people=()),)))
    assert refused.value.codes["successor_id"] == "people_unassigned"
    assert "3 người" in str(refused.value.fields["successor_id"])


def test_a_transfer_moves_the_unit_and_keeps_where_it_stood(world, writer):
    kt, b = org(writer, "t-so-a-kt"), org(writer, "t-so-b")
    event = events.apply(
        writer, plan("transfer", org_ids=(kt.id,), successor_id=b.id), admin(writer)
    )
    writer.commit()
    assert kt.parent_id == b.id
    assert org_history.parent_on(writer, kt, BEFORE).code == "t-so-a"
    roles = [(p.role, p.org.code) for p in event.parties]
    assert roles == [("subject", "t-so-a-kt"), ("predecessor", "t-so-a"), ("successor", "t-so-b")]
    assert kt.valid_to is None  # a transfer ends nothing


def test_a_dissolution_with_an_heir_and_one_without(world, writer):
    kt, vp = org(writer, "t-so-a-kt"), org(writer, "t-so-a-vp")
    events.apply(
        writer,
        plan("dissolve", org_ids=(kt.id,), successor_id=vp.id, roles=RolesOutcome.CLOSE),
        admin(writer),
    )
    writer.commit()
    assert kt.valid_to == BEFORE
    assert writer.scalar(select(func.count()).where(Person.org_id == kt.id)) == 0
    b_vp = org(writer, "t-so-b-vp")
    events.apply(writer, plan("dissolve", org_ids=(b_vp.id,), decision_no="7/QĐ"), admin(writer))
    writer.commit()
    head = writer.scalar(select(User).where(User.username == "head.b"))
    assert [(r.org.code, r.valid_to) for r in head.assignments] == [("t-so-b-vp", BEFORE)]


def test_an_establishment_starts_an_organisation_on_its_day(world, writer):
    dept = org(writer, "t-so-b")
    new = NewOrg("t-so-b-cds", "Phòng Chuyển đổi số", "Phòng CĐS", "unit", dept.id)
    events.apply(writer, plan("establish", new_org=new), admin(writer))
    writer.commit()
    created = org(writer, "t-so-b-cds")
    assert created.valid_from == DAY
    assert [o.code for o in org_history.existing_on(writer, BEFORE, ("unit",))].count(
        "t-so-b-cds"
    ) == 0
    assert "t-so-b-cds" in [o.code for o in org_history.existing_on(writer, DAY, ("unit",))]


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        (
            {"kind": "merge", "org_ids": (10**9,), "successor_id": None},
            "unknown_organisation",
            "org_id",
        ),
        ({"kind": "merge", "decision_no": " "}, "decision_missing", "decision_no"),
        (
            {"kind": "merge", "effective_on": date(2019, 6, 1)},
            "before_organisation_start",
            "org_id",
        ),
        ({"kind": "merge", "into": "t-so-a"}, "merge_into_itself", "successor_id"),
        ({"kind": "merge", "into": "t-so-a-vp"}, "merge_into_descendant", "successor_id"),
        ({"kind": "merge", "into": "t-so-b-vp"}, "kind_mismatch", "successor_id"),
        (
            {"kind": "transfer", "of": "t-so-a-vp", "into": "t-so-a"},
            "transfer_same_department",
            "successor_id",
        ),
        ({"kind": "dissolve", "into": None}, "open_work_without_heir", "successor_id"),
    ],
)
def test_a_plan_that_would_break_something_is_refused_naming_the_field(
    world, writer, values, code, field
):
    a = org(writer, "t-so-a")
    subject = org(writer, values.pop("of", "t-so-a"))
    into = values.pop("into", "t-so-b")
    values.setdefault("org_ids", (subject.id,))
    values.setdefault("successor_id", org(writer, into).id if into else None)
    with pytest.raises(ValidationFailed) as refused:
        events.preview(writer, plan(**values))
    assert refused.value.code == "org_event_refused"
    assert refused.value.codes[field] == code
    assert a.valid_to is None


def test_an_event_before_a_later_recorded_one_and_on_a_gone_organisation_is_refused(world, writer):
    a, b = org(writer, "t-so-a"), org(writer, "t-so-b")
    events.apply(writer, plan("merge", org_ids=(a.id,), successor_id=b.id), admin(writer))
    writer.commit()
    with pytest.raises(ValidationFailed) as refused:
        events.preview(
            writer,
            plan(
                "rename",
                org_ids=(b.id,),
                effective_on=date(2025, 1, 1),
                new_name="Sở B mới",
                new_short_name="B",
            ),
        )
    assert refused.value.codes["org_id"] == "later_event_recorded"
    with pytest.raises(ValidationFailed) as refused:
        events.preview(
            writer,
            plan(
                "rename",
                org_ids=(a.id,),
                effective_on=date(2025, 6, 1),
                new_name="Sở A mới",
                new_short_name="A",
            ),
        )
    assert refused.value.codes["org_id"] == "organisation_gone"


def test_a_refused_event_writes_nothing(world, writer):
    before = writer.scalar(select(func.count()).select_from(OrgEvent))
    a = org(writer, "t-so-a")
    with pytest.raises(ValidationFailed):
        events.apply(writer, plan("merge", org_ids=(a.id,), successor_id=a.id), admin(writer))
    writer.rollback()
    assert writer.scalar(select(func.count()).select_from(OrgEvent)) == before
    assert writer.scalar(select(func.count()).select_from(GroupMembership)) >= 1
    assert writer.scalar(select(func.count()).select_from(RoleAssignment)) >= 1


def test_a_second_event_of_the_same_day_replaces_that_days_row(world, writer):
    """Two renames dated the same day (a corrected decision): one name from that day, the
    original still before it; the unique (org, valid_from) row is updated, not doubled."""
    a = org(writer, "t-so-a")
    for name in ("Sở Tên Sai", "Sở Tên Đúng"):
        events.apply(
            writer,
            plan("rename", org_ids=(a.id,), new_name=name, new_short_name="Sở X"),
            admin(writer),
        )
        writer.commit()
    assert org_history.name_on(writer, a, DAY)[0] == "Sở Tên Đúng"
    assert org_history.name_on(writer, a, BEFORE)[0] == "Sở Thử nghiệm A tỉnh Điện Biên"
    rows = writer.scalars(select(OrgName).where(OrgName.org_id == a.id)).all()
    assert sorted((r.valid_from or date.min, r.valid_to or date.max) for r in rows) == [
        (date(2020, 1, 1), BEFORE),
        (DAY, date.max),
    ]


def test_an_event_dated_after_today_is_refused_and_moves_nothing(world, writer):
    """Applying moves people and open work at once: an event taking effect tomorrow would move
    them before the decision says, so it is recorded from its day on."""
    from workflows.deadlines.calendar import today

    a, b = org(writer, "t-so-a"), org(writer, "t-so-b")
    tomorrow = date.fromordinal(today().toordinal() + 1)
    with pytest.raises(ValidationFailed) as refused:
        events.apply(
            writer,
            plan("merge", org_ids=(a.id,), successor_id=b.id, effective_on=tomorrow),
            admin(writer),
        )
    assert refused.value.codes["effective_on"] == "event_not_yet_in_effect"
    assert a.valid_to is None
    assert writer.scalar(select(func.count()).select_from(OrgEvent)) == 0
