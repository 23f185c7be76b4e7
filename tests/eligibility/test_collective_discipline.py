"""TTLĐTT and TTLĐXS need no member disciplined at "cảnh cáo" or above (Law 06/2022 Art. 27–28,
issue 20 point 5): a reprimand (khiển trách) does not bar the collective, a warning does, and a
discipline whose measure was not recorded cannot be cleared."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Person, YearRecord
from tests.support.eligibility import YEAR
from workflows.history import importer


@pytest.mark.parametrize("award", ["TTLDTT", "TTLDXS"])
@pytest.mark.parametrize(
    ("measure", "passed", "words"),
    [
        (None, True, "0 thành viên"),
        ("khien_trach", True, "0 thành viên"),
        ("canh_cao", False, "1 thành viên bị kỷ luật từ cảnh cáo"),
        ("cach_chuc", False, "1 thành viên bị kỷ luật từ cảnh cáo"),
        ("unknown", False, "chưa ghi hình thức"),
    ],
)
def test_no_member_disciplined_at_warning_or_above(history, verdict, award, measure, passed, words):
    unit = history.unit()
    history.year(org=unit, rating="xuat_sac")
    clean = history.person(unit)
    history.year(person=clean)
    member = history.person(unit)
    if measure is None:
        history.year(person=member)
    elif measure == "unknown":
        history.year(person=member, disciplined=True)
    else:
        history.year(person=member, disciplined=True, discipline=measure)
    criterion = verdict(award, unit)["khong_canh_cao"]
    assert criterion.passed is passed
    assert words in criterion.reason and f"Năm {YEAR}" in criterion.reason


def test_the_import_reads_the_measure_in_the_discipline_column(session):
    csv = (
        "Mã cán bộ,Họ và tên,Đơn vị,Năm,Xếp loại,Kỷ luật\n"
        "KL-1,Người Cảnh Cáo,sotttt-cntt,2025,HTNV,Cảnh cáo\n"
        "KL-2,Người Khiển Trách,sotttt-cntt,2025,HTNV,khien trach\n"
        "KL-3,Người Có,sotttt-cntt,2025,HTNV,có\n"
        "KL-4,Người Sai,sotttt-cntt,2025,HTNV,phạt tiền\n"
    )
    report = importer.import_file(
        session, filename="kl.csv", data=csv.encode(), kind="history", org_ids=None
    )
    assert report.accepted == [2, 3, 4]
    ((row, reason),) = report.rejected
    assert row == 5 and "phạt tiền" in reason and "cảnh cáo" in reason
    got = dict(
        session.execute(
            select(Person.staff_code, YearRecord.discipline)
            .join(YearRecord, YearRecord.person_id == Person.id)
            .where(Person.staff_code.like("KL-%"))
        ).all()
    )
    assert got == {"KL-1": "canh_cao", "KL-2": "khien_trach", "KL-3": None}
