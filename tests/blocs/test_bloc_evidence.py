"""Evidence as files: a member attaches files to a line of its self-score through the
attachments' checks; the bloc's head, its members' Directors and the board download them,
anyone else is told they do not exist."""

from __future__ import annotations

import io
import re

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _upload(client, pledge_id: int, criterion_id: int, name: str, content: bytes):
    return client.post(
        f"/blocs/{pledge_id}/evidence",
        data={"criterion": str(criterion_id), "attachments": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_an_evidence_file_is_read_by_the_bloc_and_refused_to_an_outsider(login_as, bloc_year):
    year = bloc_year(scoring=True)
    criterion = year.criteria()[0]["id"]
    member = login_as(year.members["soyte"])
    page = _upload(member, year.pledge_id, criterion, "bao-cao-tong-ket.pdf", PDF)
    assert "bao-cao-tong-ket.pdf" in _text(page)
    [link] = re.findall(r'href="(/blocs/evidence/\d+)"', _text(page))
    for username in (
        year.members["soyte"],
        year.members["bhxh"],
        "truongkhoi.vhxh",
        "theodoi.btdkt",
    ):
        got = login_as(username).get(link)
        assert got.status_code == 200 and got.data == PDF, username
        got.close()
    # the other bloc's head and a unit's nominator: not found
    for username in ("truongcum.2", "vanthu.yte"):
        assert login_as(username).get(link).status_code == 404, username
    # a file whose content is not what its name says is refused, naming it; nothing is kept
    refused = _upload(member, year.pledge_id, criterion, "gia-mao.pdf", b"MZ\x90\x00not a pdf")
    assert "gia-mao.pdf" in _text(refused)
    assert len(re.findall(r'href="/blocs/evidence/\d+"', _text(refused))) == 1
    # an outsider may not attach to the bloc's year
    outsider = _upload(login_as("vanthu.yte"), year.pledge_id, criterion, "x.pdf", PDF)
    assert outsider.status_code == 403 and "Chỉ Giám đốc" in _text(outsider)
