"""The council's secret ballot: one ballot task per member (a parallel multi-instance user task
in bpmn/proposal.bpmn), counted in a ballot box per (proposal, round, stage).

Secrecy: a member's choices never enter the workflow data, the audit trail or any row; they
only add to the per-nominee counts (ballot_tally) in the transaction that completes the member's
task. Who answered is kept (ballot_voter: present or "không tham dự", and when), never what.
When the last member has answered, the box closes: quorum and approval threshold are applied
from workflows/data/council_rules.json (dated data), nominees who did not pass are marked
voted_down, and the diagram's gateway reads the outcome through `ballot_result(stage, …)`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    BallotBox,
    BallotTally,
    BallotVoter,
    HumanTask,
    Nominee,
    Proposal,
    Role,
    User,
    utcnow,
)

from .access import conflict_of_interest, holders
from .errors import Conflict, ValidationFailed
from .orgs import task_org
from .procedure import today
from .reference import DATA_DIR

RULES_FILE = DATA_DIR / "council_rules.json"
FORM = "ballot"
VOTE, ABSENT = "vote", "absent"
YES, NO = "yes", "no"
#: the council role of each stage that votes; its holders at the council's organisation vote
COUNCIL_ROLE = {"department": "dept_council", "province": "province_council"}
#: the start-data list each multi-instance ballot task iterates over
MEMBERS_KEY = {"department": "dept_council_members", "province": "province_council_members"}
#: what ballot_result answers, read by the gateways after the ballot tasks
NO_QUORUM, NONE_PASSED, PASSED = "no_quorum", "none_passed", "passed"


# --- the rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilRule:
    level: str
    award: str | None
    quorum_num: int
    quorum_den: int
    approval_num: int
    approval_den: int
    #: "members": share of all members called; "cast": share of the ballots cast
    approval_of: str
    #: True: more than the share; False: at least the share
    strict: bool
    valid_from: date | None
    valid_to: date | None
    source: str
    confirmed: bool

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def quorum_met(self, present: int, total: int) -> bool:
        # Integers only: 2/3 of 9 members is 6 ballots, not 5.99…
        return total > 0 and present * self.quorum_den >= self.quorum_num * total

    def passes(self, yes: int, present: int, total: int) -> bool:
        base = total if self.approval_of == "members" else present
        if base <= 0:
            return False
        left, right = yes * self.approval_den, self.approval_num * base
        return left > right if self.strict else left >= right

    def describe(self) -> str:
        """The rule in Vietnamese, for the minutes and the proposal page."""
        of = "tổng số thành viên" if self.approval_of == "members" else "số phiếu bầu"
        more = "quá" if self.strict else "từ"
        text = (
            f"Túc số: ít nhất {self.quorum_num}/{self.quorum_den} số thành viên bỏ phiếu; "
            f"thông qua khi {more} {self.approval_num}/{self.approval_den} {of} đồng ý"
        )
        return text + ("" if self.confirmed else " (quy định chưa được xác nhận)")

    def as_dict(self) -> dict:
        out = asdict(self)
        out["valid_from"] = self.valid_from.isoformat() if self.valid_from else None
        out["valid_to"] = self.valid_to.isoformat() if self.valid_to else None
        return out


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_rules(data: dict) -> tuple[CouncilRule, ...]:
    rules = []
    for row in data["rules"]:
        quorum, approval = row["quorum"], row["approval"]
        if row["level"] not in COUNCIL_ROLE or approval["of"] not in ("members", "cast"):
            raise ValueError(f"council_rules: bad level or approval.of in {row}")
        if not (0 < quorum["num"] <= quorum["den"] and 0 < approval["num"] <= approval["den"]):
            raise ValueError(f"council_rules: shares must be between 0 and 1 in {row}")
        rules.append(
            CouncilRule(
                level=row["level"],
                award=row.get("award"),
                quorum_num=int(quorum["num"]),
                quorum_den=int(quorum["den"]),
                approval_num=int(approval["num"]),
                approval_den=int(approval["den"]),
                approval_of=approval["of"],
                strict=bool(approval.get("strict", False)),
                valid_from=_date(row.get("valid_from")),
                valid_to=_date(row.get("valid_to")),
                source=row.get("source", ""),
                confirmed=bool(row.get("confirmed", False)),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> tuple[CouncilRule, ...]:
    return parse_rules(json.loads(path.read_text(encoding="utf-8")))


def rule_for(
    level: str, award_code: str, on: date, rules: tuple[CouncilRule, ...] | None = None
) -> CouncilRule:
    """The rule in force on `on`: one written for the award first, else the council's own."""
    candidates = [r for r in (rules or load_rules()) if r.level == level and r.valid_on(on)]
    for rule in sorted(candidates, key=lambda r: r.award is None):
        if rule.award in (award_code, None):
            return rule
    raise Conflict(
        f"Chưa có quy định túc số, ngưỡng thông qua của Hội đồng ({level}) "
        f"áp dụng ngày {on.strftime('%d/%m/%Y')}"
    )


# --- members, in the start data of a round -------------------------------------------------------


def members(session: Session, proposal: Proposal, stage: str) -> list[int]:
    """User ids of the council's members who may vote on this proposal, when the round starts.

    A member who filed the proposal or is nominated in it gets no ballot (separation of duties).
    """
    role = session.get(Role, COUNCIL_ROLE[stage])
    if role is None:
        return []
    try:
        org = task_org(session, proposal, role, {})
    except Conflict:
        # A province without that council: the step is never reached for it.
        return []
    # One ballot per member in the order they joined (ids), as the boxes have always listed them.
    users = sorted(holders(session, role.code, org.id), key=lambda u: u.id)
    return [u.id for u in users if conflict_of_interest(session, u, proposal) is None]


def start_data(session: Session, proposal: Proposal) -> dict:
    return {MEMBERS_KEY[stage]: members(session, proposal, stage) for stage in MEMBERS_KEY}


# --- the box ------------------------------------------------------------------------------------


def open_boxes(session: Session, proposal: Proposal, round_: int, rows: list[HumanTask]) -> None:
    """Open the box of each stage whose ballot tasks were just created (one row per member)."""
    by_stage: dict[str, list[HumanTask]] = {}
    for row in rows:
        if row.form == FORM:
            by_stage.setdefault(row.stage, []).append(row)
    for stage, ballots in by_stage.items():
        if box_of(session, proposal.id, round_, stage) is not None:
            continue
        rule = rule_for(stage, proposal.award_code, today())
        box = BallotBox(
            proposal_id=proposal.id,
            round=round_,
            stage=stage,
            council_org_id=ballots[0].org_id,
            members_total=len(ballots),
            rules_json=json.dumps(rule.as_dict(), ensure_ascii=False),
            status="open",
            present=0,
            absent=0,
        )
        box.tallies = [
            BallotTally(nominee_id=n.id, yes=0, no=0) for n in active_nominees(session, proposal)
        ]
        session.add(box)
    session.flush()


def box_of(session: Session, proposal_id: int, round_: int, stage: str) -> BallotBox | None:
    return session.scalar(
        select(BallotBox).where(
            BallotBox.proposal_id == proposal_id,
            BallotBox.round == round_,
            BallotBox.stage == stage,
        )
    )


def active_nominees(session: Session, proposal: Proposal) -> list[Nominee]:
    return list(
        session.scalars(
            select(Nominee)
            .where(Nominee.proposal_id == proposal.id, Nominee.status == "active")
            .order_by(Nominee.position, Nominee.id)
        )
    )


def rule_of(box: BallotBox) -> CouncilRule:
    data = json.loads(box.rules_json)
    data["valid_from"], data["valid_to"] = _date(data["valid_from"]), _date(data["valid_to"])
    return CouncilRule(**data)


# --- casting ------------------------------------------------------------------------------------


def clean(payload: dict, nominee_ids: list[int]) -> tuple[str, dict[int, str]]:
    """(action, {nominee id: yes/no}) from a ballot, or ValidationFailed naming each field.

    The API sends {"action": "vote", "choices": {"<nominee id>": "yes"|"no"}}; the web form
    sends one radio group per nominee named "choice-<nominee id>".
    """
    action = payload.get("action")
    if action not in (VOTE, ABSENT):
        raise ValidationFailed({"action": f"phải là một trong: {VOTE}, {ABSENT}"})
    if action == ABSENT:
        return action, {}
    raw = payload.get("choices")
    if raw is None:
        raw = {k[len("choice-") :]: v for k, v in payload.items() if k.startswith("choice-")}
    if not isinstance(raw, dict):
        raise ValidationFailed({"choices": "phải là một bảng {mã người được đề nghị: yes/no}"})
    errors: dict[str, str] = {}
    choices: dict[int, str] = {}
    for key, value in raw.items():
        nominee = int(key) if str(key).isdigit() else None
        if nominee not in nominee_ids:
            errors[f"choices.{key}"] = "không có người/tập thể này trong phiếu bầu"
        elif value not in (YES, NO):
            errors[f"choices.{key}"] = "phải là yes (đồng ý) hoặc no (không đồng ý)"
        else:
            choices[nominee] = value
    for nominee in nominee_ids:
        if nominee not in choices and f"choices.{nominee}" not in errors:
            errors[f"choices.{nominee}"] = "bắt buộc chọn đồng ý hoặc không đồng ý"
    if errors:
        raise ValidationFailed(errors)
    return action, choices


def cast(
    session: Session, user: User, task: HumanTask, proposal: Proposal, round_: int, payload: dict
) -> str:
    """Count one member's ballot; close the box when it is the last. Returns the action."""
    box = box_of(session, proposal.id, round_, task.stage)
    if box is None or box.status != "open":
        raise Conflict("Hòm phiếu của bước này không mở")
    action, choices = clean(payload, [t.nominee_id for t in box.tallies])
    already = session.scalar(
        select(BallotVoter.id).where(BallotVoter.box_id == box.id, BallotVoter.user_id == user.id)
    )
    if already is not None:
        raise Conflict("Bạn đã bỏ phiếu cho hồ sơ này ở bước này")
    session.add(BallotVoter(box_id=box.id, user_id=user.id, present=action == VOTE))
    if action == VOTE:
        box.present += 1
        for tally in box.tallies:
            if choices[tally.nominee_id] == YES:
                tally.yes += 1
            else:
                tally.no += 1
    else:
        box.absent += 1
    if box.present + box.absent >= box.members_total:
        _close(session, box, proposal)
    session.flush()
    return action


def _close(session: Session, box: BallotBox, proposal: Proposal) -> None:
    rule = rule_of(box)
    box.status, box.closed_at = "closed", utcnow()
    box.quorum_met = rule.quorum_met(box.present, box.members_total)
    nominees = {n.id: n for n in active_nominees(session, proposal)}
    for tally in box.tallies:
        tally.passed = box.quorum_met and rule.passes(tally.yes, box.present, box.members_total)
        # Without a quorum nobody is voted down: the council meets again.
        if box.quorum_met and not tally.passed and tally.nominee_id in nominees:
            nominees[tally.nominee_id].status = "voted_down"


def summary(box: BallotBox, names: dict[int, str] | None = None) -> dict:
    """The tally as published: counts only."""
    return {
        "members_total": box.members_total,
        "present": box.present,
        "absent": box.absent,
        "quorum_met": box.quorum_met,
        "rule": rule_of(box).describe(),
        "nominees": [
            {
                "nominee_id": t.nominee_id,
                **({"name": names.get(t.nominee_id, "")} if names else {}),
                "yes": t.yes,
                "no": t.no,
                "passed": t.passed,
            }
            for t in box.tallies
        ],
    }


# --- after the ballot: what the gateway reads, and closing the round -----------------------------


class BallotResults:
    """`ballot_result(stage, proposal_id, round)` for the diagrams: read when the gateway is
    evaluated, in the transaction that counted the last ballot."""

    def __init__(self, session: Session):
        self.session = session

    def __call__(self, stage: str, proposal_id: int, round_: int) -> str:
        box = box_of(self.session, proposal_id, round_, stage)
        if box is None or box.status != "closed" or not box.quorum_met:
            # No member to call (box never opened) is no quorum as well.
            return NO_QUORUM
        return PASSED if any(t.passed for t in box.tallies) else NONE_PASSED


def no_ballots(stage: str, proposal_id: int, round_: int) -> str:
    raise RuntimeError("ballot_result: the engine was started without the ballot boxes")


def is_no_quorum(end_event: str | None) -> bool:
    return bool(end_event) and end_event.startswith("end_no_quorum_")


def tallies_for(session: Session, proposal: Proposal) -> list[dict]:
    """Every closed or open box of the proposal, as shown on its page (counts only)."""
    names = {n.id: n.name for n in proposal.nominees}
    boxes = session.scalars(
        select(BallotBox).where(BallotBox.proposal_id == proposal.id).order_by(BallotBox.id)
    )
    out = []
    for box in boxes:
        item = summary(box, names)
        if box.status == "open":
            # Partial counts would tell the last voters what the first ones chose.
            item["nominees"] = []
        item.update(stage=box.stage, round=box.round, status=box.status)
        out.append(item)
    return out


def voters_count(session: Session, box_id: int) -> int:
    return session.scalar(select(func.count()).where(BallotVoter.box_id == box_id)) or 0
