"""The revocation's web pages: proposed from the decided proposal's page, checked by the board
(found in its dashboard and the list), decided by the Director; bad input named on the page and
nothing written."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import AuditEvent, AwardRecord, Proposal, Revocation
from tests.support.revocations import decided_cstdcs_2024

ONCE = re.compile(r'name="form_once" value="([^"]+)"')
WHY = {
    "reason": "Hồ sơ khai man thành tích sáng kiến",
    "legal_basis": "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 94",
}


def _once(client, path: str) -> str:
    found = ONCE.search(client.get(path).get_data(as_text=True))
    assert found, f"{path} carries no one-time token"
    return found.group(1)


def _count(session) -> int:
    session.rollback()
    return session.scalar(select(func.count()).select_from(Revocation))


def test_revocation_proposed_checked_and_decided_through_the_pages(login_as, session):
    _person, record, _used = decided_cstdcs_2024(session)
    proposal_id, record_id = record.proposal_id, record.id
    session.commit()
    unit_head, board, director = (
        login_as(u) for u in ("truongphong.cntt", "chuyenvien.btdkt", "giamdoc.tttt")
    )
    page = unit_head.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Đề nghị hủy bỏ" in page and f"/revocations/new/{record_id}" in page
    # The board does not propose: no button for it.
    assert f"/revocations/new/{record_id}" not in board.get(f"/proposals/{proposal_id}").text

    form = unit_head.get(f"/revocations/new/{record_id}").get_data(as_text=True)
    assert "2.340.000" in form  # the money to recover, before proposing
    refused = unit_head.post(
        f"/revocations/new/{record_id}",
        data={
            "legal_basis": WHY["legal_basis"],
            "form_once": _once(unit_head, f"/revocations/new/{record_id}"),
        },
    )
    assert refused.status_code == 400
    assert "Lý do hủy bỏ: bắt buộc nhập" in refused.text
    assert _count(session) == 0

    done = unit_head.post(
        f"/revocations/new/{record_id}",
        data={**WHY, "form_once": _once(unit_head, f"/revocations/new/{record_id}")},
    )
    assert done.status_code == 302
    session.rollback()
    revocation_id = session.scalar(select(Revocation.id))
    assert done.headers["Location"].endswith(f"/revocations/{revocation_id}")

    # The board finds it where it finds its work, with the money and the legal basis.
    for where in ("/dashboard/", "/revocations/"):
        listed = board.get(where).get_data(as_text=True)
        assert f"/revocations/{revocation_id}" in listed, where
        assert "2.340.000" in listed and "Điều 94" in listed
    path = f"/revocations/{revocation_id}"
    refused = board.post(
        f"{path}/check", data={"action": "reject", "form_once": _once(board, path)}
    )
    assert refused.status_code == 400 and "bắt buộc nhập" in refused.text
    assert (
        board.post(
            f"{path}/check", data={"action": "approve", "form_once": _once(board, path)}
        ).status_code
        == 302
    )
    # The Director, who decided the award, decides; the date is required.
    refused = director.post(
        f"{path}/decide",
        data={
            "action": "approve",
            "decision_no": "12/QĐ-STTTT",
            "form_once": _once(director, path),
        },
    )
    assert refused.status_code == 400 and "Ngày quyết định" in refused.text
    session.rollback()
    assert session.get(Revocation, revocation_id).status == "checked"
    decided = director.post(
        f"{path}/decide",
        data={
            "action": "approve",
            "decision_no": "12/QĐ-STTTT",
            "decision_date": "2026-03-10",
            "form_once": _once(director, path),
        },
    )
    assert decided.status_code == 302
    session.rollback()
    assert session.get(AwardRecord, record_id).revoked_at is not None
    trail = session.scalars(
        select(AuditEvent.action).where(AuditEvent.proposal_id == proposal_id)
    ).all()
    assert trail[-3:] == ["revocation_proposed", "revocation_checked", "revoked"]
    shown = unit_head.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Đã hủy bỏ (Quyết định số 12/QĐ-STTTT ngày 10/03/2026)" in shown
    assert f"/revocations/new/{record_id}" not in shown


def test_an_award_is_hidden_from_who_may_not_read_its_proposal(login_as, session):
    _person, record, _used = decided_cstdcs_2024(session)
    session.commit()
    outsider = login_as("truongphong.yte")
    assert outsider.get(f"/revocations/new/{record.id}").status_code == 404


def test_the_persons_history_offers_the_revocation_and_marks_it(login_as, session):
    person, record, _used = decided_cstdcs_2024(session)
    # The person works at the unit that filed the proposal: its head reads their history.
    person.org_id = session.get_one(Proposal, record.proposal_id).org_id
    session.flush()
    session.refresh(person)
    path = f"/history/units/{person.org.code}/people/{person.id}"
    record_id = record.id
    session.commit()
    unit_head = login_as("truongphong.cntt")
    assert f"/revocations/new/{record_id}" in unit_head.get(path).text
    assert f"/revocations/new/{record_id}" not in login_as("chuyenvien.btdkt").get(path).text
    record.revoked_at = record.decision_date  # as a decided revocation leaves it
    session.commit()
    page = unit_head.get(path).text
    assert "Đã bị hủy bỏ" in page and f"/revocations/new/{record_id}" not in page


TEXTS = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", " ", "a\x00b", "\x7f", "x" * 5000, "31/02/2026", "2026-13-01", "١٢"]),
)
STEP_KEYS = ["action", "comment", "decision_no", "decision_date", "reason", "legal_basis"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=15)
@given(
    body=st.dictionaries(
        st.sampled_from([*STEP_KEYS, "release_initiatives"]), TEXTS, max_size=len(STEP_KEYS)
    )
)
def test_any_values_in_the_forms_answer_a_page_never_a_500(login_as, session, body):
    # The same decided award through the examples (the database outlives them).
    ours = select(AwardRecord.id).where(AwardRecord.decision_no == "88/QĐ-STTTT")
    record_id = session.scalar(ours)
    if record_id is None:
        record_id = decided_cstdcs_2024(session)[1].id
        session.commit()
    unit_head = login_as("truongphong.cntt")
    answer = unit_head.post(f"/revocations/new/{record_id}", data=body)
    assert answer.status_code in (302, 400, 409), answer.status_code
    session.rollback()
    revocation_id = session.scalar(select(Revocation.id))
    if revocation_id is None:
        return
    for who, step in (("chuyenvien.btdkt", "check"), ("giamdoc.tttt", "decide")):
        answer = login_as(who).post(f"/revocations/{revocation_id}/{step}", data=body)
        assert answer.status_code in (302, 400, 403, 409), (step, answer.status_code)
