"""Several awards written at once (a decision's nominees): one look-up of what is held
already, one flush, and the same refusals, in the same order, as writing them one by one."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from workflows.errors import Conflict, ValidationFailed
from workflows.history import records as history


def _award(subject: dict, **extra) -> dict:
    return {
        "year": 2022,
        "award_code": "LDTT",
        "decision_no": "7/QĐ-STTTT",
        "decision_date": date(2022, 12, 20),
        "decided_by": "Giám đốc Sở",
        "source": "decision",
        **subject,
        **extra,
    }


def _statements(session, run) -> list[str]:
    seen: list[str] = []

    def on_execute(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    return seen


def test_awards_given_already_are_looked_up_once_for_all(session, person, org):
    people = [person(f"TTTT-CNTT-0{n}") for n in (2, 3, 4)]
    unit = org("sotttt-cntt")
    given = [_award({"person_id": p.id, "subject_name": p.full_name}) for p in people]
    given += [
        _award({"org_id": unit.id, "subject_name": unit.name}, award_code="TTLDTT"),
        _award({"subject_name": "  Tổ   công tác  số 1 "}, award_code="GK_TT"),
    ]
    session.flush()
    records: list = []
    seen = _statements(session, lambda: records.extend(history.add_awards(session, given)))
    # (the award catalogue rows may be read too, once per code)
    assert sum(" FROM award_record" in s for s in seen if s.startswith("SELECT")) == 1
    assert all(r.id for r in records) and records[-1].subject_name == "Tổ công tác số 1"


@pytest.mark.parametrize(
    "subject",
    [
        lambda p, u: {"person_id": p.id, "subject_name": p.full_name},
        lambda p, u: {"org_id": u.id, "subject_name": u.name},
        lambda p, u: {"subject_name": "Tổ công tác số 2"},
    ],
)
def test_the_same_award_twice_is_refused_as_one_by_one(session, person, org, subject):
    p, unit = person("TTTT-CNTT-02"), org("sotttt-cntt")
    one = _award(subject(p, unit))
    name = one["subject_name"]
    history.add_award(session, **one)
    with pytest.raises(Conflict) as held:
        history.add_awards(session, [_award(subject(p, unit), year=2021), one])
    assert held.value.message == f"{name} đã có Lao động tiên tiến năm 2022 (QĐ số 7/QĐ-STTTT)"
    # Twice in the same batch: the second is refused as if the first were stored.
    again = _award(subject(p, unit), year=2020, decision_no="")
    with pytest.raises(Conflict) as twice:
        history.add_awards(session, [again, again])
    assert twice.value.message == f"{name} đã có Lao động tiên tiến năm 2020"


def test_the_first_problem_in_order_is_the_one_reported(session, person):
    p = person("TTTT-CNTT-02")
    mine = {"person_id": p.id, "subject_name": p.full_name}
    history.add_award(session, **_award(mine))
    with pytest.raises(Conflict):
        history.add_awards(session, [_award(mine), _award(mine, year=1990)])
    with pytest.raises(ValidationFailed) as invalid:
        history.add_awards(session, [_award(mine, year="2022"), _award(mine)])
    assert "year" in invalid.value.fields
