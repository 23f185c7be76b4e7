"""Nominees a reviewer lowered to another award (workflows.process.lowering), as a submission
prints them: the award now proposed beside the one first proposed, and the reviewer's reason.

A decision never uses this: it names the award granted only, since the reason is the
reviewers' appraisal, not the decider's; the proposal's history keeps both.

Read from the audit trail, where each lowering recorded both awards and the reason: on the
proposal it happened to (its `lowered` event), and so for the proposal split from it too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditAction, AuditEvent, Award, Nominee, Proposal
from workflows.documents import vn


@dataclass(frozen=True)
class Lowering:
    """One nominee's two awards: the one first proposed and the one now proposed."""

    first: str  #: the award as first proposed, as a document names it
    now: str
    reason: str

    def award_cell(self) -> str:
        return f"{self.now} (thay cho {self.first} theo đề nghị ban đầu)"

    def sentence(self, name: str) -> str:
        return (
            f"Đối với {name}: qua xét duyệt, đề nghị tặng “{self.now}” thay cho “{self.first}” "
            f"theo đề nghị ban đầu. Lý do: {self.reason.rstrip('.')}."
        )


def _events(session: Session, proposal_id: int) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.proposal_id == proposal_id, AuditEvent.action == AuditAction.LOWERED)
            .order_by(AuditEvent.id)
        )
    )


def _title(session: Session, code: str) -> str:
    award = session.get(Award, code)
    return vn.award_title(award.name_vi) if award is not None else code


def of_proposal(session: Session, proposal: Proposal) -> dict[int, Lowering]:
    """nominee id → how that nominee of `proposal` was lowered; nominees never lowered are
    absent. Covers a proposal split off for its lowered nominees, a proposal all of whose
    nominees were lowered (its award changed), and, in the proposal they were lowered from,
    the nominees who went on in the split one."""
    found: dict[int, Lowering] = {}
    if proposal.split_from_id is not None:
        parent = session.get(Proposal, proposal.split_from_id)
        inherited = of_proposal(session, parent) if parent is not None else {}
        for old in parent.nominees if parent is not None else ():
            if old.lowered_to_id is not None and old.id in inherited:
                found[old.lowered_to_id] = inherited[old.id]
    for event in _events(session, proposal.id):
        data = json.loads(event.data_json or "{}")
        first, now = _title(session, data["from_award"]), _title(session, data["to_award"])
        if "new_proposal" in data:
            # A split: the lowered nominees stay here marked, and go on in the new proposal.
            moved = set(
                session.scalars(
                    select(Nominee.id).where(Nominee.proposal_id == data["new_proposal"])
                )
            )
            chosen = [n for n in proposal.nominees if n.lowered_to_id in moved]
        else:
            # All were lowered: the proposal itself changed award.
            chosen = [n for n in proposal.nominees if n.status == "active"]
        for nominee in chosen:
            # lowered twice: the award first proposed stays first
            earlier = found.get(nominee.id)
            found[nominee.id] = Lowering(
                earlier.first if earlier else first, now, event.comment or ""
            )
    return found
