"""The merger world (tests/support/merger.py) with its decisions' money written as the deciding
step writes it (workflows.process.decisions.record_decision), and one provincial Bằng khen, so
that the bonuses paid per year can be worked out by hand."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Nominee, Proposal, User
from tests.support.merger import AFTER, Merger
from workflows.process.decisions import record_decision

#: the provincial award added to Sở B, decided by the Chairman on AFTER (20/12/2025)
PROVINCIAL = "BK_TINH_CN"


def record_merger_decisions(session: Session, merger: Merger) -> dict[str, int]:
    """Award records with their bonus for every decided proposal of the merger world; returns
    its proposals' ids, the provincial one under "province_after"."""
    author = session.scalar(select(User.id).where(User.username == "vanthu.cntt"))
    provincial = Proposal(
        org_id=merger.b1.id,
        department_id=merger.b.id,
        award_code=PROVINCIAL,
        year=2025,
        title="Bằng khen tỉnh của Sở B",
        summary="Dữ liệu dựng cho kiểm thử",
        status="approved",
        round=1,
        created_by_id=author,
        decision_no="900/QĐ-UBND",
        decision_date=AFTER,
        decision_signer="Chủ Tịch Thử",
    )
    provincial.nominees = [Nominee(position=0, kind="person", name="Đặng Thị Ánh")]
    session.add(provincial)
    session.flush()
    ids = {**merger.proposals, "province_after": provincial.id}
    for pid in ids.values():
        record_decision(session, session.get(Proposal, pid))
    session.flush()
    return ids
