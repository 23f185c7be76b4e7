"""The province's rules as dated versions (workflows.rulebook): a new version changes what
applies from its first day and not before, closes the one it replaces, and bad values are
refused with the field named. Runs on SQLite, and on PostgreSQL with TDKT_TEST_DATABASE_URL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import ProvinceRule, RuleKind, User
from workflows.council.rules import rule_for, rules_on
from workflows.errors import ValidationFailed
from workflows.rulebook import store

TODAY = date(2026, 1, 5)
FROM = date(2026, 2, 1)
SOURCE = "Quyết định số 12/2026/QĐ-UBND của UBND tỉnh Điện Biên, Điều 5"
QUORUM_80 = {"quorum": "80%", "approval": {"share": "1/2", "of": "cast", "strict": True}}


@pytest.fixture
def db(session):
    yield session
    session.rollback()


def _officer(db) -> User:
    return db.scalar(select(User).where(User.username == "chuyenvien.btdkt"))


def _add(db, kind=RuleKind.COUNCIL, key="department", value=None, valid_from=FROM, **kw):
    return store.add_version(
        db,
        _officer(db).id,
        kind,
        key,
        QUORUM_80 if value is None else value,
        valid_from,
        kw.get("source", SOURCE),
        kw.get("today", TODAY),
    )


def test_a_new_quorum_applies_from_its_first_day_and_not_before(db):
    _add(db)
    before = rule_for("department", "LDTT", date(2026, 1, 31), rules_on(db, date(2026, 1, 31)))
    after = rule_for("department", "LDTT", FROM, rules_on(db, FROM))
    assert (before.quorum_num, before.quorum_den) == (2, 3)
    assert "Quy chế hoạt động" in before.source
    assert (after.quorum_num, after.quorum_den) == (4, 5)
    assert after.source == SOURCE and after.confirmed
    # 10 members: 8 ballots meet 80 %, 7 do not (7 met the old 2/3).
    assert after.quorum_met(8, 10) and not after.quorum_met(7, 10)
    assert before.quorum_met(7, 10)
    # The province's version of the general rule leaves an award's own shipped rule alone.
    cstd = rule_for("province", "CSTD_TINH", FROM, rules_on(db, FROM))
    assert cstd.award == "CSTD_TINH"


def test_a_newer_version_closes_the_previous_one_and_says_so(db):
    first = _add(db)
    second = _add(
        db,
        value={"quorum": {"num": 1, "den": 1}, "approval": {"num": 1, "den": 2}},
        valid_from=date(2026, 3, 1),
    )
    db.refresh(first)
    assert first.valid_to == date(2026, 2, 28)
    assert second.replaced_id == first.id and second.replaced_valid_to is None
    assert second.created_by.username == "chuyenvien.btdkt" and second.created_at
    assert (
        rule_for(
            "department", "LDTT", date(2026, 2, 28), rules_on(db, date(2026, 2, 28))
        ).quorum_den
        == 5
    )
    assert (
        rule_for("department", "LDTT", date(2026, 3, 1), rules_on(db, date(2026, 3, 1))).quorum_den
        == 1
    )
    # History is never rewritten: a version starting on or before the latest one is refused.
    with pytest.raises(ValidationFailed) as refused:
        _add(db, valid_from=date(2026, 2, 15))
    assert set(refused.value.fields) == {"valid_from"}
    assert len(db.scalars(select(ProvinceRule)).all()) == 2


@pytest.mark.parametrize(
    ("kind", "key", "value", "field"),
    [
        (RuleKind.COUNCIL, "department", {**QUORUM_80, "quorum": "0"}, "value.quorum"),
        (RuleKind.COUNCIL, "department", {**QUORUM_80, "quorum": "3/2"}, "value.quorum"),
        (RuleKind.COUNCIL, "department", {**QUORUM_80, "quorum": "hai phần ba"}, "value.quorum"),
        (
            RuleKind.COUNCIL,
            "department",
            {**QUORUM_80, "approval": {"share": 1.1}},
            "value.approval",
        ),
        (
            RuleKind.COUNCIL,
            "department",
            {**QUORUM_80, "approval": {"share": "1/2", "of": "all"}},
            "value.approval.of",
        ),
        (RuleKind.COUNCIL, "commune", QUORUM_80, "key"),
        (RuleKind.COUNCIL, "province:KHONG_CO", QUORUM_80, "key"),
        (RuleKind.YEAR_DEADLINE, "normal", {"day": 31, "month": 2}, "value.day"),
        (RuleKind.YEAR_DEADLINE, "normal", {"day": 29, "month": 2}, "value.day"),
        (RuleKind.YEAR_DEADLINE, "normal", {"day": 10, "month": 13}, "value.month"),
        (
            RuleKind.STEP_DEADLINE,
            "council_vote",
            {
                "duration": 5,
                "unit": "working",
                "remind_before": 5,
                "escalate_to": {"role": "director", "scope": "department"},
            },
            "value.remind_before",
        ),
        (
            RuleKind.STEP_DEADLINE,
            "khong_co_buoc",
            {
                "duration": 5,
                "unit": "working",
                "remind_before": 1,
                "escalate_to": {"role": "director", "scope": "department"},
            },
            "key",
        ),
        (
            RuleKind.DOSSIER,
            "normal:LDTT",
            {
                "required": ["bien_ban_binh_xet", "giay_moi"],
                "items": {"giay_moi": {"label_vi": "Giấy xác nhận mới"}},
            },
            "value.items.giay_moi.label_en",
        ),
        (RuleKind.DOSSIER, "normal:LDTT", {"required": ["khong_co"]}, "value.required"),
        ("quy_dinh_la", "x", {}, "kind"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(db, kind, key, value, field):
    with pytest.raises(ValidationFailed) as refused:
        _add(db, kind=kind, key=key, value=value)
    assert field in refused.value.fields, refused.value.fields
    assert db.scalars(select(ProvinceRule)).all() == []


def test_no_rule_from_the_past_and_none_without_its_source(db):
    with pytest.raises(ValidationFailed) as refused:
        _add(db, valid_from=date(2026, 1, 4), source="  ")
    assert set(refused.value.fields) == {"valid_from", "source"}


def test_who_may_edit_is_the_board_at_the_provinces_board_and_administrators(db):
    def user(name):
        return db.scalar(select(User).where(User.username == name))

    assert store.may_edit(user("chuyenvien.btdkt"), TODAY)
    assert store.may_edit(user("theodoi.btdkt"), TODAY)
    assert not store.may_edit(user("vanthu.cntt"), TODAY)
    assert not store.may_read(user("giamdoc.tttt"), TODAY)
