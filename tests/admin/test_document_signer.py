"""The minutes name the council's chair and secretary as they were on the meeting's day: a
Director whose term starts later, though he holds the role when the minutes are printed, does
not sign a meeting held before it."""

from __future__ import annotations

import io
from datetime import timedelta

from docx import Document
from sqlalchemy import select

from models import User
from tests.support.docx_text import texts
from workflows.deadlines.calendar import today
from workflows.directory.users import assign


def test_the_minutes_name_the_director_of_the_meeting_day(api, login_as, session):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").act(pid)
    # Afterwards: a Director from tomorrow, whose account is older than the present one's.
    successor = session.scalar(select(User).where(User.username == "thanhtra.tttt"))
    present = session.scalar(select(User).where(User.username == "giamdoc.tttt"))
    assert successor.id < present.id  # the first holder by id, were the dates ignored
    later = assign(session, successor, "director", "sotttt")
    later.valid_from = today() + timedelta(days=1)
    session.commit()
    answer = login_as("hoidong.tttt").get(f"/proposals/{pid}/documents/bien_ban.docx")
    assert answer.status_code == 200
    lines = texts(Document(io.BytesIO(answer.data)))
    assert "CHỦ TỊCH HỘI ĐỒNG" in lines
    assert present.full_name in lines and successor.full_name not in lines
