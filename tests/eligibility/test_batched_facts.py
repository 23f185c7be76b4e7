"""All nominees of a proposal are checked together: the same verdicts as one by one, in a few
statements whatever their number (issue 4: the check runs at every review step)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

from sqlalchemy import event

from tests.support import factories
from tests.support.eligibility import IN_FORCE, YEAR, nominee_of
from workflows.eligibility import checks


@contextmanager
def statements(session):
    seen: list[str] = []
    engine = session.get_bind()

    def on_execute(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


def _people(history, n: int) -> list:
    unit = history.unit()
    out = []
    for i in range(n):
        person = history.person(unit, recruited=date(2025, 3, 2) if i % 3 == 0 else None)
        history.year(person=person, rating=("xuat_sac", "tot", "hoan_thanh")[i % 3])
        history.year(person=person, year=YEAR - 1, rating="xuat_sac", under_review=i == 4)
        history.award("LDTT", person=person, year=YEAR - 1)
        if i % 2:
            history.award("CSTDCS", person=person, year=YEAR - 1)
            history.initiative(person, scope="tinh" if i % 4 == 1 else "co_so")
        out.append(person)
    return out


def _units(history) -> list:
    top = history.unit()
    below = history.unit(top)
    aside = history.unit()
    for unit, ratings in ((top, ("tot", "xuat_sac")), (below, ("tot", "khong_hoan_thanh"))):
        history.year(org=unit)
        for rating in ratings:
            member = history.person(unit)
            history.year(person=member, rating=rating)
            history.award("LDTT", person=member)
    history.award("TTLDXS", org=below)
    history.award("CO_THI_DUA_TINH", org=aside)
    return [top, below, aside]


def _alone(session, proposal, day) -> list[dict]:
    out = []
    for nominee in proposal.nominees:
        single = SimpleNamespace(**{**vars(proposal), "nominees": [nominee]})
        out += [r.as_dict() for r in checks.check(session, single, day)]
    return out


def test_checked_together_each_nominee_gets_the_verdict_it_gets_alone(history, session):
    people, units = _people(history, 6), _units(history)
    # Already given this year by another proposal, and by this one (not "another" award).
    earlier, own = factories.proposal(session, "LDTT", YEAR, []), None
    history.award("CSTDCS", person=people[1]).proposal_id = earlier.id
    history.award("CSTDCS", person=people[2]).decision_no = "12/QĐ-UBND"
    own = factories.proposal(session, "CSTDCS", YEAR, [])
    history.award("CSTDCS", person=people[3]).proposal_id = own.id
    session.flush()
    nominees = [nominee_of(s) for s in [*people, *units, "person", "collective"]]
    nominees[5].status = "voted_down"
    for award, proposal_id in (("CSTDCS", own.id), ("CSTDCS", None), ("TTLDXS", own.id)):
        proposal = SimpleNamespace(award_code=award, year=YEAR, nominees=nominees, id=proposal_id)
        together = [r.as_dict() for r in checks.check(session, proposal, IN_FORCE)]
        assert together == _alone(session, proposal, IN_FORCE)
        assert len(together) == len(nominees) - 1
        given = {
            r["name"]: next(c["passed"] for c in r["criteria"] if c["code"] == "chua_duoc_tang")
            for r in together
            if r["kind"] == "person" and r["name"] != "Chưa liên kết"
        }
        if award == "CSTDCS":
            # Another proposal's or a registry's record refuses; this proposal's own does not.
            assert not given[people[1].full_name] and not given[people[2].full_name]
            assert given[people[3].full_name] is (proposal_id == own.id)
    for n, person in enumerate(people):
        alone = checks.grounds(session, nominee_of(person), "CSTDCS", YEAR)
        together = checks.grounds_of(session, nominees, "CSTDCS", YEAR)[n]
        assert together == alone


def test_the_check_reads_a_fixed_number_of_statements_whatever_the_nominees(history, session):
    def counted(subjects) -> int:
        proposal = SimpleNamespace(
            award_code="LDTT", year=YEAR, nominees=[nominee_of(s) for s in subjects]
        )
        session.flush()
        with statements(session) as seen:
            checks.check(session, proposal, IN_FORCE)
        return len(seen)

    people, units = _people(history, 7), _units(history)
    # person, year_record, award_record (titles and "given already" together) in one UNION ALL:
    # each step of a proposal checks its nominees (issue 19)
    assert counted(people[:1]) == counted(people) == 1
    # organisation, year_record, members of the subtrees, award_record
    assert counted(units[:1]) == counted(units) == 4
    assert counted([*people, *units]) == 5
    assert counted(["person", "collective"]) == 0
