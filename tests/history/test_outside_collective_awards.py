"""Issue 18, item 3, for a collective: an award decided outside tdkt for a unit (its Tập thể lao
động xuất sắc, a Bằng khen or Cờ thi đua for the collective) recorded with its decision's
document, on the API and the unit's history page; the collective criteria count it.

Worked by hand: the Cờ thi đua of the province for 2025 asks that the unit hold Tập thể lao
động xuất sắc for 2025 (criterion `ttldxs_nam_xet`); Trung tâm CNTT (sotttt-cntt) has none in
the demo history, so it fails; with TTLĐXS 2025 recorded from outside it passes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models import AwardRecord, Organisation
from tests.support.attachments import PDF
from workflows.eligibility import checks
from workflows.eligibility import rules as eligibility_rules

OFFICER = "chuyenvien.btdkt"
UNIT = "sotttt-cntt"


@dataclass(frozen=True)
class Collective:
    """A unit asked about as the nominee of a proposal not filed (what `checks.check` reads)."""

    subject_org_id: int
    name: str
    id: None = None
    person_id: None = None
    kind: str = "collective"
    status: str = "active"


def _ttldxs_2025(session, org: Organisation) -> str:
    session.rollback()
    question = checks.Question(
        "CO_THI_DUA_TINH",
        2025,
        date(2026, 1, 20),
        [Collective(org.id, org.name)],  # type: ignore[list-item]
    )
    (result,) = checks.check(session, question, date(2026, 1, 20), eligibility_rules.current())  # type: ignore[arg-type]
    (criterion,) = [c for c in result.criteria if c.code == "ttldxs_nam_xet"]
    return f"{criterion.passed}: {criterion.reason}"


def _form(**overrides) -> dict:
    fields = {
        "award_code": "TTLDXS",
        "year": "2025",
        "decision_no": "12/QĐ-UBND",
        "decision_date": "15/01/2026",
        "decided_by": "Chủ tịch UBND tỉnh",
        "document": (io.BytesIO(PDF + b"ttldxs"), "QĐ 12 TTLĐXS.pdf"),
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def _post(client, code: str = UNIT, **overrides):
    return client.post(
        f"/organisations/{code}/award-records",
        data=_form(**overrides),
        content_type="multipart/form-data",
    )


def test_a_collectives_ttldxs_recorded_from_outside_moves_its_criterion(api, session):
    org = session.scalar(select(Organisation).where(Organisation.code == UNIT))
    assert _ttldxs_2025(session, org).startswith("False: Năm 2025 chưa có")

    # A person's award is not a collective's; the unit's own reader may not record it.
    wrong = _post(api(OFFICER), award_code="CSTDCS")
    assert wrong.status_code == 400 and "award_code" in wrong.get_json()["fields"]
    assert _post(api("truongphong.cntt")).status_code in (403, 404)
    assert _post(api(OFFICER), code="khong-co").status_code == 404

    done = _post(api(OFFICER))
    assert done.status_code == 201, done.get_json()
    row = done.get_json()
    assert (row["org_id"], row["person_id"], row["award_code"]) == (org.id, None, "TTLDXS")
    assert row["document"]["name"] == "QĐ 12 TTLĐXS.pdf"
    assert _ttldxs_2025(session, org).startswith("True: Năm 2025 có")
    # Once: the same award of the same year again names the decision there.
    again = _post(api(OFFICER))
    assert again.status_code == 409


def test_the_units_history_page_records_it(login_as, session):
    officer = login_as(OFFICER)
    page = officer.get(f"/history/units/{UNIT}")
    assert f"/history/units/{UNIT}/award-records".encode() in page.data
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    sent = officer.post(
        f"/history/units/{UNIT}/award-records",
        data={**_form(year="2024", decision_date="10/01/2025"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    session.rollback()
    org = session.scalar(select(Organisation).where(Organisation.code == UNIT))
    rows = session.scalars(
        select(AwardRecord).where(
            AwardRecord.org_id == org.id,
            AwardRecord.year == 2024,
            AwardRecord.award_code == "TTLDXS",
        )
    ).all()
    assert [(r.award_code, r.source, r.document_name) for r in rows] == [
        ("TTLDXS", "manual", "QĐ 12 TTLĐXS.pdf")
    ]
