"""A step's form helps: a date picker, the signer and today filled in, and after a refused post
a summary at the top linking to each field; the proposal says only its current reason."""

from __future__ import annotations

import re

from sqlalchemy import select

from models import User
from tests.support.pages import act, file_proposal, inbox_tasks
from workflows.deadlines.calendar import today


def _at_director(api) -> int:
    pid = api("vanthu.cntt").file("LDTT")
    api("vanthu.cntt").ok("POST", f"/proposals/{pid}/submit", json={})
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    api("thuongtruc.tttt").cast_ballots(pid)
    return pid


def test_decision_form_has_a_date_picker_and_is_prefilled(api, login_as, session):
    pid = _at_director(api)
    director = login_as("giamdoc.tttt")
    task_id = api("giamdoc.tttt").task_for(pid)["id"]
    page = director.get(f"/tasks/{task_id}").get_data(as_text=True)
    date_input = re.search(r'<input[^>]*name="decision_date"[^>]*>', page).group(0)
    assert 'type="date"' in date_input
    assert f'value="{today().isoformat()}"' in date_input
    name = session.scalar(select(User.full_name).where(User.username == "giamdoc.tttt"))
    signer = re.search(r'<input[^>]*name="signer"[^>]*>', page).group(0)
    assert f'value="{name}"' in signer
    # The picker's yyyy-mm-dd is accepted as the date of the decision.
    done = director.post(
        f"/tasks/{task_id}",
        data={
            "action": "approve",
            "decision_no": "12/QĐ-STTTT",
            "decision_date": today().isoformat(),
            "signer": name,
            "justification": "Đã xem xét",
        },
    )
    assert done.status_code == 302, done.get_data(as_text=True)


def test_a_refused_post_is_summarised_at_the_top(login_as):
    file_proposal(login_as("vanthu.cntt"))
    head = login_as("truongphong.cntt")
    [(task_id, _name)] = inbox_tasks(head)
    refused = act(head, task_id, "return")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert summary is not None and 'href="#comment"' in summary.group(0)
    # Before the form, not under it.
    assert page.index("error-summary") < page.index('name="action"')


def test_the_return_reason_goes_when_the_round_moves_on(login_as, api):
    nominator = login_as("vanthu.cntt")
    pid = file_proposal(nominator, title="Hồ sơ vòng hai")
    head = login_as("truongphong.cntt")
    [(task_id, _name)] = inbox_tasks(head)
    assert act(head, task_id, "return", comment="Bổ sung minh chứng").status_code == 302
    assert "Bổ sung minh chứng" in nominator.get(f"/proposals/{pid}").get_data(as_text=True)
    api("vanthu.cntt").ok("POST", f"/proposals/{pid}/submit", json={})
    page = head.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Lý do trả lại / từ chối" not in page
    # still in the trail, where it belongs
    assert "Bổ sung minh chứng" in page


def test_the_award_says_for_whom_once(login_as):
    pid = file_proposal(login_as("vanthu.cntt"), award="GK_CN")
    page = login_as("vanthu.cntt").get(f"/proposals/{pid}").get_data(as_text=True)
    assert "(cá nhân)" in page and "(cá nhân) (Cá nhân)" not in page
