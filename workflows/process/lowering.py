"""A lower award instead of a refusal (TĐKT practice: "hạ mức hình thức khen thưởng").

A reviewer at a step proposes, for one or more nominees, a different award within the
reviewer's reach (the provincial Bằng khen becomes the Director's Giấy khen), with a reason.
The nominees are checked again against the new award (workflows.eligibility), and go on along
the new award's route (bpmn/award_route.dmn):

- when others stay on the old award, the proposal splits: a new proposal holds the lowered
  nominees (`split_from_id`, and each old nominee row points at its new one), and its own first
  round starts at the stage the new route needs; the old proposal goes on for the others;
- when every active nominee is lowered, the proposal itself changes award: its round is
  withdrawn and the next one starts on the new route.

Everything happens under the proposal's instance lock, in the caller's transaction, with an
audit event on each proposal naming both awards.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditAction, Award, Nominee, Proposal, ProposalStatus, Stage, User
from workflows import search_text
from workflows.council import ballots
from workflows.deadlines.calendar import today
from workflows.directory.access import check_can_act
from workflows.eligibility import checks
from workflows.errors import N_, Conflict, ValidationFailed
from workflows.plain_text import problem
from workflows.process import audit, handover_notices
from workflows.process.registry import ProcessRegistry
from workflows.process.review import locked_task
from workflows.process.runtime import RunningProcess

REASON_MAX = 2000
#: the bpmn_id an eligibility check made for a lowering is recorded under
CHECK_STEP = "lowering"

#: how high each deciding level reaches (awards.json `level`)
_LEVEL_RANK = {"department": 1, "province": 2, "ministry": 3, "state": 4}
#: the highest level a reviewer at each stage may lower to: the Director's department awards
#: at the department, the province's (and the Director's) from the bloc and the province
_STAGE_REACH: dict[str, int] = {Stage.DEPARTMENT: 1, Stage.ENDORSEMENT: 2, Stage.PROVINCE: 2}
_STAGE_ORDER = (Stage.UNIT, Stage.DEPARTMENT, Stage.ENDORSEMENT, Stage.PROVINCE)


@dataclass(frozen=True)
class Lowered:
    """What a lowering did: the proposal acted on, the one the nominees go on in (itself when
    all of them were lowered), and the eligibility of each lowered nominee for the new award."""

    proposal: Proposal
    continued_in: Proposal
    split: bool
    results: list[dict]


def reach(session: Session, task_stage: str | None, proposal: Proposal, kind: str) -> list[Award]:
    """The awards a reviewer at `task_stage` may propose instead of the proposal's award for a
    nominee of `kind` (person / collective): no higher than the proposal's award nor than the
    stage reaches, for the same kind of nominee, fileable and in the catalogue today."""
    top = min(_STAGE_REACH.get(task_stage or "", 0), _LEVEL_RANK.get(proposal.award.level, 0))
    day = today()
    rows = session.scalars(
        select(Award).where(Award.target == kind, Award.code != proposal.award_code)
    )
    return [
        award
        for award in rows
        if award.fileable
        and _LEVEL_RANK.get(award.level, 99) <= top
        and (award.valid_from is None or award.valid_from <= day)
        and (award.valid_to is None or day <= award.valid_to)
    ]


def lower(
    session: Session, registry: ProcessRegistry, user: User, task_id: int, payload: object
) -> Lowered:
    """Lower the nominees `payload["nominee_ids"]` of the task's proposal to
    `payload["award_code"]` for `payload["reason"]`; see the module's docstring."""
    wanted = _clean(payload)
    locked = locked_task(session, user, task_id)
    task, proposal, process = locked.task, locked.proposal, locked.process
    check_can_act(session, user, task, proposal, locked.nominated)
    if task.form == ballots.FORM or task.stage not in _STAGE_REACH:
        raise Conflict(
            "lowering_not_here",
            N_("Bước '%(name)s' không đề nghị hình thức khen thưởng khác được", name=task.name),
        )
    active = {n.id: n for n in proposal.nominees if n.status == "active"}
    chosen = []
    for nominee_id in wanted.nominee_ids:
        if nominee_id not in active:
            raise ValidationFailed(
                "nominee_not_in_proposal",
                {
                    "nominee_ids": N_(
                        "người được đề nghị số %(id)s không thuộc hồ sơ này hoặc không còn "
                        "được xét",
                        id=nominee_id,
                    )
                },
            )
        chosen.append(active[nominee_id])
    kinds = {n.kind for n in chosen}
    award = session.get(Award, wanted.award_code)
    allowed = {a.code for kind in kinds for a in reach(session, task.stage, proposal, kind)}
    if award is None or award.code not in allowed or len(kinds) != 1:
        raise ValidationFailed(
            "award_out_of_reach",
            {
                "award_code": N_(
                    "hình thức %(code)s không thấp hơn %(current)s hoặc ngoài thẩm quyền của bước "
                    "này (được chọn: %(allowed)s)",
                    code=wanted.award_code,
                    current=proposal.award_code,
                    allowed=", ".join(sorted(allowed)) or "—",
                )
            },
        )
    resume = _start_stage(registry.route_for(session, award.code), task.stage)
    from_status, round_, old_award = proposal.status, proposal.round, proposal.award_code
    split = len(chosen) < len(active)
    if split:
        target = _split(session, proposal, chosen, award, resume)
    else:
        process.withdraw(proposal)
        target = proposal
        target.award = award
        target.round += 1
    results = _recheck(session, registry, target, user, wanted)
    data: dict = {
        "from_award": old_award,
        "to_award": award.code,
        "nominees": ", ".join(n.name for n in chosen),
        "eligibility": results,
    }
    if split:
        data["new_proposal"] = target.id
    target.resume_stage = resume
    _, started = RunningProcess.start(session, registry, target, reconvene=True)
    target.status, target.stage = ProposalStatus.IN_REVIEW, started.stage
    audit.record(
        session,
        proposal,
        user,
        AuditAction.LOWERED,
        from_status=from_status,
        comment=wanted.reason,
        element_id=task.bpmn_id,
        task_name=task.name,
        stage=task.stage,
        data=data,
        round_=round_,
    )
    if split:
        audit.record(
            session,
            target,
            user,
            AuditAction.SPLIT_FROM,
            comment=wanted.reason,
            stage=task.stage,
            data={**data, "split_from": proposal.id},
        )
    handover_notices.steps_arrived(session, target, started.created, user.id, set())
    session.flush()
    return Lowered(proposal, target, split, results)


@dataclass(frozen=True)
class _Wanted:
    nominee_ids: list[int]
    award_code: str
    reason: str
    justification: str


def _clean(payload: object) -> _Wanted:
    """Every field checked before anything is read, each problem named with its field."""
    if not isinstance(payload, dict):
        raise ValidationFailed("invalid_body", {"body": N_("phải là một đối tượng JSON")})
    wrong: dict = {}
    ids = payload.get("nominee_ids")
    if (
        not isinstance(ids, list)
        or not 1 <= len(ids) <= 200
        or not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**63 for i in ids)
    ):
        wrong["nominee_ids"] = N_("bắt buộc: danh sách mã người được đề nghị (số nguyên dương)")
        ids = []
    code = payload.get("award_code")
    if not isinstance(code, str) or not code.strip() or len(code) > 40:
        wrong["award_code"] = N_("bắt buộc: mã hình thức khen thưởng đề nghị thay thế")
        code = ""
    texts = {}
    for field, required in (("reason", True), ("justification", False)):
        value = payload.get(field, "")
        if value is None and not required:
            value = ""
        if not isinstance(value, str):
            wrong[field] = N_("phải là văn bản")
            continue
        value = value.strip()
        bad = problem(value, multiline=True)
        if required and not value:
            wrong[field] = N_("bắt buộc nhập lý do đề nghị hình thức khác")
        elif len(value) > REASON_MAX:
            wrong[field] = N_("tối đa %(max)s ký tự", max=REASON_MAX)
        elif bad is not None:
            wrong[field] = bad
        texts[field] = value
    if wrong:
        raise ValidationFailed("invalid_lowering", wrong)
    return _Wanted(sorted(set(ids)), code.strip(), texts["reason"], texts["justification"])


def _start_stage(route: dict, at: str | None) -> Stage:
    """Where the new route takes the nominees on: the reviewer's own stage when the new route
    passes it, else the last stage of the new route before it (the Director's awards end at
    the department; a province award skips the bloc unless its route has one)."""
    on_route = [Stage.DEPARTMENT]
    if route.get("endorsement") in ("bloc", "cluster"):
        on_route.append(Stage.ENDORSEMENT)
    if route.get("decider") != "director":
        on_route.append(Stage.PROVINCE)
    limit = _STAGE_ORDER.index(Stage(at)) if at in _STAGE_ORDER else 0
    return max((s for s in on_route if _STAGE_ORDER.index(s) <= limit), key=_STAGE_ORDER.index)


def _split(
    session: Session, old: Proposal, chosen: list[Nominee], award: Award, resume: Stage
) -> Proposal:
    """The new proposal for the lowered nominees, linked both ways."""
    new = Proposal(
        org_id=old.org_id,
        department_id=old.department_id,
        award_code=award.code,
        year=old.year,
        title=old.title,
        summary=old.summary,
        status=ProposalStatus.IN_REVIEW,
        round=1,
        resume_stage=resume,
        created_by_id=old.created_by_id,
        submitted_at=old.submitted_at,
        process_version_id=old.process_version_id,
        movement_id=old.movement_id,
        procedure=old.procedure,
        simplified_case=old.simplified_case,
        split_from_id=old.id,
        search_text=search_text.proposal_text(old.title, [n.name for n in chosen]),
    )
    new.award = award
    session.add(new)
    for position, nominee in enumerate(chosen):
        copy = Nominee(
            position=position,
            kind=nominee.kind,
            name=nominee.name,
            job_title=nominee.job_title,
            unit_name=nominee.unit_name,
            gender=nominee.gender,
            achievements=nominee.achievements,
            user_id=nominee.user_id,
            is_leader=nominee.is_leader,
            person_id=nominee.person_id,
            subject_org_id=nominee.subject_org_id,
        )
        new.nominees.append(copy)
    session.flush()
    for nominee, copy in zip(chosen, new.nominees, strict=True):
        nominee.status, nominee.lowered_to_id = "lowered", copy.id
    session.flush()
    return new


def _recheck(
    session: Session,
    registry: ProcessRegistry,
    target: Proposal,
    user: User,
    wanted: _Wanted,
) -> list[dict]:
    """The lowered nominees against the new award's criteria, recorded; a failing one goes on
    only with a written justification, as when a step forwards a failing nominee."""
    results = checks.check(session, target, today(), registry.eligibility)
    failing = checks.failures_text(results)
    if failing and not wanted.justification:
        raise ValidationFailed(
            "lowered_not_eligible",
            {
                "justification": N_(
                    "bắt buộc khi người được đề nghị không đạt tiêu chí của hình thức mới: "
                    "%(failing)s",
                    failing=failing,
                )
            },
            message=N_("Người được đề nghị không đạt tiêu chí của hình thức khen thưởng mới"),
        )
    checks.record(
        session,
        target,
        results,
        bpmn_id=CHECK_STEP,
        user=user,
        justification=wanted.justification or None,
    )
    return [{"name": r.name, "passed": r.passed} for r in results]
