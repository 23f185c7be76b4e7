"""Certificates (giấy khen, bằng khen, giấy/bằng chứng nhận danh hiệu) of a decided proposal:
one page per granted nominee whose award is still in force, as the decision named them.

What each award's certificate says at the top, which word it prints large and who signs is
dated data (data/certificate_layouts.json), never code: a province that changes its blank or
stops issuing a title's certificate edits a row. The names are those of the decision date
(the unit and its department as then named; the issuer as `issuers.department_issuer` finds
it, so a Giấy khen decided by Sở TT&TT in 2024 still reads Sở TT&TT after the 2025 merger).
Drawn by documents.certificate_pdf.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from models import AwardRecord, Nominee, Organisation, Proposal, ProposalStatus, RoleCode, User
from workflows.directory import org_history
from workflows.directory.access import is_board
from workflows.directory.names_asof import Names, issuer_on, with_lineage
from workflows.documents import issuers, vn
from workflows.errors import N_, Conflict, Forbidden, NotFound
from workflows.history import standing
from workflows.process import decisions
from workflows.reference import DATA_DIR

LAYOUT_FILE = DATA_DIR / "certificate_layouts.json"
HONORIFIC = {"male": "Ông", "female": "Bà"}
#: who may print a department's certificates besides the province's board and its officers
DEPARTMENT_PRINTERS = (RoleCode.DIRECTOR, RoleCode.DEPT_SECRETARIAT)
PROVINCE_PRINTERS = (RoleCode.BOARD_OFFICER,)


@dataclass(frozen=True)
class Layout:
    award: str
    valid_from: date
    valid_to: date | None
    heading: str
    #: "director" (the deciding department's Giám đốc) or "chairman" (Chủ tịch UBND tỉnh)
    authority: str
    emblem: str
    lead: str
    title_line: str
    reason: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Certificate:
    """What one certificate prints, top to bottom."""

    nominee_id: int
    emblem: str
    authority: str
    lead: str
    heading: str
    title_line: str
    honorific: str
    name: str
    unit_line: str
    reason: str
    decision_line: str
    place_date: str
    signer_title: str
    signer_name: str


def layouts(path: Path | None = None) -> tuple[Layout, ...]:
    return _load(path or LAYOUT_FILE)


@cache
def _load(path: Path) -> tuple[Layout, ...]:
    rows = json.loads(path.read_text(encoding="utf-8"))["layouts"]
    out = tuple(
        Layout(
            award=row["award"],
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
            heading=row["heading"],
            authority=row["authority"],
            emblem=row.get("emblem", ""),
            lead=row["lead"],
            title_line=row.get("title_line", ""),
            reason=row["reason"],
        )
        for row in rows
    )
    for layout in out:
        if layout.authority not in ("director", "chairman"):
            raise ValueError(f"{path.name}: {layout.award}: unknown authority {layout.authority}")
    return out


def layout_for(award_code: str, award_name: str, day: date) -> Layout:
    for layout in layouts():
        if layout.award == award_code and layout.covers(day):
            return layout
    raise NotFound(
        "certificate_no_layout",
        N_(
            "Không có mẫu giấy khen, bằng khen cho %(award)s áp dụng ngày %(day)s (hình thức "
            "này do cơ quan cấp trên in)",
            award=award_name,
            day=f"{day:%d/%m/%Y}",
        ),
    )


# --- who may print ------------------------------------------------------------------------


def may_print(session: Session, user: User, proposal: Proposal) -> bool:
    """The province's board and its officers print every certificate the province issues;
    a department's Director and council secretariat print the ones their department (or one
    it took over) decided."""
    if is_board(user) or any(user.has_role(r) for r in PROVINCE_PRINTERS):
        return True
    if proposal.award.level != "department":
        return False
    held = {a.org_id for a in user.held_assignments() if a.role_code in DEPARTMENT_PRINTERS}
    return bool(held) and proposal.department_id in with_lineage(session, held)


def check_can_print(session: Session, user: User, proposal: Proposal) -> None:
    if not may_print(session, user, proposal):
        raise Forbidden(
            "certificate_print_not_allowed",
            N_(
                "Chỉ Ban Thi đua – Khen thưởng tỉnh, Giám đốc và thường trực Hội đồng của Sở "
                "đã quyết định khen thưởng được in giấy khen, bằng khen"
            ),
        )


# --- what they print ----------------------------------------------------------------------


def _decided(proposal: Proposal) -> date:
    if not (
        proposal.status == ProposalStatus.APPROVED
        and proposal.decision_no
        and proposal.decision_date
    ):
        raise NotFound(
            "certificate_no_decision",
            N_("Hồ sơ số %(id)s chưa có quyết định khen thưởng: chưa in được", id=proposal.id),
        )
    return proposal.decision_date


def printable(session: Session, proposal: Proposal) -> dict[int, AwardRecord]:
    """The granted nominees' award records still in force, by nominee id (empty before the
    decision)."""
    if proposal.status != ProposalStatus.APPROVED:
        return {}
    return {
        nominee_id: record
        for nominee_id, record in decisions.granted(session, proposal.id).items()
        if standing.in_force(record)
    }


def for_proposal(session: Session, proposal: Proposal) -> list[Certificate]:
    """Every certificate of the decision, in the order of the proposal's nominees."""
    day = _decided(proposal)
    records = printable(session, proposal)
    nominees = [n for n in proposal.nominees if n.id in records]
    if not nominees:
        raise NotFound(
            "certificate_none_granted",
            N_("Quyết định của hồ sơ số %(id)s không còn ai được khen thưởng", id=proposal.id),
        )
    return _build(session, proposal, day, [(n, records[n.id]) for n in nominees])


def for_nominee(session: Session, proposal: Proposal, nominee_id: int) -> Certificate:
    day = _decided(proposal)
    nominee = next((n for n in proposal.nominees if n.id == nominee_id), None)
    if nominee is None:
        raise NotFound(
            "nominee_not_found",
            N_("Hồ sơ số %(id)s không có người được đề nghị số %(nominee)s", id=proposal.id,
               nominee=nominee_id),
        )  # fmt: skip
    record = decisions.granted(session, proposal.id).get(nominee.id)
    if record is None:
        raise NotFound(
            "certificate_not_granted",
            N_("%(name)s không được khen thưởng theo quyết định này", name=nominee.name),
        )
    if not standing.in_force(record):
        raise Conflict(
            "certificate_award_revoked",
            N_("Khen thưởng của %(name)s đã bị hủy bỏ: không in giấy khen", name=nominee.name),
        )
    return _build(session, proposal, day, [(nominee, record)])[0]


def _build(
    session: Session, proposal: Proposal, day: date, granted: list[tuple[Nominee, AwardRecord]]
) -> list[Certificate]:
    award = proposal.award
    layout = layout_for(award.code, award.name_vi, day)
    if layout.authority == "chairman":
        issuer = issuers.committee_issuer(session, proposal.department)
        authority = f"CHỦ TỊCH ỦY BAN NHÂN DÂN {issuer.name}"
        signer_title = "CHỦ TỊCH"
    else:
        issuer = issuers.department_issuer(session, proposal.department, day)
        named = org_history.name_on(session, issuer_on(session, proposal.department, day), day)[0]
        authority = f"GIÁM ĐỐC {vn.upper(named)}"
        signer_title = "GIÁM ĐỐC"
    names = Names(session)
    unit = names.name(proposal.org, day)
    department = org_history.department_on(session, proposal.org, day)
    department_name = names.name(department, day) if department is not None else ""
    reason = layout.reason.format(year=proposal.year, movement=_movement(proposal))
    out = []
    for nominee, record in granted:
        number = vn.with_symbol(record.decision_no or proposal.decision_no or "", "QĐ",
                                issuer.full_name)  # fmt: skip
        decided = record.decision_date or day
        if nominee.kind == "collective":
            subject = names.name(_org(session, nominee.subject_org_id), decided) or nominee.name
            unit_line = department_name if subject != department_name else ""
            honorific = ""
        else:
            subject = nominee.name
            parts = [nominee.job_title, unit, department_name]
            unit_line = ", ".join(p for p in parts if p)
            honorific = HONORIFIC.get(nominee.gender or "", "")
        out.append(
            Certificate(
                nominee_id=nominee.id,
                emblem=layout.emblem,
                authority=authority,
                lead=layout.lead,
                heading=layout.heading,
                title_line=layout.title_line,
                honorific=honorific,
                name=subject,
                unit_line=unit_line,
                reason=reason,
                decision_line=f"Quyết định số {number} ngày {decided:%d/%m/%Y}",
                place_date=vn.date_line(issuer.place, decided),
                signer_title=signer_title,
                signer_name=record.decided_by or proposal.decision_signer or "",
            )
        )
    return out


def _org(session: Session, org_id: int | None) -> Organisation | None:
    return session.get(Organisation, org_id) if org_id is not None else None


def _movement(proposal: Proposal) -> str:
    """The movement as the certificate names it, with its year once."""
    year = str(proposal.year)
    if proposal.movement is None:
        return f"phong trào thi đua năm {year}"
    title = proposal.movement.title
    title = title[0].lower() + title[1:] if title.startswith("Phong trào") else title
    return title if year in title else f"{title} năm {year}"


def file_name(proposal: Proposal, nominee_id: int | None = None) -> str:
    if nominee_id is None:
        return f"giay-khen-ho-so-{proposal.id}.pdf"
    return f"giay-khen-ho-so-{proposal.id}-{nominee_id}.pdf"
