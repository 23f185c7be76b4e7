"""A bloc's year on the case runtime (workflows.cases): two kinds of case.

- `bloc_year` (bpmn/bloc_scoring.bpmn), about the pledge, belonging to the bloc: each member
  signs (one step per member), the head opens scoring, opens the ballot once every score is
  accepted, each member votes, the head closes the ballot (ranking, endorsements) and records
  next year's head and deputy.
- `bloc_score` (bpmn/bloc_score.bpmn), about one member's entry, belonging to the member: it
  self-scores, the head (or a peer, where the bloc's rules say so) cross-checks; a return ends
  the case and a fresh one opens with the reason (a loop in the diagram would grow the task
  tree every round: /work/shared/ENGINE-NOTES.md pitfall 1).

The year's case opens when the head makes the pledge, not when scoring opens: the members'
signatures are steps of the year with their own deadlines and reminders, and they come first.

What a step does to the bloc's rows is the bloc's own service (pledges, scoring, ballot,
election), run by `completed` with what the person sent (workflows.blocs.steps.STEPS), so that
the bloc's pages and API, the case's page and `POST /api/v1/cases/tasks/<id>/complete` all
change state through the diagram, one way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BlocEntry, CaseInstance, CaseTask, InstanceStatus, RoleCode, User
from workflows.blocs import access, endorsement, pledges
from workflows.blocs.pledges import day_in_year
from workflows.blocs.steps import STEPS, by_bpmn
from workflows.cases import kinds
from workflows.cases.runtime import CaseProcess
from workflows.deadlines.calendar import today
from workflows.errors import N_, Forbidden
from workflows.process.forms import Field
from workflows.process.registry import ProcessRegistry
from workflows.reference import RoleInfo

YEAR, SCORE = "bloc_year", "bloc_score"
RETURNED = "end_score_returned"
#: session.info keys: what the person sent (kept out of the engine's data), what a step left
#: for `after`, and what the ballot's closing fed to the proposals
_SENT, _ENDORSED, FED = "tdkt_bloc_sent", "tdkt_bloc_endorsed", "tdkt_bloc_fed"


def pledge_id_of(session: Session, case: CaseInstance) -> int:
    if case.kind == YEAR:
        return case.subject_id
    return session.get_one(BlocEntry, case.subject_id).pledge_id


class _BlocKind(kinds.CaseKind):
    def org_for(self, session: Session, case: CaseInstance, role: RoleInfo) -> int:
        # The head's steps land at the bloc; a member's at the member (the case's own, for a
        # score; the step's data item `member` for the year's per-member steps).
        if role.code == RoleCode.GROUPING_HEAD:
            return pledges.get(session, pledge_id_of(session, case)).grouping_id
        return case.org_id

    def fields(self, task: CaseTask) -> tuple[Field, ...]:
        step = by_bpmn(task.bpmn_id)
        return step.fields

    def page(
        self, session: Session, case: CaseInstance, task: CaseTask, user: User
    ) -> dict[str, Any]:
        # The step page links the pledge's page, where the scores, ballot and election are.
        return {"pledge_id": pledge_id_of(session, case)}

    def check(
        self, session: Session, case: CaseInstance, task: CaseTask, payload: Mapping
    ) -> tuple[str, dict[str, Any]]:
        action, data = super().check(session, case, task, payload)
        # The scores and ballots stay in the bloc's rows; the engine keeps the decision only.
        session.info[_SENT] = dict(payload)
        return action, data

    def completed(
        self,
        session: Session,
        case: CaseInstance,
        task: CaseTask,
        user: User,
        action: str,
        data: Mapping[str, Any],
    ) -> None:
        sent = session.info.pop(_SENT, {})
        pledge = pledges.lock(session, pledge_id_of(session, case))
        step = by_bpmn(task.bpmn_id)
        entry = None
        if step.per_member:
            # A score's case is about its entry; the year's per-member steps about the member
            # whose organisation the step landed at.
            if case.kind == SCORE:
                entry = next(e for e in pledge.entries if e.id == case.subject_id)
            else:
                entry = next(e for e in pledge.entries if e.member_id == task.org_id)
            own = access.own_entry(user, pledge, day_in_year(pledge.year, today()))
            if step.own and (own is None or own.id != entry.id):
                raise Forbidden(
                    "bloc_not_own_step",
                    N_("Bước này dành cho đơn vị %(member)s", member=entry.member.short_name),
                )
        result = step.run(session, user, pledge, entry, action, sent, today())
        if step.name == "close_ballot":
            session.info[_ENDORSED] = result

    def after(
        self,
        session: Session,
        registry: ProcessRegistry,
        case: CaseInstance,
        task: CaseTask,
        user: User,
        end_event: str | None,
    ) -> None:
        pledge = pledges.get(session, pledge_id_of(session, case))
        if task.bpmn_id == STEPS["open_scoring"].bpmn_id:
            for entry in pledge.entries:
                start_score(session, registry, user, pledge.year, entry)
        elif task.bpmn_id == STEPS["close_ballot"].bpmn_id:
            endorsed = session.info.pop(_ENDORSED, [])
            session.info[FED] = endorsement.feed(session, registry, user, pledge, endorsed)
        elif end_event == RETURNED:
            entry = session.get_one(BlocEntry, case.subject_id)
            start_score(session, registry, user, pledge.year, entry, entry.return_reason)


class BlocYearKind(_BlocKind):
    code = YEAR
    process_id = "tdkt_bloc_scoring"
    label = "Năm thi đua của Khối/Cụm"
    subject_table = "bloc_pledge"

    def start_data(self, session: Session, case: CaseInstance) -> dict[str, Any]:
        pledge = pledges.get(session, case.subject_id)
        return {
            **super().start_data(session, case),
            "members": [e.member_id for e in pledge.entries],
        }


class BlocScoreKind(_BlocKind):
    code = SCORE
    process_id = "tdkt_bloc_score"
    label = "Chấm điểm thi đua Khối/Cụm"
    subject_table = "bloc_entry"

    def may_act_beyond_role(self, session: Session, user: User, task: CaseTask) -> bool:
        # A peer cross-checks where the bloc's rules (kept on the pledge) say so.
        if task.bpmn_id != STEPS["check"].bpmn_id:
            return False
        entry = session.get_one(BlocEntry, task.case.subject_id)
        pledge = pledges.get(session, entry.pledge_id)
        if not pledge.rules.get("peer_check"):
            return False
        own = access.own_entry(user, pledge, day_in_year(pledge.year, today()))
        return own is not None and own.id != entry.id


def start_score(
    session: Session,
    registry: ProcessRegistry,
    user: User | None,
    year: int,
    entry: BlocEntry,
    reason: str | None = None,
) -> None:
    """A score round of one member; after a return, with the reason on its step."""
    title = f"Chấm điểm thi đua năm {year} – {entry.member.short_name}"
    if reason:
        title = f"Chấm lại điểm thi đua năm {year} – {entry.member.short_name} (trả lại: {reason})"
    _, outcome = CaseProcess.start(
        session, registry, SCORE, entry.id, entry.member_id, user, title=title
    )
    if reason:
        for task in outcome.created:
            task.instructions = f"Trả lại: {reason}\n{task.instructions}"


def running(session: Session, kind: str, subject_id: int) -> CaseInstance | None:
    return session.scalar(
        select(CaseInstance).where(
            CaseInstance.kind == kind,
            CaseInstance.subject_id == subject_id,
            CaseInstance.status == InstanceStatus.RUNNING,
        )
    )


YEAR_KIND = BlocYearKind()
SCORE_KIND = BlocScoreKind()
