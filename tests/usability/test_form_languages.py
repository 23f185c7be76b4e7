"""Every message in the user's language: WTForms' and Flask-WTF's, HTTP error pages, the API's
errors (Accept-Language), and no field keys on a page."""

import pytest

from tests.support.pages import file_proposal, inbox_tasks

ENGLISH_LEFTOVERS = (
    "This field is required",
    "Field cannot be longer",
    "Not a valid",
    "CSRF",
    "Number must be",
    "The requested URL",
    "Invalid",
)


def _english(client):
    assert client.post("/language", data={"lang": "en", "next": "/"}).status_code == 302
    return client


def _bad_proposal() -> dict:
    return {"award_code": "LDTT", "year": "abc", "title": "x" * 300, "summary": "", "save": "1"}


def test_the_proposal_form_speaks_vietnamese(login_as):
    page = login_as("vanthu.cntt").post("/proposals/new", data=_bad_proposal())
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Trường này là bắt buộc." in text
    assert "Không được dài quá 255 ký tự." in text
    assert "Phải là một số nguyên." in text
    for leftover in ENGLISH_LEFTOVERS:
        assert leftover not in text, leftover


def test_the_proposal_form_speaks_english(login_as):
    client = _english(login_as("vanthu.cntt"))
    text = client.post("/proposals/new", data=_bad_proposal()).get_data(as_text=True)
    assert "This field is required." in text
    assert "Cannot be longer than 255 characters." in text
    for vietnamese in ("Trường này là bắt buộc", "Không được dài quá", "Phải là một số"):
        assert vietnamese not in text, vietnamese


def test_a_step_form_too_long_is_said_in_the_reader_language(login_as):
    file_proposal(login_as("vanthu.cntt"), nominees=("Lê Văn Dài",))
    head = login_as("truongphong.cntt")
    [(task_id, _name)] = inbox_tasks(head)
    data = {"action": "return", "comment": "x" * 50_000}
    text = head.post(f"/tasks/{task_id}", data=data).get_data(as_text=True)
    assert "Không được dài quá" in text and "Field cannot be longer" not in text
    text = _english(head).post(f"/tasks/{task_id}", data=data).get_data(as_text=True)
    assert "Cannot be longer than" in text and "Không được dài quá" not in text


@pytest.mark.parametrize("lang, said", [("vi", "Không tìm thấy trang"), ("en", "was not found")])
def test_error_pages_follow_the_language(login_as, lang, said):
    client = login_as("vanthu.cntt")
    if lang == "en":
        _english(client)
    page = client.get("/khong-co-trang-nay").get_data(as_text=True)
    assert said in page and "The requested URL" not in page
    wrong = client.put("/language").get_data(as_text=True)
    assert ("không nhận phương thức PUT" if lang == "vi" else "does not accept the PUT") in wrong


@pytest.mark.parametrize(
    "accept, said", [("vi", "Không tìm thấy trang"), ("en-GB,en;q=0.8", "was not found")]
)
def test_api_errors_follow_accept_language(client, accept, said):
    answer = client.get("/api/v1/khong-co", headers={"Accept-Language": accept}).get_json()
    assert answer["code"] == "not_found" and said in answer["message"]
    assert "The requested URL" not in answer["message"]


def test_the_ballot_error_names_the_nominee_not_a_key(login_as):
    from tests.support.accounts import council_members
    from tests.support.pages import act

    pid = file_proposal(login_as("vanthu.cntt"), nominees=("Vì Thị Phiếu",))
    for username in ("truongphong.cntt", "thuongtruc.tttt"):
        client = login_as(username)
        [(task_id, _name)] = [t for t in inbox_tasks(client)]
        assert act(client, task_id).status_code == 302
    member = login_as(council_members()[0])
    task_id = next(t for t, _n in inbox_tasks(member))
    text = member.post(f"/tasks/{task_id}", data={"action": "vote"}).get_data(as_text=True)
    assert "Vì Thị Phiếu: bắt buộc chọn đồng ý hoặc không đồng ý" in text, pid
    assert "choices." not in text.split("<form")[0]
