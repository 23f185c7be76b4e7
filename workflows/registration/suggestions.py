"""Each person's suggested registration for a year, read from their history and the eligibility
facts (workflows.eligibility.facts), each with its reason in words.

In order of precedence, for registration year Y (history up to Y-1):
1. one year short of Chiến sĩ thi đua cấp tỉnh: Chiến sĩ thi đua cơ sở in each of the last
   (streak − 1) years → register CSTĐCS (and CSTĐ tỉnh next), naming the years and the
   initiative still unused at provincial scope, or saying one is needed;
2. Chiến sĩ thi đua cơ sở reachable this year: an initiative still unused → CSTĐCS;
3. one year from the provincial Bằng khen: "hoàn thành xuất sắc nhiệm vụ" in each of the last
   (years − 1) years → LĐTT, with the Bằng khen named as next year's aim;
4. otherwise Lao động tiên tiến; a used initiative is said not to count.
The thresholds are dated data (data/registration_suggestions.json).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Initiative, Person
from workflows.eligibility.facts import facts_of
from workflows.errors import N_, Text
from workflows.reference import DATA_DIR

RULES_FILE = DATA_DIR / "registration_suggestions.json"


@dataclass(frozen=True)
class Suggestion:
    person_id: int
    full_name: str
    award_code: str
    #: why, in words (Vietnamese source, rendered in the reader's language)
    reason: Text
    #: the title this registration leads to next, if any (CSTD_TINH, BK_TINH_CN)
    aims_next: str | None = None


@cache
def _rules() -> list[dict]:
    return list(json.loads(RULES_FILE.read_text(encoding="utf-8"))["rules"])


def rule_for(year: int) -> dict:
    """The thresholds in force for registrations of `year`."""
    for rule in _rules():
        if rule["valid_from"] <= year and (rule["valid_to"] is None or year <= rule["valid_to"]):
            return rule
    raise LookupError(f"no registration suggestion rule for {year}")


def for_unit(session: Session, org_id: int, year: int) -> list[Suggestion]:
    """A suggestion for every person of the unit, by name."""
    people = list(
        session.execute(
            select(Person.id, Person.full_name).where(Person.org_id == org_id).order_by(Person.id)
        )
    )
    return for_people(session, [(p.id, p.full_name) for p in people], year)


def for_people(session: Session, people: list[tuple[int, str]], year: int) -> list[Suggestion]:
    rule = rule_for(year)
    ids = [pid for pid, _ in people]
    nominees = [SimpleNamespace(kind="person", person_id=pid, subject_org_id=None) for pid in ids]
    known = facts_of(session, nominees, year - 1)  # type: ignore[arg-type]
    unused: dict[int, list[Initiative]] = {pid: [] for pid in ids}
    used: dict[int, list[Initiative]] = {pid: [] for pid in ids}
    for initiative in session.scalars(
        select(Initiative)
        .where(Initiative.person_id.in_(ids), Initiative.year <= year - 1)
        .order_by(Initiative.year, Initiative.id)
    ):
        if initiative.person_id is None:
            continue
        target = used if initiative.used_award_record_id is not None else unused
        target[initiative.person_id].append(initiative)
    return [
        _suggest(pid, name, facts, unused[pid], used[pid], year, rule)
        for (pid, name), facts in zip(people, known, strict=True)
    ]


def _titles(items: list[Initiative]) -> str:
    return "; ".join(f"“{i.title[:80]}” ({i.year})" for i in items)


def _suggest(
    pid: int,
    name: str,
    facts: dict,
    unused: list[Initiative],
    used: list[Initiative],
    year: int,
    rule: dict,
) -> Suggestion:
    streak = facts["cstdcs_streak"]
    need = rule["cstd_tinh_streak"]
    wide = [i for i in unused if i.scope in ("tinh", "toan_quoc")]
    if streak == need - 1:
        years = ", ".join(str(y) for y in range(year - streak, year))
        reason = (
            N_(
                "Đã %(n)s năm liên tục Chiến sĩ thi đua cơ sở (%(years)s): đạt Chiến sĩ thi đua "
                "cơ sở năm %(year)s là đủ %(need)s năm để đề nghị Chiến sĩ thi đua cấp tỉnh; có "
                "sáng kiến cấp tỉnh chưa sử dụng: %(initiatives)s",
                n=streak,
                years=years,
                year=year,
                need=need,
                initiatives=_titles(wide),
            )
            if wide
            else N_(
                "Đã %(n)s năm liên tục Chiến sĩ thi đua cơ sở (%(years)s): đạt Chiến sĩ thi đua "
                "cơ sở năm %(year)s là đủ %(need)s năm để đề nghị Chiến sĩ thi đua cấp tỉnh; cần "
                "thêm một sáng kiến được công nhận phạm vi cấp tỉnh",
                n=streak,
                years=years,
                year=year,
                need=need,
            )
        )
        return Suggestion(pid, name, "CSTDCS", reason, "CSTD_TINH")
    if unused:
        return Suggestion(
            pid,
            name,
            "CSTDCS",
            N_(
                "Có sáng kiến chưa dùng để khen thưởng: %(initiatives)s; đạt Lao động tiên tiến "
                "năm %(year)s là đủ điều kiện Chiến sĩ thi đua cơ sở",
                initiatives=_titles(unused),
                year=year,
            ),
        )
    excellent = facts["xuat_sac_streak"]
    years_needed = rule["bk_tinh_excellent_years"]
    if excellent == years_needed - 1:
        return Suggestion(
            pid,
            name,
            "LDTT",
            N_(
                "Hoàn thành xuất sắc nhiệm vụ năm %(last)s: hoàn thành xuất sắc nhiệm vụ năm "
                "%(year)s là đủ %(need)s năm liên tục để đề nghị Bằng khen của Chủ tịch UBND tỉnh",
                last=year - 1,
                year=year,
                need=years_needed,
            ),
            "BK_TINH_CN",
        )
    if used:
        return Suggestion(
            pid,
            name,
            "LDTT",
            N_(
                "Sáng kiến %(initiatives)s đã được dùng để khen thưởng, không tính lại; chưa có "
                "sáng kiến mới nên đăng ký Lao động tiên tiến",
                initiatives=_titles(used),
            ),
        )
    return Suggestion(
        pid,
        name,
        "LDTT",
        N_("Chưa có sáng kiến được công nhận: đăng ký Lao động tiên tiến"),
    )
