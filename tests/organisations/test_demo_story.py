"""The demo tells Điện Biên's true story (issue 16 point 3), on a database with the whole story
(`tdkt demo` without --until), not the suite's template, which stops at 31/12/2024.

As of dates: the 1/3/2025 merger of Sở TT&TT into Sở KH&CN (its units transferred, its office
and inspectorate merged, the press unit to Sở VH-TT&DL) and the end of the districts on
1/7/2025; the seed's movement reviewed by the successor; proposals of the transferred units
going to the successor's accounts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from models import (
    AwardRecord,
    GroupingHead,
    Organisation,
    OrgEvent,
    OrgKind,
    Person,
    RoleAssignment,
    User,
)
from models.database import make_engine, make_session_factory
from scripts.testdb import seed
from tests.support.accounts import DEMO, PASSWORD
from webapp.cli import main
from workflows.directory import org_history as history
from workflows.errors import Conflict
from workflows.movements.registry import by_code, reviewers
from workflows.ops.demo import load_demo

BEFORE, MERGED = date(2025, 2, 28), date(2025, 3, 1)
LAST_DISTRICT_DAY, COMMUNES = date(2025, 6, 30), date(2025, 7, 1)
DIRECTOR = {
    "decision_no": "45/QĐ-SKHCN",
    "decision_date": "2025-12-05",
    "signer": "Nguyễn Mạnh Cường",
}


@pytest.fixture(scope="module")
def story_db(databases) -> str:
    url = databases.create()
    seed(url, PASSWORD, until=None)
    return url


@pytest.fixture
def db_url(databases, story_db):
    """Each test's copy of the whole story (overrides the suite's template)."""
    url = databases.create(template=story_db)
    yield url
    databases.drop(url)


def org(session, code: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.code == code)).one()


def codes(orgs) -> set[str]:
    return {o.code for o in orgs}


def test_the_merger_as_of_its_eve_and_its_first_day(session):
    tttt, khcn, vhttdl = org(session, "sotttt"), org(session, "sokhcn"), org(session, "sovhttdl")
    assert "sotttt" in codes(history.existing_on(session, BEFORE))
    assert "sotttt" not in codes(history.existing_on(session, MERGED))
    assert {"sokhcn", "sotttt-cntt"} <= codes(history.existing_on(session, MERGED))
    assert (tttt.valid_to, org(session, "sotttt-vp").valid_to) == (BEFORE, BEFORE)

    # Transferred units continue under their new department; today's tree says so too.
    for unit, after in (
        ("sotttt-cntt", khcn),
        ("sotttt-bcvt", khcn),
        ("sotttt-ttcntt", khcn),
        ("sotttt-ttbcxb", vhttdl),
    ):
        assert history.department_on(session, org(session, unit), BEFORE) == tttt
        assert history.department_on(session, org(session, unit), MERGED) == after
        assert org(session, unit).parent == after
        assert history.name_on(session, org(session, unit), MERGED)[0] == org(session, unit).name

    # The office and the inspectorate merged into Sở KH&CN's own.
    [(heir, event)] = history.successors(session, org(session, "sotttt-vp"))
    assert heir.code == "sokhcn-vp" and event.kind == "merge"
    # The heir is the merger's successor alone: the press unit's transfer to Sở VHTTDL moves a
    # unit, it does not make Sở VHTTDL a successor of Sở TT&TT.
    assert codes(history.heirs_on(session, tttt, MERGED)) == {"sokhcn"}
    assert "sovhttdl" not in codes(o for o, _e in history.successors(session, tttt))
    [(successor, merger)] = [
        (o, e) for o, e in history.successors(session, tttt) if e.kind == "merge"
    ]
    assert successor == khcn and merger.effective_on == MERGED
    assert tttt.id in history.lineage_ids(session, khcn)

    # Bloc and cluster membership by dates: Sở TT&TT leaves both on its last day.
    assert codes(history.groupings_on(session, tttt, BEFORE)) == {"khoi-vhxh", "cum-2"}
    assert history.groupings_on(session, tttt, MERGED) == []
    assert "sotttt" not in codes(history.members_on(session, org(session, "khoi-vhxh"), MERGED))
    assert codes(history.groupings_on(session, khcn, MERGED)) == {"khoi-vhxh", "cum-2"}


def test_every_event_has_its_act_and_says_what_is_plausible(session):
    merger = session.scalars(
        select(OrgEvent).where(OrgEvent.kind == "merge", OrgEvent.effective_on == MERGED)
    ).first()
    assert merger is not None and merger.decision_no.endswith("/QĐ-UBND")
    assert merger.issued_by == "UBND tỉnh Điện Biên" and "plausible" in (merger.source_note or "")
    kinds = {e.kind for e in history.events_of(session, org(session, "sotttt-ttbcxb"))}
    assert kinds == {"transfer"}
    events = session.scalars(select(OrgEvent)).all()
    assert all(e.decision_no and e.decision_date and e.source_note for e in events)
    assert {e.kind for e in events} == {"merge", "transfer", "dissolve", "establish"}
    # What tdkt would have shown as of either side of each event agrees with the dates.
    for event in events:
        for party in event.parties:
            if party.role == "predecessor" and event.kind in ("merge", "dissolve"):
                assert party.org.exists_on(event.effective_on) is False, party.org.code
            if party.role == "successor":
                assert party.org.exists_on(event.effective_on), party.org.code


def test_the_districts_end_and_their_people_move_to_the_communes(session):
    district, unit = org(session, "ubnd-h-muongcha"), org(session, "ubnd-h-muongcha-vhtt")
    commune_unit = org(session, "ubnd-x-muongcha-vhxh")
    assert district.kind == OrgKind.DEPARTMENT and "plausible" in (district.source_note or "")
    assert "ubnd-h-muongcha" in codes(history.existing_on(session, LAST_DISTRICT_DAY))
    assert "ubnd-x-muongcha" not in codes(history.existing_on(session, LAST_DISTRICT_DAY))
    assert "ubnd-h-muongcha" not in codes(history.existing_on(session, COMMUNES))
    assert "ubnd-x-muongcha" in codes(history.existing_on(session, COMMUNES))
    assert history.heirs_on(session, unit, COMMUNES) == [commune_unit]
    assert codes(history.heirs_on(session, district, COMMUNES)) == {"ubnd-x-muongcha"}
    # No new award may be filed for a unit that ended (another part refuses the filing; the
    # refusal reads this date).
    assert unit.valid_to == LAST_DISTRICT_DAY
    person = session.scalars(select(Person).where(Person.staff_code == "MCHA-VHTT-02")).one()
    assert person.org == commune_unit
    decided = dict(
        session.execute(
            select(AwardRecord.year, AwardRecord.decided_by).where(
                AwardRecord.person_id == person.id, AwardRecord.award_code == "LDTT"
            )
        ).all()
    )
    assert decided[2024] == "Chủ tịch UBND huyện Mường Chà"
    assert decided[2025] == "Chủ tịch UBND xã Mường Chà"
    nominator = session.scalars(select(User).where(User.username == "vanthu.muongcha")).one()
    assert [a.org.code for a in nominator.assignments if a.held_on(COMMUNES)] == [
        "ubnd-x-muongcha-vhxh"
    ]


def test_heads_per_year_and_awards_named_as_decided(session):
    bloc = org(session, "khoi-vhxh")
    head_2023 = session.scalars(
        select(GroupingHead).where(GroupingHead.grouping_id == bloc.id, GroupingHead.year == 2023)
    ).one()
    assert head_2023.head.code == "daipttt" and "đã công bố" in (head_2023.basis or "")
    assert session.scalar(select(func.count(GroupingHead.id))) == 8

    person = session.scalars(select(Person).where(Person.staff_code == "TTTT-CNTT-03")).one()
    assert person.org.code == "sotttt-cntt"
    decided = {
        r.year: r.decided_by
        for r in session.scalars(select(AwardRecord).where(AwardRecord.person_id == person.id))
    }
    assert decided[2024] == "Giám đốc Sở Thông tin và Truyền thông"
    assert decided[2025] == "Giám đốc Sở Khoa học và Công nghệ"
    press = session.scalars(select(Person).where(Person.staff_code == "TTTT-TTBCXB-03")).one()
    awards = session.scalars(select(AwardRecord).where(AwardRecord.person_id == press.id))
    assert {r.year: r.decided_by for r in awards}[2025].endswith("Thể thao và Du lịch")
    # The office's people work in Sở KH&CN's office since the merger.
    office = session.scalars(select(Person).where(Person.staff_code == "TTTT-VP-02")).one()
    assert office.org.code == "sokhcn-vp"


def test_the_seed_movement_is_launched_by_sotttt_and_reviewed_by_its_successor(session):
    movement = by_code(session, "sotttt-2025")
    assert movement is not None and movement.organiser.code == "sotttt"
    assert codes(reviewers(session, movement)) == {"sokhcn"}  # the review in 2026
    assert codes(reviewers(session, movement, date(2025, 1, 15))) == {"sotttt"}


def test_department_roles_of_sotttt_end_and_the_successor_accounts_begin(session):
    def held(username: str, day: date) -> set[str]:
        user = session.scalars(select(User).where(User.username == username)).one()
        return {f"{a.role_code}@{a.org.code}" for a in user.assignments if a.held_on(day)}

    assert held("giamdoc.tttt", BEFORE) == {"director@sotttt", "dept_council@sotttt"}
    assert held("giamdoc.tttt", MERGED) == {"dept_council@sokhcn"}
    assert held("giamdoc.khcn", BEFORE) == set()
    assert held("giamdoc.khcn", MERGED) == {"director@sokhcn", "dept_council@sokhcn"}
    assert held("thuongtruc.khcn", MERGED) == {"dept_secretariat@sokhcn"}
    assert held("truongphong.ttbcxb", MERGED) == {
        "unit_head@sotttt-ttbcxb",
        "dept_council@sovhttdl",
    }
    assert held("vanthu.cntt", MERGED) == held("vanthu.cntt", BEFORE) == {"nominator@sotttt-cntt"}


def test_loading_the_story_again_changes_nothing(app, session):
    tables = (Organisation, OrgEvent, RoleAssignment, AwardRecord, Person, GroupingHead, User)

    def counts():
        return [session.scalar(select(func.count()).select_from(t)) for t in tables]

    before = counts()
    with make_session_factory(app.extensions["tdkt_engine"])() as other:
        load_demo(other, PASSWORD)
        other.commit()
    session.expire_all()
    assert counts() == before


def test_loading_up_to_a_day_is_refused_over_a_later_history(app, session):
    with make_session_factory(app.extensions["tdkt_engine"])() as other:
        with pytest.raises(Conflict) as refused:
            load_demo(other, PASSWORD, until=date(2024, 12, 31))
        other.rollback()
    assert refused.value.code == "demo_history_after_until"
    assert "31/12/2024" in refused.value.message
    assert org(session, "sotttt").valid_to == BEFORE


def test_the_readme_lists_every_demo_account():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Demo accounts") : readme.index("## A walk through")]
    assert [u["username"] for u in DEMO["users"] if f"`{u['username']}`" not in table] == []


def test_until_loads_only_what_was_recorded_by_that_day(template_db):
    """The suite's template: the world of 31/12/2024 (see tests/support/databases.py)."""
    engine = make_engine(template_db)
    try:
        with make_session_factory(engine)() as session:
            tttt = org(session, "sotttt")
            assert tttt.valid_to is None and org(session, "sotttt-cntt").parent == tttt
            assert session.scalar(select(func.count(OrgEvent.id))) == 0
            assert (
                session.scalars(
                    select(Organisation.code).where(Organisation.code.like("ubnd-x-%"))
                ).all()
                == []
            )
            khcn_accounts = select(User.username).where(User.username.like("%.khcn"))
            assert session.scalars(khcn_accounts).all() == []
            assert (
                session.scalars(
                    select(RoleAssignment).where(RoleAssignment.valid_to.is_not(None))
                ).all()
                == []
            )
            assert session.scalar(select(func.max(AwardRecord.decision_date))) <= date(2024, 12, 31)
    finally:
        engine.dispose()


def test_vanthu_cntt_files_for_phong_cntt_and_sokhcn_decides(api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    # The department's steps are now Sở KH&CN's: Sở TT&TT's secretariat sees nothing.
    assert [t for t in api("thuongtruc.tttt").ok("GET", "/tasks") if t["proposal_id"] == pid] == []
    api("thuongtruc.khcn").act(pid)
    detail = nominator.ok("GET", f"/proposals/{pid}")
    members = {c for t in detail["current_tasks"] for c in t["candidates"]}
    assert members == {
        "hoidong.khcn",
        "congdoan.khcn",
        "thanhtra.khcn",
        "giamdoc.khcn",
        "giamdoc.tttt",
    }
    api("hoidong.khcn").cast_ballots(pid)
    api("giamdoc.khcn").act(pid, **DIRECTOR)
    detail = nominator.ok("GET", f"/proposals/{pid}")
    assert detail["status"] == "approved", detail["status"]


def test_a_proposal_of_the_press_unit_reaches_sovhttdl(api):
    nominator = api("vanthu.ttbcxb")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.ttbcxb").act(pid)
    task = api("thuongtruc.vhttdl").task_for(pid)
    assert task["proposal_id"] == pid
    assert [t for t in api("thuongtruc.khcn").ok("GET", "/tasks") if t["proposal_id"] == pid] == []


def test_tdkt_demo_until_a_day_prints_the_accounts_of_that_day(tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    runner = CliRunner()
    assert runner.invoke(main, ["demo", "--until", "31/12/2024"]).exit_code == 2  # ISO only
    assert runner.invoke(main, ["init"]).exit_code == 0
    loaded = runner.invoke(main, ["demo", "--until", "2024-12-31"], catch_exceptions=False)
    assert loaded.exit_code == 0, loaded.output
    assert "giamdoc.khcn" not in loaded.output
    [director] = [line for line in loaded.output.splitlines() if "giamdoc.tttt" in line]
    assert director.split()[-2:] == ["director@sotttt,", "dept_council@sotttt"]
    whole = runner.invoke(main, ["demo"], catch_exceptions=False)
    assert "dept_council@sokhcn (từ 01/03/2025)" in whole.output
    assert "director@sotttt (–28/02/2025)" in whole.output
