"""Targets vs actual on a crafted set of decisions, with every expected figure worked out by
hand from the counts written here (the demo movement sotttt-2025, six units)."""

from __future__ import annotations

from models import Person, YearRecord
from tests.support.spreadsheets import read_xlsx, table_rows

UNITS = {
    "sotttt-vp": 10,
    "sotttt-thanhtra": 5,
    "sotttt-bcvt": 5,
    "sotttt-cntt": 10,
    "sotttt-ttbcxb": 5,
    "sotttt-ttcntt": 25,
}  # headcount total: 10 + 5 + 5 + 10 + 5 + 25 = 60


def people(prefix: str, n: int) -> list[str]:
    return [f"{prefix} {i:02d}" for i in range(1, n + 1)]


def rated(session, org_id, unit: str, names: list[str], rating: str, year: int = 2025) -> list:
    """People of the history registry with a rating for `year`, as nominee rows linked to them."""
    rows = []
    for name in names:
        person = Person(org_id=org_id(unit), full_name=name, name_key=name.lower())
        session.add(person)
        session.flush()
        session.add(YearRecord(person_id=person.id, year=year, rating=rating))
        rows.append({"name": name, "person_id": person.id})
    session.commit()
    return rows


def craft(decided, set_headcounts, user_id, session, org_id) -> None:
    set_headcounts(UNITS)
    # Collectives with TTLĐTT: CNTT, BC-VT, TT CNTT&TT (named by short name), Văn phòng, and
    # Thanh tra (named in a dossier filed by CNTT: the name decides); CNTT twice counts once.
    decided("sotttt-cntt", "TTLDTT", ["Phòng Công nghệ thông tin"])
    decided("sotttt-cntt", "TTLDTT", ["phòng  công nghệ thông tin"])
    decided("sotttt-bcvt", "TTLDTT", ["Phòng Bưu chính – Viễn thông"])
    decided("sotttt-ttcntt", "TTLDTT", ["Trung tâm CNTT&TT"])
    decided("sotttt-vp", "TTLDTT", ["Văn phòng Sở Thông tin và Truyền thông"])
    decided("sotttt-cntt", "TTLDTT", ["Thanh tra Sở"])
    # TTLĐXS: CNTT (also TTLĐTT) and TT-BC-XB (not TTLĐTT, so not "of those").
    decided("sotttt-cntt", "TTLDXS", ["Phòng Công nghệ thông tin"])
    decided("sotttt-ttbcxb", "TTLDXS", ["Phòng Thông tin – Báo chí – Xuất bản"])
    # Giấy khen to collectives: BC-VT, TT CNTT&TT, TT-BC-XB.
    decided("sotttt-bcvt", "GK_TT", ["Phòng Bưu chính – Viễn thông"])
    decided("sotttt-ttcntt", "GK_TT", ["Trung tâm Công nghệ thông tin và Truyền thông"])
    decided("sotttt-ttbcxb", "GK_TT", ["Phòng Thông tin – Báo chí – Xuất bản"])

    # LĐTT: CNTT 9 people (one found by account under two spellings, one by name with other
    # spacing and case), TT CNTT&TT 24, Văn phòng 9, Thanh tra 4, BC-VT 4, TT-BC-XB 0 = 50.
    lan = user_id("vanthu.cntt")
    decided(
        "sotttt-cntt",
        "LDTT",
        [{"name": "Nguyễn Thị Lan", "user_id": lan}, "Nguyễn Văn An", *people("CNTT", 7)],
    )
    decided("sotttt-cntt", "LDTT", [{"name": "Nguyễn T. Lan", "user_id": lan}, "nguyễn  văn an"])
    # TT CNTT&TT's 24 are in the history registry: 6 rated HTXSNV for 2025, 18 rated good.
    ttcntt = people("TTCNTT", 24)
    excellent = rated(session, org_id, "sotttt-ttcntt", ttcntt[:6], "xuat_sac")
    good = rated(session, org_id, "sotttt-ttcntt", ttcntt[6:], "tot")
    decided("sotttt-ttcntt", "LDTT", excellent + good)
    # Rated HTXSNV but not LĐTT, or HTXSNV only the year before: not "of those".
    rated(session, org_id, "sotttt-ttcntt", ["Ngoài LĐTT"], "xuat_sac")
    decided(
        "sotttt-vp", "LDTT", rated(session, org_id, "sotttt-vp", ["Năm trước"], "xuat_sac", 2024)
    )
    decided("sotttt-vp", "LDTT", people("VP", 8))
    decided("sotttt-thanhtra", "LDTT", people("TTra", 4))
    decided("sotttt-bcvt", "LDTT", people("BCVT", 4))
    # Not decisions of the movement: still in review, refused, or filed under no movement.
    decided("sotttt-ttbcxb", "LDTT", people("XB", 5), status="in_review")
    decided("sotttt-ttbcxb", "LDTT", people("XB", 5), status="rejected")
    decided("sotttt-ttbcxb", "LDTT", people("XB", 5), movement=None)

    # Forms to persons: 20 Giấy khen in TT CNTT&TT and 8 in Văn phòng; two of the Văn phòng
    # people also got a Bằng khen: still 28 persons with some form.
    decided("sotttt-ttcntt", "GK_CN", people("TTCNTT", 20))
    decided("sotttt-vp", "GK_CN", people("VP", 8))
    decided("sotttt-vp", "BK_TINH_CN", people("VP", 2))


# (code, target %, actual %, achieved, needed, out of, result, verdict)
OVERALL = [
    # 5 of 6 collectives; 100% of 6 = 6 needed; 5/6 = 83.3%
    ("1b", 1.0, 0.833, 5, 6, 6, "Chưa đạt", "Chưa đạt: còn thiếu 1 tập thể"),
    # of the 5 with TTLĐTT, 1 also TTLĐXS; 20% of 5 = 1 needed; 1/5 = 20%
    ("1c", 0.2, 0.2, 1, 1, 5, "Đạt", "Đạt"),
    # 3 of 6 units got a form; 50% of 6 = 3 needed; 3/6 = 50%
    ("1d", 0.5, 0.5, 3, 3, 6, "Đạt", "Đạt"),
    # 50 of 60 people LĐTT; 95% of 60 = 57 needed; 50/60 = 83.3%
    ("2a", 0.95, 0.833, 50, 57, 60, "Chưa đạt", "Chưa đạt: còn thiếu 7 người"),
    # of the 50 LĐTT, 6 rated HTXSNV for 2025; 20% of 50 = 10 needed; 6/50 = 12%
    ("2b", 0.2, 0.12, 6, 10, 50, "Chưa đạt", "Chưa đạt: còn thiếu 4 người"),
    # 28 of 60 people got a form; 50% of 60 = 30 needed; 28/60 = 46.7%
    ("2c", 0.5, 0.467, 28, 30, 60, "Chưa đạt", "Chưa đạt: còn thiếu 2 người"),
]  # fmt: skip


def test_targets_against_decisions_worked_out_by_hand(
    login_as, decided, set_headcounts, user_id, session, org_id
):
    craft(decided, set_headcounts, user_id, session, org_id)
    sheets = read_xlsx(login_as("theodoi.btdkt").get("/dashboard/export.xlsx"))
    rows = table_rows(sheets["Chỉ tiêu"], "Phong trào")
    overall = [r for r in rows if r[1] == "Toàn phong trào"]
    got = [(r[2], r[6], r[7], r[8], r[9], r[10], r[11], r[12]) for r in overall]
    assert got == OVERALL

    by_unit = {(r[1], r[2]): r for r in rows}
    cntt = by_unit[("Phòng Công nghệ thông tin", "2a")]
    # CNTT: 9 of 10 LĐTT; 95% of 10 = 9.5, so 10 needed: one short
    assert (cntt[8], cntt[9], cntt[10], cntt[12]) == (9, 10, 10, "Chưa đạt: còn thiếu 1 người")
    xb = by_unit[("Phòng Thông tin – Báo chí – Xuất bản", "1c")]
    # TT-BC-XB has TTLĐXS but no TTLĐTT: not one "of those"
    assert xb[11:] == ("Tính chung", "Chỉ tiêu chung của phong trào; đơn vị chưa được tính")
    xb_ldtt = by_unit[("Phòng Thông tin – Báo chí – Xuất bản", "2a")]
    # 0 of 5; 95% of 5 = 4.75, so 5 needed
    assert xb_ldtt[8:11] == (0, 5, 5) and xb_ldtt[12] == "Chưa đạt: còn thiếu 5 người"
    # 20% of the collectives is a share of the whole movement: a unit is told if it counts
    assert by_unit[("Phòng Công nghệ thông tin", "1c")][11:] == (
        "Tính chung",
        "Chỉ tiêu chung của phong trào; đơn vị đã được tính",
    )
    assert by_unit[("Phòng Bưu chính – Viễn thông", "1c")][12] == (
        "Chỉ tiêu chung của phong trào; đơn vị chưa được tính"
    )
    # 100% of the collectives is asked of every unit
    assert by_unit[("Phòng Thông tin – Báo chí – Xuất bản", "1b")][11:] == (
        "Chưa đạt",
        "Chưa đạt: còn thiếu 1 tập thể",
    )
    ttcntt = by_unit[("Trung tâm Công nghệ thông tin và Truyền thông", "2a")]
    # 24 of 25 = 96% >= 95%; 95% of 25 = 23.75, so 24 needed
    assert ttcntt[7:13] == (0.96, 24, 24, 25, "Đạt", "Đạt")


def test_the_page_says_the_verdicts_and_a_missing_headcount(
    login_as, decided, set_headcounts, user_id, session, org_id
):
    craft(decided, set_headcounts, user_id, session, org_id)
    set_headcounts({"sotttt-thanhtra": None})
    page = login_as("giamdoc.tttt").get("/dashboard/").get_data(as_text=True)
    assert "Chưa đạt: còn thiếu 1 tập thể" in page  # collectives need no headcount
    assert "Chưa có dữ liệu (thiếu số lao động của Thanh tra Sở năm 2025)" in page
    assert "Chưa đạt: còn thiếu 4 người" in page  # HTXSNV among LĐTT, from the history
    # the seed's words, as written
    assert "50% trở lên các đơn vị được tặng các hình thức khen thưởng" in page


def test_htxsnv_among_ldtt_needs_ldtt_people_linked_to_the_history(login_as, decided):
    decided("sotttt-vp", "LDTT", ["Chưa gắn hồ sơ"])
    page = login_as("theodoi.btdkt").get("/dashboard/").get_data(as_text=True)
    assert "Chưa có dữ liệu (chưa có cá nhân đạt LĐTT gắn với hồ sơ xếp loại)" in page
