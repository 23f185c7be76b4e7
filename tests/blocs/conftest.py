"""A bloc's year ready to be walked: every member of the bloc with a Director account, the
head's and the members' API clients, a pledge made and helpers for each step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from models import GroupMembership, Organisation
from workflows.directory.users import assign, get_or_create_user
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

HEADS = {"khoi-vhxh": "truongkhoi.vhxh", "cum-2": "truongcum.2"}
YEAR = 2025
#: a scoring table of the kind blocs publish: criteria, a bonus and a penalty line
TABLE = [
    {
        "kind": "criterion",
        "name": "Thực hiện nhiệm vụ chính trị được giao",
        "max_points": 50,
        "evidence": "Báo cáo tổng kết năm",
    },
    {"kind": "criterion", "name": "Tổ chức phong trào thi đua", "max_points": 30, "evidence": ""},
    {
        "kind": "bonus",
        "name": "Sáng kiến được công nhận cấp tỉnh",
        "max_points": 5,
        "evidence": "Quyết định công nhận sáng kiến",
    },
    {"kind": "penalty", "name": "Chậm gửi báo cáo", "max_points": 5, "evidence": ""},
]


def directors(app, grouping: str) -> dict[str, str]:
    """member code → the username of its Director (added as gd.<code> where none exists)."""
    factory = app.extensions["tdkt_sessions"]
    out = {}
    with factory() as s:
        gid = s.scalar(select(Organisation.id).where(Organisation.code == grouping))
        codes = s.scalars(
            select(Organisation.code)
            .join(GroupMembership, GroupMembership.member_id == Organisation.id)
            .where(GroupMembership.grouping_id == gid, GroupMembership.valid_to.is_(None))
            .order_by(Organisation.code)
        ).all()
        for code in codes:
            user = get_or_create_user(s, f"gd.{code}", f"Giám đốc {code}", DEFAULT_DEMO_PASSWORD)
            assign(s, user, "director", code)
            out[code] = user.username
        s.commit()
    return out


@dataclass
class Year:
    api: Callable
    grouping: str
    members: dict[str, str]
    pledge_id: int = 0

    @property
    def head(self):
        return self.api(HEADS[self.grouping])

    def member(self, code: str):
        return self.api(self.members[code])

    def path(self, tail: str = "") -> str:
        return f"/blocs/pledges/{self.pledge_id}{tail}"

    def detail(self) -> dict:
        return self.head.ok("GET", self.path())

    def criteria(self) -> list[dict]:
        return self.detail()["criteria"]

    def act(self, who, action: str, status: int = 200, **extra) -> dict:
        return who.ok("POST", self.path("/actions"), status, json={"action": action, **extra})

    def sign_all(self) -> None:
        for code in self.members:
            self.act(self.member(code), "sign")

    def scores(self, points: list[int]) -> list[dict]:
        out = []
        for c, p in zip(self.criteria(), points, strict=True):
            out.append({"criterion_id": c["id"], "points": p, "evidence": "Văn bản số 12/BC"})
        return out

    def self_score(self, code: str, points: list[int], status: int = 200) -> dict:
        return self.member(code).ok(
            "PUT", self.path("/scores"), status, json={"scores": self.scores(points)}
        )

    def accept_all(self) -> None:
        for code in self.members:
            self.head.ok("POST", self.path("/checks"), json={"member": code, "action": "accept"})

    def vote(self, code: str, choice: str = "yes", status: int = 200) -> dict:
        choices = {m: choice for m in self.members}
        return self.member(code).ok("POST", self.path("/votes"), status, json={"choices": choices})


@pytest.fixture
def bloc_year(app, api) -> Callable[..., Year]:
    """bloc_year("khoi-vhxh") → its 2025 pledge made by the head with TABLE, members listed."""

    def _make(grouping: str = "khoi-vhxh", signed: bool = False, scoring: bool = False) -> Year:
        year = Year(api, grouping, directors(app, grouping))
        made = year.head.ok(
            "POST",
            "/blocs/pledges",
            201,
            json={
                "grouping": grouping,
                "year": YEAR,
                "title": "Giao ước thi đua 2025",
                "criteria": TABLE,
            },
        )
        year.pledge_id = made["id"]
        if signed or scoring:
            year.sign_all()
        if scoring:
            year.act(year.head, "open_scoring")
        return year

    return _make
