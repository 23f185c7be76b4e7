"""An award tdkt did not decide — recorded from outside, or decided by a ministry — is not
revoked in tdkt (it was refused `revocation_not_here`): the provincial board proposes it to the
authority that decided, and records the revoking decision received, with its number, date,
signer and document (through the attachment checks). Same effects on the record: marked, not
deleted; eligibility stops counting it; the money to recover stated.

Worked by hand (as tests/history/test_outside_awards.py): YTE-VP-03 with CSTĐCS 2024 and 2025
recorded from outside reads 2 consecutive years of CSTĐCS for the provincial Bằng khen of 2025;
with the 2025 one revoked, 0 (the streak counts back from 2025)."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import select

from models import AuditEvent, AwardRecord, Revocation
from tests.support import factories
from tests.support.attachments import PDF
from tests.support.eligibility import History

OFFICER = "chuyenvien.btdkt"
WHY = {
    "reason": "Cơ quan thanh tra kết luận khai man thành tích",
    "legal_basis": "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 94",
}


def _person_id(api, code: str) -> int:
    (person,) = api(OFFICER).ok("GET", f"/people?staff_code={code}")["items"]
    return person["id"]


def _outside(api, pid: int, year: str, number: str, day: str) -> int:
    response = api(OFFICER).post(
        f"/people/{pid}/award-records",
        data={
            "award_code": "CSTDCS",
            "year": year,
            "decision_no": number,
            "decision_date": day,
            "decided_by": "Giám đốc Sở Y tế Hoàng Văn Bình",
            "amount": "1.490.000",
            "document": (io.BytesIO(PDF + number.encode()), f"QĐ {number}.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _streak(api, pid: int) -> str:
    path = f"/people/{pid}/eligibility?award=BK_TINH_CN&year=2025&decision_date=2026-01-20"
    verdict = api(OFFICER).ok("GET", path)
    (merit,) = [c for c in verdict["criteria"] if c["code"] == "bk_thanh_tich"]
    return merit["reason"]


def _record(api, revocation_id: int, **fields):
    data = {
        "action": "approve",
        "decision_no": "15/QĐ-SYT",
        "decision_date": "02/03/2026",
        "decision_signer": "Giám đốc Sở Y tế Hoàng Văn Bình",
        "document": (io.BytesIO(PDF + b"huy-bo"), "QĐ hủy bỏ 15.pdf"),
        **fields,
    }
    return api(OFFICER).post(
        f"/revocations/{revocation_id}/record",
        data={k: v for k, v in data.items() if v is not None},
        content_type="multipart/form-data",
    )


def test_an_award_recorded_from_outside_is_revoked_by_the_decision_the_board_records(api, session):
    pid = _person_id(api, "YTE-VP-03")
    _outside(api, pid, "2024", "77/QĐ-SYT", "20/12/2024")
    record_id = _outside(api, pid, "2025", "5/QĐ-SYT", "10/01/2026")
    assert "2 năm liên tục Chiến sĩ thi đua cơ sở" in _streak(api, pid)

    # The unit may not propose it (tdkt did not decide it); the board proposes it.
    refused = api("truongphong.yte").post(f"/award-records/{record_id}/revocations", json=WHY)
    assert refused.status_code == 403, refused.get_json()
    proposed = api(OFFICER).ok("POST", f"/award-records/{record_id}/revocations", 201, json=WHY)
    assert proposed["decider_role"] == "authority" and proposed["proposal_id"] is None
    assert proposed["recover_amount"] == 1_490_000  # what the decision paid, stated
    step = proposed["waiting_step"]
    assert (step["id"], step["role"]) == ("record_authority_revocation", "board_officer")
    tasks = [t for t in api(OFFICER).ok("GET", "/tasks") if t["kind"] == "revocation"]
    assert [t["id"] for t in tasks] == [step["task_id"]]

    # The decision received comes with its document: not from the inbox without it, not
    # without one, not with a file that is not a document; nothing is written then.
    bare = api(OFFICER).post(
        f"/cases/tasks/{step['task_id']}/complete",
        json={
            "action": "approve",
            "decision_no": "15/QĐ-SYT",
            "decision_date": "02/03/2026",
            "decision_signer": "Giám đốc Sở Y tế",
        },
    )
    assert bare.status_code == 400 and "document" in bare.get_json()["fields"]
    missing = _record(api, proposed["id"], document=None)
    assert missing.status_code == 400 and "document" in missing.get_json()["fields"]
    unsigned = _record(api, proposed["id"], decision_signer="")
    assert unsigned.status_code == 400 and "decision_signer" in unsigned.get_json()["fields"]
    wrong = _record(api, proposed["id"], document=(io.BytesIO(b"MZ\x90\x00"), "qd.exe"))
    assert wrong.status_code == 400 and "document" in wrong.get_json()["fields"]
    session.rollback()
    assert session.get_one(Revocation, proposed["id"]).status == "proposed"
    assert session.get_one(AwardRecord, record_id).revoked_at is None

    done = _record(api, proposed["id"])
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert (body["status"], body["decision_no"]) == ("revoked", "15/QĐ-SYT")
    assert body["decision_signer"] == "Giám đốc Sở Y tế Hoàng Văn Bình"
    assert body["document"]["name"] == "QĐ hủy bỏ 15.pdf"
    session.rollback()
    record = session.get_one(AwardRecord, record_id)
    assert record.revoked_at is not None  # marked, still there
    # The streak counts back from 2025: with 2025 revoked it is broken.
    assert "0 năm liên tục Chiến sĩ thi đua cơ sở" in _streak(api, pid)


def test_a_ministrys_award_decided_through_tdkt_is_revoked_by_the_ministrys_decision(
    app, api, session
):
    history = History(session)
    person = history.person()
    proposal = factories.proposal(session, "BK_BO_CN", 2024, [person])
    proposal.status = "approved"
    record = AwardRecord(
        person_id=person.id,
        subject_name=person.full_name,
        year=2024,
        award_code="BK_BO_CN",
        decision_no="301/QĐ-BKHCN",
        decision_date=date(2025, 2, 10),
        decided_by="Bộ trưởng Bộ Khoa học và Công nghệ",
        proposal_id=proposal.id,
        nominee_id=proposal.nominees[0].id,
        source="decision",
    )
    session.add(record)
    session.commit()
    # The Director of the department that submitted it is not who proposes: the board is.
    proposed = api(OFFICER).ok("POST", f"/award-records/{record.id}/revocations", 201, json=WHY)
    assert proposed["decider_role"] == "authority"
    assert proposed["proposal_id"] == proposal.id
    done = _record(api, proposed["id"], decision_signer="Bộ trưởng Bộ Khoa học và Công nghệ")
    assert done.status_code == 200, done.get_json()
    session.refresh(record)
    assert record.revoked_at is not None
    trail = session.scalars(
        select(AuditEvent.action).where(AuditEvent.proposal_id == proposal.id)
    ).all()
    assert trail[-2:] == ["revocation_proposed", "revoked"]
