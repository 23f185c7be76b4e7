"""Vietnamese alphabetical order: letters, then tones; in the lists the pages show."""

from __future__ import annotations

import re

from workflows.vn_collation import person_key, sort_key, sorted_vi


def test_letters_follow_the_vietnamese_alphabet_and_tones_come_after_the_letters():
    # Dictionary order, as printed in Vietnamese dictionaries; code-point order differs.
    words = [
        "a",
        "à",
        "ả",
        "ã",
        "á",
        "ạ",
        "ăn",
        "ân",
        "bình",
        "dung",
        "đá",
        "em",
        "ê",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "y",
    ]
    assert sorted_vi(reversed(words)) == words
    assert sorted(words) != words
    # Tones only break ties: "ma" < "mà" < "mai" although "mà" < "mai" by code point too.
    assert sorted_vi(["mai", "mà", "ma", "mạ"]) == ["ma", "mà", "mạ", "mai"]


def test_case_spacing_and_numbers():
    # Case and repeated spaces change nothing but the final tie-break on the exact text.
    assert sort_key("Đào  Văn")[:2] == sort_key("đào văn")[:2]
    assert sort_key("Đào Văn") != sort_key("đào văn")
    assert sorted_vi(["Cụm thi đua số 10", "Cụm thi đua số 2"]) == [
        "Cụm thi đua số 2",
        "Cụm thi đua số 10",
    ]


def test_people_sort_by_given_name_first():
    names = ["Nguyễn Văn Thành", "Lò Văn Minh", "Bùi Thị Hạnh", "Đinh Văn Tuấn", "Đỗ Văn An"]
    assert sorted(names, key=person_key) == [
        "Đỗ Văn An",
        "Bùi Thị Hạnh",
        "Lò Văn Minh",
        "Nguyễn Văn Thành",
        "Đinh Văn Tuấn",
    ]


def test_the_board_lists_organisations_in_vietnamese_order(login_as):
    page = login_as("theodoi.btdkt").get("/board/").get_data(as_text=True)
    select = page.split('id="f-org"', 1)[1].split("</select>", 1)[0]
    names = re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)
    # Code-point order would put "Đài …" after every "Sở …".
    assert (
        names.index("Bảo hiểm xã hội tỉnh Điện Biên")
        < names.index("Đài Phát thanh – Truyền hình tỉnh Điện Biên")
        < names.index("Sở Giáo dục và Đào tạo tỉnh Điện Biên")
    )
