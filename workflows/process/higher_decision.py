"""The decision of a ministry or of the Prime Minister as the board officer records it at the
step "Chờ quyết định cấp trên": for each nominee still in the running whether it was granted
(and why not), and the decision's document, uploaded beforehand as an attachment of the kind
DOCUMENT_KIND (workflows.proposals.attachments.add_decision_document).

Checked field by field before anything is written; the grants go into the history through
workflows.process.decisions, with the bonus only where the province pays it
(workflows.awards.upward)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Action, Attachment, Proposal
from workflows import plain_text
from workflows.awards import upward
from workflows.errors import N_, Text, ValidationFailed

#: the attachment kind of a higher decision's document (not a dossier checklist item)
DOCUMENT_KIND = "quyet_dinh_cap_tren"
REASON_MAX = 2000


@dataclass(frozen=True)
class Received:
    """What the recorded decision says, ready for the history and the audit trail."""

    #: the nominees granted the award
    granted: frozenset[int]
    #: per nominee: id, name, granted, reason (for the audit event and the proposal's page)
    results: list[dict]
    document_id: int
    #: who pays the bonus, from the routing table's decider and the decision's date
    province_pays: bool
    decided_by_vi: str


def check(
    session: Session, proposal: Proposal, decider: str, action: str, payload: dict, day: date | None
) -> Received:
    """The results and the document of `payload`; ValidationFailed names every problem."""
    errors: dict[str, Text] = {}
    document_id = _document(session, proposal, payload.get("document_id"), errors)
    active = [n for n in proposal.nominees if n.status == "active"]
    results = _results(active, action, payload.get("results"), errors)
    granted = frozenset(r["nominee_id"] for r in results if r["granted"])
    if not errors:
        if action == Action.APPROVE and not granted:
            errors["results"] = N_(
                "quyết định không khen ai: hãy chọn “Không được khen” thay vì ghi nhận quyết định"
            )
        elif action == Action.REJECT and granted:
            errors["results"] = N_("đã chọn “Không được khen” nhưng có người được khen")
    recipient = None
    if day is not None and not errors:
        try:
            recipient = upward.recipient(decider, day)
        except upward.NoRecipient:
            errors["decision_date"] = N_(
                "không có dữ liệu cơ quan nhận tờ trình (%(decider)s) vào ngày %(day)s",
                decider=decider,
                day=f"{day:%d/%m/%Y}",
            )
    if errors:
        raise ValidationFailed("invalid_higher_decision", errors)
    return Received(
        granted=granted,
        results=results,
        document_id=document_id or 0,
        province_pays=recipient.province_pays if recipient else False,
        decided_by_vi=recipient.decided_by_vi if recipient else "",
    )


def _document(session: Session, proposal: Proposal, raw: object, errors: dict) -> int | None:
    if raw is None or raw == "":
        errors["document_id"] = N_("hãy đính kèm văn bản quyết định của cấp trên trước")
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        errors["document_id"] = N_("phải là số nguyên")
        return None
    row = session.scalar(
        select(Attachment).where(
            Attachment.id == raw,
            Attachment.proposal_id == proposal.id,
            Attachment.kind == DOCUMENT_KIND,
        )
    )
    if row is None:
        errors["document_id"] = N_(
            "không phải văn bản quyết định đính kèm của hồ sơ này (số %(id)s)", id=raw
        )
        return None
    return row.id


def _results(active: list, action: str, raw: object, errors: dict) -> list[dict]:
    """Per active nominee: granted or not, with the reason; absent: all as the action says."""
    by_id = {n.id: n for n in active}
    if raw is None:
        return [
            {"nominee_id": n.id, "name": n.name, "granted": action == Action.APPROVE, "reason": ""}
            for n in active
        ]
    if not isinstance(raw, list):
        errors["results"] = N_("phải là danh sách kết quả theo từng người/tập thể")
        return []
    seen: dict[int, dict] = {}
    for i, item in enumerate(raw):
        prefix = f"results[{i}]"
        if not isinstance(item, dict):
            errors[prefix] = N_("phải là một đối tượng")
            continue
        nominee_id = item.get("nominee_id")
        if isinstance(nominee_id, bool) or not isinstance(nominee_id, int):
            errors[f"{prefix}.nominee_id"] = N_("phải là số nguyên")
            continue
        if nominee_id not in by_id:
            errors[f"{prefix}.nominee_id"] = N_(
                "không phải người/tập thể đang được đề nghị trong hồ sơ này (số %(id)s)",
                id=nominee_id,
            )
            continue
        if nominee_id in seen:
            errors[f"{prefix}.nominee_id"] = N_("trùng với một dòng trước")
            continue
        granted = item.get("granted")
        if not isinstance(granted, bool):
            errors[f"{prefix}.granted"] = N_("phải là true hoặc false")
            continue
        reason = item.get("reason") or ""
        if not isinstance(reason, str):
            errors[f"{prefix}.reason"] = N_("phải là chuỗi ký tự")
            continue
        reason = reason.strip()
        wrong = plain_text.problem(reason, multiline=True)
        if wrong is not None:
            errors[f"{prefix}.reason"] = wrong
            continue
        if not granted and not reason:
            errors[f"{prefix}.reason"] = N_("hãy ghi lý do không được khen")
            continue
        if len(reason) > REASON_MAX:
            errors[f"{prefix}.reason"] = N_("dài quá %(max)s ký tự", max=REASON_MAX)
            continue
        seen[nominee_id] = {
            "nominee_id": nominee_id,
            "name": by_id[nominee_id].name,
            "granted": granted,
            "reason": reason,
        }
    missing = [n.name for n in active if n.id not in seen]
    if missing and not errors:
        errors["results"] = N_("thiếu kết quả của: %(names)s", names=", ".join(missing))
    return [seen[n.id] for n in active if n.id in seen]
