"""Digits that are not ASCII (issue 15, item 6): `"²".isdigit()` is true and `int("²")` raises,
so a check by isdigit alone let them through to a 500. In the JSON body of the API they are
refused like any other bad value."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("year", ["²⁰²⁵", "２０２５", "٢٠٢٥"])
def test_a_year_in_other_digits_is_a_400_naming_the_year(api, year):
    response = api("vanthu.cntt").post(
        "/proposals",
        json={
            "award_code": "LDTT",
            "year": year,
            "title": "Đề nghị",
            "summary": "Tóm tắt",
            "nominees": [{"name": "Nguyễn Văn An"}],
        },
    )
    assert response.status_code == 400, response.get_data(as_text=True)
    assert set(response.get_json()["fields"]) == {"year"}
