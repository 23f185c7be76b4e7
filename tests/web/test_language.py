"""Vietnamese by default; English per user, remembered across sessions."""

from sqlalchemy import select

from models import User


def test_vietnamese_by_default_and_english_when_chosen(login_as, session, app):
    client = login_as("vanthu.cntt")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page and ">Hộp việc</a>" in page

    response = client.post("/language", data={"lang": "en", "next": "/board/"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/board/")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and ">Inbox</a>" in page

    session.rollback()
    assert session.scalar(select(User.locale).where(User.username == "vanthu.cntt")) == "en"
    # A new session of the same user keeps the choice; another user is unaffected.
    assert ">Inbox</a>" in login_as("vanthu.cntt").get("/").get_data(as_text=True)
    assert ">Hộp việc</a>" in login_as("truongphong.cntt").get("/").get_data(as_text=True)


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(login_as):
    client = login_as("vanthu.cntt")
    response = client.post("/language", data={"lang": "fr", "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"
    assert ">Hộp việc</a>" in client.get("/").get_data(as_text=True)
