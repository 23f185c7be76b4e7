"""The whole chain through the web pages, as each person would click it."""

from sqlalchemy import select

from models import AuditEvent, Proposal
from tests.support.accounts import council_members
from tests.support.pages import act, file_proposal, inbox_tasks, vote, vote_all

#: the council member's step is a secret ballot (tests.support.pages.vote)
COUNCIL = None


def test_director_award_from_filing_to_decision(login_as, session):
    nominator = login_as("vanthu.cntt")
    pid = file_proposal(nominator, nominees=("Nguyễn Văn An", "Lò Thị Bình"))

    steps = [
        ("truongphong.cntt", "Trưởng đơn vị ký xác nhận", {}),
        ("thuongtruc.tttt", "Thường trực Hội đồng kiểm tra hồ sơ", {}),
        ("hoidong.tttt", "Hội đồng TĐKT Sở bình xét", COUNCIL),
        (
            "giamdoc.tttt",
            "Giám đốc Sở quyết định khen thưởng",
            {"decision_no": "45/QĐ-STTTT", "decision_date": "15/12/2025", "signer": "Vũ Đức Thắng"},
        ),
    ]
    for username, expected_name, fields in steps:
        client = login_as(username)
        tasks = [t for t in inbox_tasks(client) if t[1] == expected_name]
        assert len(tasks) == 1, f"{username} should see exactly one '{expected_name}'"
        page = client.get(f"/tasks/{tasks[0][0]}").get_data(as_text=True)
        assert "Nguyễn Văn An" in page and "Lịch sử xử lý" in page
        if fields is COUNCIL:
            response = vote(client, tasks[0][0])
            # The other members cast theirs: the box closes with the last one.
            vote_all(login_as, pid)
        else:
            response = act(client, tasks[0][0], **fields)
        assert response.status_code == 302, response.get_data(as_text=True)
        assert inbox_tasks(client) == []

    proposal = session.get(Proposal, pid)
    assert (proposal.status, proposal.stage) == ("approved", None)
    assert proposal.decision_no == "45/QĐ-STTTT"
    assert proposal.decision_date.isoformat() == "2025-12-15"
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.proposal_id == pid).order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "created",
        # the LĐTT dossier: the minutes and the year's rating (workflows.awards.dossier)
        "attachment_added",
        "attachment_added",
        "submitted",
        "approved",
        "approved",
        *["ballot_cast"] * len(council_members()),
        "ballot_closed",
        "decided",
    ]

    page = nominator.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Đã quyết định khen thưởng" in page and "45/QĐ-STTTT" in page and "15/12/2025" in page
    # The history shows what each step recorded, labelled, with dates as dd/mm/yyyy.
    assert "Ngày quyết định: <strong>15/12/2025</strong>" in page


def test_return_revise_and_resubmit_resumes_at_the_returning_stage(login_as, session):
    nominator = login_as("vanthu.cntt")
    pid = file_proposal(nominator)
    act(login_as("truongphong.cntt"), inbox_tasks(login_as("truongphong.cntt"))[0][0])
    secretariat = login_as("thuongtruc.tttt")
    [(tid, _)] = inbox_tasks(secretariat)

    missing_reason = act(secretariat, tid, "return")
    assert missing_reason.status_code == 400
    assert "bắt buộc nhập" in missing_reason.get_data(as_text=True)
    assert act(secretariat, tid, "return", comment="Thiếu báo cáo thành tích").status_code == 302

    session.rollback()  # a new read transaction sees the latest commit
    proposal = session.get(Proposal, pid)
    assert (proposal.status, proposal.round, proposal.resume_stage) == ("returned", 2, "department")
    detail = nominator.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Thiếu báo cáo thành tích" in detail and "Nộp lại" in detail

    edit = nominator.get(f"/proposals/{pid}/edit")
    assert edit.status_code == 200 and "Nguyễn Văn An" in edit.get_data(as_text=True)
    response = nominator.post(
        f"/proposals/{pid}/edit",
        data={
            "award_code": "LDTT",
            "year": "2025",
            "title": "Đề nghị LĐTT năm 2025 (bổ sung)",
            "summary": "Đã bổ sung báo cáo thành tích.",
            "nominees-0-name": "Nguyễn Văn An",
            "nominees-0-achievements": "Báo cáo thành tích đã bổ sung",
            "save_submit": "1",
        },
    )
    assert response.status_code == 302
    # Back to the secretariat that returned it, not to the unit head.
    assert inbox_tasks(login_as("truongphong.cntt")) == []
    assert [name for _, name in inbox_tasks(secretariat)] == ["Thường trực Hội đồng kiểm tra hồ sơ"]
    session.rollback()  # a new read transaction sees the latest commit
    assert session.get(Proposal, pid).title.endswith("(bổ sung)")


def test_reject_ends_the_proposal_with_its_reason(login_as, session):
    pid = file_proposal(login_as("vanthu.cntt"))
    head = login_as("truongphong.cntt")
    [(tid, _)] = inbox_tasks(head)
    assert act(head, tid, "reject", comment="Không đủ tiêu chuẩn").status_code == 302
    proposal = session.get(Proposal, pid)
    assert (proposal.status, proposal.last_reason) == ("rejected", "Không đủ tiêu chuẩn")
    assert inbox_tasks(login_as("thuongtruc.tttt")) == []


def test_claim_hides_the_task_from_colleagues_until_released(login_as, app):
    from workflows.directory.users import assign, get_or_create_user

    factory = app.extensions["tdkt_sessions"]
    with factory() as s:
        deputy = get_or_create_user(s, "phogiamdoc.tttt", "Phó Giám đốc", "Mat-khau-123")
        assign(s, deputy, "dept_secretariat", "sotttt")
        s.commit()
    file_proposal(login_as("vanthu.cntt"))
    head = login_as("truongphong.cntt")
    act(head, inbox_tasks(head)[0][0])
    first, other = login_as("thuongtruc.tttt"), app.test_client()
    other.post("/login", data={"username": "phogiamdoc.tttt", "password": "Mat-khau-123"})
    [(tid, _)] = inbox_tasks(first)
    assert first.post(f"/tasks/{tid}/claim").status_code == 302
    assert inbox_tasks(other) == []
    assert act(other, tid).status_code == 403
    assert first.post(f"/tasks/{tid}/release").status_code == 302
    assert [t for t, _ in inbox_tasks(other)] == [tid]
