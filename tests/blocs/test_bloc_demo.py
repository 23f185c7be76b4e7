"""The demo's 2025 bloc year: Khối VHXH's pledge ranked from its scores with its rules, Cụm 2's
still being scored; both say they are plausible data. (The test template, to 31/12/2024, has
neither: the other tests here make Khối VHXH's 2025 pledge on it.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import BlocPledge, Organisation
from scripts.testdb import seed
from tests.support.accounts import PASSWORD


@pytest.fixture(scope="module")
def story_db(databases) -> str:
    url = databases.create()
    seed(url, PASSWORD, until=None)
    return url


@pytest.fixture
def db_url(databases, story_db):
    url = databases.create(template=story_db)
    yield url
    databases.drop(url)


def test_the_2025_blocs_are_in_the_demo(session):
    pledges = {(p.grouping.code, p.year): p for p in session.scalars(select(BlocPledge))}
    vhxh, cum2 = pledges[("khoi-vhxh", 2025)], pledges[("cum-2", 2025)]
    assert "minh họa" in vhxh.source_note and "minh họa" in cum2.source_note
    assert vhxh.status == "ranked" and cum2.status == "scoring"
    codes = {o.id: o.code for o in session.scalars(select(Organisation))}
    ranked = sorted(vhxh.entries, key=lambda e: e.rank)
    assert [codes[e.member_id] for e in ranked][:2] == ["sogddt", "soyte"]
    assert ranked[0].endorsed_for == "CO_THI_DUA_TINH"
    assert {e.endorsed_for for e in ranked[1:3]} == {"BK_TINH_TT"}
    # Sở TT&TT left the bloc on 28/02/2025: not a member of its 2025 year
    assert "sotttt" not in {codes[e.member_id] for e in vhxh.entries}
