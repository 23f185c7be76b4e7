"""Filing, editing and submitting proposals (the body is checked by workflows.proposals.body;
lists are workflows.proposals.queries)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, bindparam, inspect, select
from sqlalchemy.orm import Session, contains_eager, lazyload

from models import (
    Action,
    AuditAction,
    HumanTask,
    Nominee,
    Organisation,
    Proposal,
    ProposalStatus,
    RoleCode,
    Stage,
    TaskState,
    User,
)
from workflows import search_text
from workflows.awards import procedure
from workflows.deadlines.calendar import today
from workflows.directory import org_history
from workflows.directory.access import can_see, check_can_act
from workflows.directory.orgs import department_of
from workflows.errors import N_, Conflict, Forbidden, NotFound, Text, ValidationFailed
from workflows.history import persons
from workflows.movements import registry as movements
from workflows.process import audit, review
from workflows.process.registry import ProcessRegistry
from workflows.process.runtime import RunningProcess
from workflows.proposals import body

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
REFUSAL = N_("Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại")


def nominator_unit(user: User, org_code: str | None) -> Organisation:
    units = [a.org for a in user.held_assignments() if a.role_code == RoleCode.NOMINATOR]
    if not units:
        raise Forbidden(
            "not_a_nominator",
            N_("Chỉ cán bộ lập hồ sơ (nominator) của một đơn vị mới lập được hồ sơ"),
        )
    if org_code is not None and not isinstance(org_code, str):
        raise ValidationFailed("invalid_org", {"org": N_("phải là mã đơn vị (chuỗi ký tự)")})
    if org_code:
        for unit in units:
            if unit.code == org_code:
                return unit
        raise ValidationFailed(
            "org_not_yours",
            {"org": N_("bạn không lập hồ sơ cho đơn vị '%(code)s'", code=org_code[:64])},
        )
    if len(units) > 1:
        raise ValidationFailed(
            "org_ambiguous", {"org": N_("bạn lập hồ sơ cho nhiều đơn vị: hãy chọn một")}
        )
    return units[0]


def check_unit_exists(session: Session, unit: Organisation, day: date) -> None:
    """Refuse filing for a unit that does not exist on the filing date: the Law and Circular
    15/2025 give no award to a dissolved unit, and one not yet established cannot file."""
    if unit.exists_on(day):
        return
    if unit.valid_from is not None and day < unit.valid_from:
        raise Conflict(
            "unit_not_yet_established",
            N_(
                "%(unit)s chỉ tồn tại từ ngày %(start)s: chưa lập được hồ sơ cho đơn vị này",
                unit=unit.name,
                start=unit.valid_from.strftime("%d/%m/%Y"),
            ),
        )
    event = org_history.dissolution_of(session, unit)
    end = unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "?"
    if event is None:
        raise Conflict(
            "unit_ended",
            N_(
                "%(unit)s đã chấm dứt hoạt động sau ngày %(end)s: không lập hồ sơ khen thưởng "
                "cho đơn vị không còn tồn tại",
                unit=unit.name,
                end=end,
            ),
        )
    heirs = ", ".join(o.name for o in org_history.heirs_on(session, unit, day)) or "—"
    raise Conflict(
        "unit_dissolved",
        N_(
            "%(unit)s không còn tồn tại từ ngày %(day)s (%(event)s theo quyết định số %(no)s): "
            "không lập hồ sơ khen thưởng cho đơn vị đã giải thể, sáp nhập hoặc chia tách (Luật "
            "Thi đua, khen thưởng và Thông tư 15/2025/TT-BNV); đơn vị kế thừa: %(heirs)s",
            unit=unit.name,
            day=event.effective_on.strftime("%d/%m/%Y"),
            event=EVENT_NAMES.get(event.kind, event.kind),
            no=event.decision_no,
            heirs=heirs,
        ),
    )


#: what an event that ends an organisation is called in a refusal
EVENT_NAMES = {
    "merge": N_("sáp nhập"),
    "split": N_("chia tách"),
    "dissolve": N_("giải thể"),
}


def _set_nominees(
    session: Session, proposal: Proposal, nominees: list[dict], unit: Organisation
) -> None:
    """Replace the proposal's nominees; `unit`: the proposal's organisation.

    The nominees are linked to the registry before they are written, so each is inserted once
    with its person (no update after); a new proposal has no nominees to load or delete.
    """
    new = inspect(proposal).transient
    if not new:
        proposal.nominees.clear()
        session.flush()
    usernames = {item["username"] for item in nominees if item.get("username")}
    user_ids = (
        dict(
            session.execute(
                select(User.username, User.id).where(User.username.in_(usernames))
            ).all()
        )
        if usernames
        else {}
    )
    rows = []
    for position, item in enumerate(nominees):
        username = item.pop("username", None)
        user_id = None
        if username:
            user_id = user_ids.get(username)
            if user_id is None:
                raise ValidationFailed(
                    "unknown_nominee_account",
                    {f"nominees[{position}].username": N_("không có tài khoản này")},
                )
        rows.append(Nominee(position=position, user_id=user_id, **item))
    proposal.search_text = search_text.proposal_text(proposal.title, [n["name"] for n in nominees])
    # eligibility reads the registry's history
    persons.link(session, unit, rows, lambda: proposal.department or department_of(unit))
    proposal.nominees.extend(rows)


def create_proposal(
    session: Session, registry: ProcessRegistry, user: User, data: dict
) -> Proposal:
    code = data.get("org") if isinstance(data, dict) else None
    day = today()
    if isinstance(code, str):
        # The unit's nominators lost their role there with the event that ended it: say that
        # it ended, and by which decision, rather than that they are not its nominator.
        named = session.scalar(select(Organisation).where(Organisation.code == code))
        if named is not None and not named.exists_on(day):
            check_unit_exists(session, named, day)
    unit = nominator_unit(user, code)
    check_unit_exists(session, unit, day)
    values = body.clean_input(session, data)
    department = org_history.department_on(session, unit, day) or department_of(unit)
    proposal = Proposal(
        org_id=unit.id,
        department_id=department.id,
        award_code=values.award_code,
        year=values.year,
        title=values.title,
        summary=values.summary,
        status=ProposalStatus.DRAFT,
        round=1,
        created_by_id=user.id,
        # Written with the row rather than by an update after the round has started.
        stage=Stage.UNIT,
    )
    proposal.movement_id = movements.choose(session, unit, values.year, data)
    proposal.procedure, proposal.simplified_case = values.procedure, values.simplified_case
    # Before anything is written: a late filing leaves no trace.
    procedure.check_deadline(session, proposal.movement_id, values.procedure, values.year)
    _set_nominees(session, proposal, values.nominees, unit)
    session.add(proposal)
    session.flush()
    RunningProcess.start(session, registry, proposal)
    proposal.stage = Stage.UNIT
    audit.record(session, proposal, user, AuditAction.CREATED, stage=Stage.UNIT)
    session.flush()
    return proposal


def filing_task(session: Session, proposal: Proposal) -> HumanTask | None:
    """The nominator's ready step (file or revise) of a draft or returned proposal."""
    return session.scalar(
        select(HumanTask).where(
            HumanTask.proposal_id == proposal.id,
            HumanTask.state == TaskState.READY,
            HumanTask.form == "file",
        )
    )


def update_proposal(session: Session, user: User, proposal_id: int, data: dict) -> Proposal:
    task, proposal = editable(session, user, proposal_id)
    values = body.clean_input(session, data)
    changed = [
        key
        for key in ("award_code", "year", "title", "summary")
        if getattr(proposal, key) != getattr(values, key)
    ]
    if values.award_code != proposal.award_code:
        # The route was decided for the award filed; a different award is a different proposal.
        raise ValidationFailed(
            "award_fixed",
            {"award_code": N_("không đổi được loại khen thưởng của hồ sơ đã lập")},
        )
    movement_id = movements.choose(
        session, proposal.org, values.year, data, current=proposal.movement_id, editing=True
    )
    # Absent, the procedure stays as filed (like the movement).
    chosen = values.procedure if procedure.FIELD in data else proposal.procedure
    if movement_id != proposal.movement_id:
        changed.append("movement")
        if proposal.submitted_at is None:
            procedure.check_deadline(session, movement_id, chosen)
    case = values.simplified_case if procedure.FIELD in data else proposal.simplified_case
    if chosen != proposal.procedure or case != proposal.simplified_case:
        changed.append("procedure")
    proposal.movement_id, proposal.procedure = movement_id, chosen
    proposal.simplified_case = case
    proposal.year, proposal.title, proposal.summary = values.year, values.title, values.summary
    _set_nominees(session, proposal, values.nominees, proposal.org)
    audit.record(
        session,
        proposal,
        user,
        AuditAction.EDITED,
        from_status=proposal.status,
        data={"changed": changed + ["nominees"]},
    )
    session.flush()
    return proposal


def editable_task(
    session: Session,
    user: User,
    proposal_id: int,
    refusal: Text = REFUSAL,
) -> HumanTask:
    """The nominator's ready step of a draft or returned proposal, with its instance locked.

    Raises NotFound when the user may not read it and Conflict (with `refusal`) when it is not
    editable now; the caller may then change the proposal in this transaction.
    """
    return editable(session, user, proposal_id, refusal)[0]


def editable(
    session: Session, user: User, proposal_id: int, refusal: Text = REFUSAL
) -> tuple[HumanTask, Proposal]:
    """editable_task, and the proposal as read after the lock."""
    locked = _editable(session, user, proposal_id, refusal)
    return locked.task, locked.proposal


def _editable(
    session: Session, user: User, proposal_id: int, refusal: Text = REFUSAL
) -> review.Locked:
    """editable, and the running instance it locked."""
    try:
        process: RunningProcess | None = RunningProcess.lock(session, proposal_id)
    except Conflict as exc:
        # Told apart below: a proposal the user may not read is "not found" first.
        process, not_running = None, exc
    # Read after the lock, in one statement: the proposal's columns, its nominees and its
    # filing step. The people of both are left to be loaded when asked for.
    row = session.execute(_PROPOSAL_AND_FILING, {"proposal_id": proposal_id}).unique().first()
    proposal, task = row if row is not None else (None, None)
    # Its author, and whoever holds the filing step's role at its unit, may read it
    # (visible_clause): the visibility query is only needed for everyone else.
    if proposal is None or not (
        proposal.created_by_id == user.id
        or (task is not None and user.has_role(task.role_code, task.org_id))
        or can_see(session, user, proposal_id)
    ):
        raise NotFound("proposal_not_found", N_("Không tìm thấy hồ sơ số %(id)s", id=proposal_id))
    if process is None:
        raise not_running
    if proposal.status not in EDITABLE or task is None:
        raise Conflict("proposal_not_editable", refusal)
    check_can_act(session, user, task, proposal)
    return review.Locked(task, proposal, process)


#: editable's read after the lock (populate_existing: rows already in the session are
#: overwritten with what the lock now guarantees).
_PROPOSAL_AND_FILING = (
    select(Proposal, HumanTask)
    .outerjoin(
        HumanTask,
        and_(
            HumanTask.proposal_id == Proposal.id,
            HumanTask.state == TaskState.READY,
            HumanTask.form == "file",
        ),
    )
    # the nominees with it: a submission checks them, an edit replaces them
    .outerjoin(Nominee, Nominee.proposal_id == Proposal.id)
    .where(Proposal.id == bindparam("proposal_id"))
    .order_by(HumanTask.id, Nominee.position, Nominee.id)
    .options(
        contains_eager(Proposal.nominees),
        lazyload(Proposal.created_by),
        lazyload(HumanTask.claimed_by),
    )
    .execution_options(populate_existing=True)
)


def submit_proposal(
    session: Session, registry: ProcessRegistry, user: User, proposal_id: int, comment: str = ""
) -> Proposal:
    locked = _editable(session, user, proposal_id)
    task, proposal = locked.task, locked.proposal
    if proposal.submitted_at is None:
        # The movement's deadline binds the first submission; a proposal returned for
        # revision was submitted in time and may come back after it.
        procedure.check_deadline(session, proposal.movement_id, proposal.procedure, proposal.year)
    # Completed from what was read after the lock: not locked and read a second time.
    return review.complete_task(
        session, registry, user, task.id, {"action": Action.SUBMIT, "comment": comment}, locked
    )
