"""A department council of several members, and a proposal waiting for its ballots."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import delete, select

from models import Organisation, RoleAssignment, User
from tests.support.world import holders
from workflows.directory.users import assign, get_or_create_user
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

#: the demo members of Sở TT&TT's council (workflows/data/demo.json), hoidong.tttt first
DEMO_MEMBERS = tuple(holders("dept_council", "sotttt"))
#: members added when a test needs a council larger than the demo's
EXTRA = (
    "tv1.tttt",
    "tv2.tttt",
    "tv3.tttt",
    "tv4.tttt",
    "tv5.tttt",
    "tv6.tttt",
    "tv7.tttt",
    "tv8.tttt",
)


@pytest.fixture
def council(app) -> Callable[[int], list[str]]:
    """council(n) → the usernames of an n-member council of Sở TT&TT: the first n demo
    members (the others lose the council's role), then added ones."""

    def _council(n: int) -> list[str]:
        kept, added = DEMO_MEMBERS[:n], EXTRA[: max(0, n - len(DEMO_MEMBERS))]
        factory = app.extensions["tdkt_sessions"]
        with factory() as s:
            sotttt = s.scalar(select(Organisation.id).where(Organisation.code == "sotttt"))
            for name in DEMO_MEMBERS[n:]:
                user_id = s.scalar(select(User.id).where(User.username == name))
                s.execute(
                    delete(RoleAssignment).where(
                        RoleAssignment.user_id == user_id,
                        RoleAssignment.role_code == "dept_council",
                        RoleAssignment.org_id == sotttt,
                    )
                )
            for name in added:
                user = get_or_create_user(s, name, f"Thành viên {name}", DEFAULT_DEMO_PASSWORD)
                assign(s, user, "dept_council", "sotttt")
            s.commit()
        return [*kept, *added]

    return _council


@pytest.fixture
def at_council(api) -> Callable[..., int]:
    """A proposal filed, signed off and checked: its council's ballots are open."""

    def _file(nominees=("Nguyễn Văn An", "Trần Thị Bình"), award="LDTT") -> int:
        pid = api("vanthu.cntt").file(award, nominees=[{"name": n} for n in nominees])
        api("vanthu.cntt").ok("POST", f"/proposals/{pid}/submit", json={})
        api("truongphong.cntt").act(pid)
        api("thuongtruc.tttt").act(pid)
        return pid

    return _file
