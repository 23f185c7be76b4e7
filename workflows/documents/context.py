"""What each document says, gathered from the proposal, its audit trail and the bonus rules.

Each builder returns the context its .docx template is filled with, or None when the
step the document records has not happened (no submission signed, no council vote, no
decision).
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    AuditAction,
    AuditEvent,
    OrgKind,
    Proposal,
    ProposalStatus,
    RoleCode,
    Stage,
)
from workflows.directory.org_history import name_on
from workflows.directory.orgs import province_body
from workflows.documents import citations, decision_money, issuers, lowered, vn

#: the step (BPMN element) whose completion each document records
#: every decision cites the Law first (workflows/data/legal_acts.json gives its title)
LAW = "Luật TĐKT 06/2022/QH15"
SOURCE_STEP = {"to_trinh": "director_submit", "bien_ban": "council_vote"}
TARGET_WORD = {"person": "cá nhân", "collective": "tập thể"}


def decision_event(session: Session, proposal_id: int) -> AuditEvent | None:
    """The audit event of the proposal's decision (the deciding step's approval)."""
    return session.scalar(
        select(AuditEvent)
        .where(AuditEvent.proposal_id == proposal_id, AuditEvent.action == AuditAction.DECIDED)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def step_event(session: Session, proposal_id: int, element_ids: tuple[str, ...]):
    """The latest approval of one of those steps, with its form data."""
    event = session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.proposal_id == proposal_id,
            AuditEvent.element_id.in_(element_ids),
            AuditEvent.action.in_((AuditAction.APPROVED, AuditAction.DECIDED)),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if event is None:
        return None, {}
    return event, json.loads(event.data_json) if event.data_json else {}


def _unit_name(session: Session, proposal: Proposal, day: date) -> str:
    return name_on(session, proposal.org, day)[0]


def _nominee_rows(
    session: Session,
    proposal: Proposal,
    day: date,
    amounts: list[str] | None = None,
    nominees: list | None = None,
) -> list[dict]:
    unit = _unit_name(session, proposal, day)
    return [
        {
            "stt": i + 1,
            "name": n.name,
            "job_title": n.job_title,
            "unit": n.unit_name or unit,
            "award": vn.award_title(proposal.award.name_vi),
            "amount": amounts[i] if amounts else "",
        }
        for i, n in enumerate(proposal.nominees if nominees is None else nominees)
    ]


def lowered_rows(session: Session, proposal: Proposal, day: date) -> tuple[list[dict], list[str]]:
    """A submission's list, each lowered nominee with both awards (the one first proposed in
    brackets), and one sentence per lowered nominee with the reviewer's reason."""
    rows = _nominee_rows(session, proposal, day)
    found = lowered.of_proposal(session, proposal)
    notes = []
    for row, nominee in zip(rows, proposal.nominees, strict=True):
        if nominee.id in found:
            row["award"] = found[nominee.id].award_cell()
            notes.append(found[nominee.id].sentence(nominee.name))
    return rows, notes


def _count(proposal: Proposal, n: int | None = None) -> str:
    n = len(proposal.nominees) if n is None else n
    return f"{n} {TARGET_WORD.get(proposal.award.target, '')}".strip()


def _header(issuer: issuers.Issuer, number: str, day: date) -> dict:
    return {
        "org_parent": issuer.parent,
        "org_name": issuer.name,
        "number": number,
        "place_date": vn.date_line(issuer.place, day),
    }


def submission(session: Session, proposal: Proposal) -> dict | None:
    event, data = step_event(session, proposal.id, (SOURCE_STEP["to_trinh"],))
    if (
        event is None
        and proposal.split_from_id is not None
        and proposal.award.level != "department"
    ):
        # Split off by a lowering after the Director signed: the nominees were submitted in
        # the proposal they came from, and its submission goes on with them (a Director's own
        # award is never submitted to the Chairman).
        event, data = step_event(session, proposal.split_from_id, (SOURCE_STEP["to_trinh"],))
    if event is None or not data.get("submission_no"):
        return None
    day = date.fromisoformat(data["submission_date"])
    issuer = issuers.department_issuer(session, proposal.department, day)
    committee = province_body(session, proposal.department, OrgKind.COMMITTEE)
    board = province_body(session, proposal.department, OrgKind.BOARD)
    award = proposal.award
    name = vn.award_title(award.name_vi)
    council, _ = council_ballot(session, proposal.id)
    body = citations.bases([award.legal_basis or ""], day)
    if council is not None:
        body.append(
            "Căn cứ kết quả bình xét của Hội đồng Thi đua – Khen thưởng "
            f"{issuer.full_name} ngày {vn.local_date(council.at):%d/%m/%Y};"
        )
    body.append(
        f"{issuer.full_name} kính trình Chủ tịch {committee.name} xem xét, tặng "
        f"“{name}” năm {proposal.year} cho {_count(proposal)} có tên "
        "trong danh sách dưới đây:"
    )
    rows, notes = lowered_rows(session, proposal, day)
    return {
        **_header(issuer, vn.with_symbol(data["submission_no"], "TTr", issuer.full_name), day),
        "subtitle": f"Về việc đề nghị tặng “{name}” năm {proposal.year}",
        "addressee": f"Chủ tịch {committee.name}",
        "body": body,
        "nominees": rows,
        "closing": [
            *notes,
            f"Thành tích: {proposal.summary}",
            f"{issuer.full_name} kính trình Chủ tịch {committee.name} xem xét, quyết định./.",
        ],
        "recipients": ["Như trên;", f"{vn.org_title(board.name)} (thẩm định);", "Lưu: VT, VP."],
        "signer_authority": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": event.actor.full_name if event.actor else "",
    }


def minutes(session: Session, proposal: Proposal) -> dict | None:
    # The department council's secret ballot, as its box closed (workflows.council.ballots): counts
    # only.
    event, data = council_ballot(session, proposal.id)
    if event is None:
        return None
    day = vn.local_date(event.at)
    issuer = issuers.department_issuer(session, proposal.department, day)
    total, present = data["members_total"], data["present"]
    names = {n.id: n.name for n in proposal.nominees}
    award_name = vn.award_title(proposal.award.name_vi)
    # Only those the council passed are proposed; the others are listed apart, with their tally.
    passed = {n["nominee_id"] for n in data["nominees"] if n["passed"]}
    approved = [n for n in proposal.nominees if n.id in passed]
    closing = _voted_down(data, names, total)
    return {
        **_header(issuer, "      /BB-HĐTĐKT", day),
        "subtitle": (
            f"Họp Hội đồng Thi đua – Khen thưởng xét đề nghị tặng “{award_name}” "
            f"năm {proposal.year}"
        ),
        "body": [
            f"Hôm nay, ngày {day:%d/%m/%Y}, tại {issuer.full_name}, Hội đồng Thi đua – Khen "
            f"thưởng {issuer.full_name} họp xét hồ sơ đề nghị của "
            f"{_unit_name(session, proposal, day)}: "
            f"“{proposal.title}”.",
            f"Số thành viên Hội đồng: {total}; có mặt: {present}; vắng mặt: {total - present}.",
            "Hội đồng đã nghe báo cáo tóm tắt thành tích, thảo luận và bỏ phiếu kín.",
            f"Quy định áp dụng: {citations.printable(data['rule'])}.",
        ],
        "tally": [
            {"label": "Tổng số thành viên Hội đồng", "value": str(total)},
            {"label": "Số thành viên có mặt (bỏ phiếu)", "value": str(present)},
            {"label": "Túc số", "value": "Đủ" if data["quorum_met"] else "Không đủ"},
            *(
                {
                    "label": names.get(n["nominee_id"], str(n["nominee_id"])),
                    "value": (
                        f"Đồng ý {n['yes']} ({vn.percent(n['yes'], total)} tổng số thành "
                        f"viên), không đồng ý {n['no']}: "
                        + ("thông qua" if n["passed"] else "không thông qua")
                    ),
                }
                for n in data["nominees"]
            ),
        ],
        "list_intro": (
            f"Hội đồng thống nhất đề nghị tặng “{award_name}” năm {proposal.year} cho "
            f"{_count(proposal, len(approved))} có tên dưới đây:"
        ),
        "nominees": _nominee_rows(session, proposal, day, nominees=approved),
        "closing": [*closing, "Biên bản được thông qua tại cuộc họp và các thành viên nhất trí./."],
        # The council's secretary is the secretariat (Văn phòng Sở), not the last voter.
        "left_title": "THƯ KÝ HỘI ĐỒNG",
        "left_name": issuers.holder_name(
            session, RoleCode.DEPT_SECRETARIAT, issuer.org_id or proposal.department_id, day
        ),
        "signer_authority": "",
        "signer_title": "CHỦ TỊCH HỘI ĐỒNG",
        "signer_name": issuers.director_name(session, issuer.org_id or proposal.department_id, day),
    }


def council_ballot(session: Session, proposal_id: int):
    """The last closed ballot of the department council (its "ballot_closed" audit event)."""
    event = session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.proposal_id == proposal_id,
            AuditEvent.action == AuditAction.BALLOT_CLOSED,
            AuditEvent.stage == Stage.DEPARTMENT,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if event is None or not event.data_json:
        return None, {}
    return event, json.loads(event.data_json)


def _voted_down(data: dict, names: dict[int, str], total: int) -> list[str]:
    """The paragraphs under "not passed": each nominee the council did not pass, with the
    tally; without a quorum, nobody was voted on."""
    if not data["quorum_met"]:
        return ["Hội đồng không đủ túc số: chưa xét thông qua; Hội đồng sẽ họp lại."]
    down = [n for n in data["nominees"] if not n["passed"]]
    if not down:
        return []
    return [
        "Không được Hội đồng thông qua:",
        *(
            f"{names.get(n['nominee_id'], n['nominee_id'])}: đồng ý {n['yes']}/{total} "
            f"thành viên, không đồng ý {n['no']}."
            for n in down
        ),
    ]


def decision(session: Session, proposal: Proposal) -> dict | None:
    if not (
        proposal.status == ProposalStatus.APPROVED
        and proposal.decision_no
        and proposal.decision_date
    ):
        return None
    # Whoever took the decision at the province is the Chairman; in the department, the Director.
    event = decision_event(session, proposal.id)
    by_chairman = event is not None and event.stage == Stage.PROVINCE
    if by_chairman:
        issuer = issuers.committee_issuer(session, proposal.department)
        authority = f"CHỦ TỊCH {vn.upper(issuer.full_name)}"
        signer_title, decider = "CHỦ TỊCH", f"Chủ tịch {issuer.full_name}"
    else:
        issuer = issuers.department_issuer(session, proposal.department, proposal.decision_date)
        authority = f"GIÁM ĐỐC {issuer.name}"
        signer_title, decider = "GIÁM ĐỐC", f"Giám đốc {issuer.full_name}"
    award, day = proposal.award, proposal.decision_date
    name = vn.award_title(award.name_vi)
    # The amounts the decision recorded per nominee (workflows.process.decisions), not recomputed.
    found = decision_money.for_decision(session, proposal, day)
    amounts, rule = found.amounts, found.rule
    number = vn.with_symbol(proposal.decision_no, "QĐ", issuer.full_name)
    verb = "Tặng danh hiệu" if award.kind == "title" else "Tặng"
    # The Law always, then what the award and the money rest on: each act once, by its title.
    # The coefficient is the proposal's rule set's (workflows.awards.rule_sets.for_proposal,
    # as the check and the money): its decree is cited even when the day is past its repeal.
    bases = citations.bases(
        [LAW, award.legal_basis or "", *(rule.decrees if rule is not None else ())],
        day,
        kept=(rule.coefficient.decree,) if rule is not None else (),
    )
    bases.append(_proposed_by(session, proposal, by_chairman, day))
    each = TARGET_WORD.get(award.target, "")
    total = found.total
    money_article = decision_money.article(found, each)
    return {
        **_header(issuer, number, day),
        "subtitle": f"Về việc {verb.lower()} “{name}” năm {proposal.year}",
        "authority": authority,
        "bases": bases,
        "articles": [
            {
                "head": "Điều 1.",
                "text": f"{verb} “{name}” năm {proposal.year} cho "
                f"{_count(proposal, len(found.nominees))} có tên trong danh sách kèm theo "
                "Quyết định này.",
            },
            {"head": "Điều 2.", "text": money_article},
            {
                "head": "Điều 3.",
                "text": "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn "
                f"vị có liên quan và các {each} có tên tại Điều 1 chịu trách nhiệm thi hành "
                "Quyết định này./.",
            },
        ],
        "recipients": _decision_recipients(session, proposal, by_chairman, day),
        "signer_authority": "",
        "signer_title": signer_title,
        "signer_name": proposal.decision_signer or "",
        "annex_title": (
            f"DANH SÁCH {vn.upper(each)} ĐƯỢC {vn.upper(verb)} "
            f"“{vn.upper(name)}” NĂM {proposal.year}"
        ),
        "annex_subtitle": f"(Kèm theo Quyết định số {number} ngày {day:%d/%m/%Y} của {decider})",
        "nominees": _nominee_rows(
            session,
            proposal,
            day,
            [vn.money(a) for a in amounts] if amounts else None,
            found.nominees,
        ),
        "total": vn.money(total) if total is not None else "",
        "amount_note": found.note,
    }


def _proposed_by(session: Session, proposal: Proposal, by_chairman: bool, day: date) -> str:
    """ "Theo đề nghị của …": the department's council for the Director's award; for the
    Chairman's, the provincial board, which appraised the dossier (Sở Nội vụ's board)."""
    if by_chairman:
        board = province_body(session, proposal.department, OrgKind.BOARD)
        return f"Theo đề nghị của Trưởng {vn.org_title(board.name)}."
    department = issuers.department_issuer(session, proposal.department, day).full_name
    return f"Theo đề nghị của Hội đồng Thi đua – Khen thưởng {department}."


def _decision_recipients(
    session: Session, proposal: Proposal, by_chairman: bool, day: date
) -> list[str]:
    """A Chairman's decision goes to the department that proposed it and the board; the
    department passes it on to its unit. A Director's goes to the unit itself."""
    if by_chairman:
        board = province_body(session, proposal.department, OrgKind.BOARD)
        return [
            "Như Điều 3;",
            f"{issuers.department_issuer(session, proposal.department, day).full_name};",
            f"{vn.org_title(board.name)};",
            "Lưu: VT, TĐKT.",
        ]
    return ["Như Điều 3;", f"{_unit_name(session, proposal, day)};", "Lưu: VT, VP."]
