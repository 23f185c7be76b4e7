"""A lowered nominee in the documents, read back from the .docx and the PDF: the submission
shows both awards and the reviewer's reason; each decision names only the award it grants,
while the proposals' histories and the link between them stay."""

from __future__ import annotations

import io

from docx import Document
from pypdf import PdfReader

from tests.lowering.test_lower_award_api import CHAIRMAN, DIRECTOR, SUBMISSION, WHY, _to_board
from tests.support.docx_text import texts

BOTH = "Giấy khen của Giám đốc Sở (thay cho Bằng khen của Chủ tịch UBND tỉnh theo đề nghị ban đầu)"
SENTENCE = (
    "Đối với Trần Thị Bình: qua xét duyệt, đề nghị tặng “Giấy khen của Giám đốc Sở” thay cho "
    "“Bằng khen của Chủ tịch UBND tỉnh” theo đề nghị ban đầu. Lý do: " + WHY + "."
)


def docx_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return " ".join(" ".join(texts(Document(io.BytesIO(response.data)))).split())


def pdf_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    # pypdf may split a line (and a table cell wraps): whitespace folded
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _lower_binh(api, pid: int) -> int:
    board = api("chuyenvien.btdkt")
    task = board.task_for(pid)
    binh = next(
        n for n in board.ok("GET", f"/proposals/{pid}")["nominees"] if n["name"] == "Trần Thị Bình"
    )
    body = {"nominee_ids": [binh["id"]], "award_code": "GK_CN", "reason": WHY}
    lowered = board.ok("POST", f"/tasks/{task['id']}/lower", json={**body, "justification": "Có"})
    return lowered["continued_in"]["id"]


def test_the_submission_shows_both_awards_and_the_reason(api, login_as):
    pid = _to_board(api)
    client = login_as("theodoi.btdkt")
    before = docx_text(client, f"/proposals/{pid}/documents/to_trinh.docx")
    assert "thay cho" not in before
    _lower_binh(api, pid)

    for read, ext in ((docx_text, "docx"), (pdf_text, "pdf")):
        text = read(client, f"/proposals/{pid}/documents/to_trinh.{ext}")
        assert BOTH in text, (ext, text)
        assert SENTENCE in text, (ext, text)
        # An was not lowered: the award first proposed, alone
        assert "Nguyễn Văn An" in text


def test_each_decision_names_only_the_award_it_grants(api, login_as):
    pid = _to_board(api)
    new = _lower_binh(api, pid)
    board = api("chuyenvien.btdkt")
    board.act(pid)
    api("chutich.ubnd").act(pid, **CHAIRMAN)
    api("thuongtruc.tttt").act(new)
    api("hoidong.tttt").act(new)
    api("giamdoc.tttt").act(new, **DIRECTOR)
    client = login_as("theodoi.btdkt")

    for read, ext in ((docx_text, "docx"), (pdf_text, "pdf")):
        chairman = read(client, f"/proposals/{pid}/documents/quyet_dinh.{ext}")
        assert "Nguyễn Văn An" in chairman and "Trần Thị Bình" not in chairman, ext
        director = read(client, f"/proposals/{new}/documents/quyet_dinh.{ext}")
        assert "Trần Thị Bình" in director and "Giấy khen của Giám đốc Sở" in director, ext
        for decision in (chairman, director):
            # a decision never prints the reviewers' doubts
            assert "thay cho" not in decision and WHY not in decision, (ext, decision)
        assert "Bằng khen" not in director, ext

    # The histories and the link stay.
    old, split = board.ok("GET", f"/proposals/{pid}"), board.ok("GET", f"/proposals/{new}")
    assert old["split_into"] == [new] and split["split_from"] == pid
    assert any(e["action"] == "lowered" and e["comment"] == WHY for e in old["history"])
    assert any(e["action"] == "split_from" for e in split["history"])


def test_a_split_proposal_going_on_to_the_chairman_keeps_the_department_submission(api, login_as):
    """Lowered at the board to the Chairman's award (the other nominee stays on the state's):
    the split proposal goes on with the department's submission, showing both awards."""
    nominator = api("vanthu.cntt")
    two = [{"name": "Nguyễn Văn An"}, {"name": "Trần Thị Bình"}]
    pid = nominator.file("CSTD_TINH", nominees=two)
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").act(pid)

    api("giamdoc.tttt").act(pid, **SUBMISSION)
    board = api("chuyenvien.btdkt")
    task = board.task_for(pid)
    binh = next(n for n in board.ok("GET", f"/proposals/{pid}")["nominees"] if "Bình" in n["name"])
    body = {"nominee_ids": [binh["id"]], "award_code": "BK_TINH_CN", "reason": WHY}
    new = board.ok("POST", f"/tasks/{task['id']}/lower", json={**body, "justification": "Có"})
    split = new["continued_in"]["id"]
    client = login_as("theodoi.btdkt")
    text = pdf_text(client, f"/proposals/{split}/documents/to_trinh.pdf")
    assert (
        "Bằng khen của Chủ tịch UBND tỉnh (thay cho Chiến sĩ thi đua cấp tỉnh theo đề nghị ban "
        "đầu)" in text
    ), text
    assert "Nguyễn Văn An" not in text
