"""Who may see a proposal and who may act on a task: role *and* organisation, on the server."""

from collections.abc import Iterable

from sqlalchemy import (
    BindParameter,
    Date,
    and_,
    bindparam,
    exists,
    false,
    inspect,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.util import identity_key

from models import (
    HumanTask,
    Nominee,
    Organisation,
    Proposal,
    RoleAssignment,
    RoleCode,
    User,
    core_path,
)
from models.people import vn_today
from workflows.directory.roles_held import held_on
from workflows.errors import N_, Forbidden, NotFound, Text
from workflows.reference import is_reviewer, scope_of

BOARD = RoleCode.BOARD
ADMIN = RoleCode.ADMIN


def is_board(user: User) -> bool:
    return user.has_role(BOARD)


def visible_clause(user: User):
    """SQL condition on Proposal: what `user` may read."""
    if is_board(user):
        # A constant true, not "id IS NOT NULL": PostgreSQL can then count from an index alone.
        return true()
    by_scope, pairs = _scopes(user)
    conditions = [Proposal.created_by_id == user.id]
    if by_scope["unit"]:
        conditions.append(Proposal.org_id.in_(by_scope["unit"]))
    if by_scope["department"]:
        conditions.append(Proposal.department_id.in_(by_scope["department"]))
    if pairs:
        # Bodies above the department see what has reached them.
        conditions.append(
            exists().where(
                HumanTask.proposal_id == Proposal.id,
                tuple_(HumanTask.role_code, HumanTask.org_id).in_(pairs),
            )
        )
    return or_(*conditions) if conditions else false()


def list_clause(user: User):
    """The same rule as visible_clause, written for lists of many proposals.

    Its OR cannot use an index, so on a large table a list read every proposal (the database
    walked them all in date order to find a Director's 27; bench/inbox_scale.py). Here each
    branch is an indexed select of ids; one proposal is still best checked by visible_clause.
    """
    if is_board(user):
        return true()
    by_scope, pairs = _scopes(user)
    parts = [select(Proposal.id).where(Proposal.created_by_id == user.id)]
    if by_scope["unit"]:
        parts.append(select(Proposal.id).where(Proposal.org_id.in_(by_scope["unit"])))
    if by_scope["department"]:
        parts.append(select(Proposal.id).where(Proposal.department_id.in_(by_scope["department"])))
    if pairs:
        parts.append(
            select(HumanTask.proposal_id).where(
                or_(*(and_(HumanTask.role_code == r, HumanTask.org_id == o) for r, o in pairs))
            )
        )
    return Proposal.id.in_(union_all(*parts))


def _scopes(user: User) -> tuple[dict[str, list[int]], list[tuple[str, int]]]:
    by_scope: dict[str, list[int]] = {"unit": [], "department": []}
    pairs = []
    for a in user.held_assignments():
        # The role's scope from reference data: no role row loaded per assignment.
        scope = scope_of(a.role_code)
        if scope in by_scope:
            by_scope[scope].append(a.org_id)
        pairs.append((a.role_code, a.org_id))
    return by_scope, pairs


def can_see(session: Session, user: User, proposal_id: int) -> bool:
    query = select(Proposal.id).where(Proposal.id == proposal_id, visible_clause(user))
    return session.scalar(query) is not None


def get_visible_proposal(session: Session, user: User, proposal_id: int) -> Proposal:
    query = select(Proposal).where(Proposal.id == proposal_id, visible_clause(user))
    # The nominees in the same statement (one row each) rather than by a second query.
    query = query.options(joinedload(Proposal.nominees))
    proposal = session.scalars(query).unique().one_or_none()
    if proposal is None:
        # The same answer for "absent" and "not yours": existence is not disclosed.
        raise NotFound("proposal_not_found", N_("Không tìm thấy hồ sơ số %(id)s", id=proposal_id))
    return proposal


def conflict_of_interest(
    session: Session, user: User, proposal: Proposal, nominated: bool | None = None
) -> Text | None:
    """Why `user` may not review `proposal`, or None.

    `nominated`: whether `user` is among the proposal's nominees, as the caller read it after
    the instance lock (workflows.process.review); None: read now.
    """
    if proposal.created_by_id == user.id:
        return N_("Bạn là người lập hồ sơ này nên không được xét duyệt nó")
    if nominated is None:
        query = select(Nominee.id).where(
            Nominee.proposal_id == proposal.id, Nominee.user_id == user.id
        )
        nominated = session.scalar(query) is not None
    if nominated:
        return N_("Bạn có tên trong danh sách đề nghị nên không được xét duyệt hồ sơ này")
    return None


def check_can_act(
    session: Session,
    user: User,
    task: HumanTask,
    proposal: Proposal,
    nominated: bool | None = None,
) -> None:
    """Refuse `user` acting on `task`; `nominated`: as for conflict_of_interest."""
    if task.assignee_id is not None and task.assignee_id != user.id:
        # Another member's ballot: not disclosed, as a task one may not see.
        raise NotFound("task_not_found", N_("Không tìm thấy bước xử lý số %(id)s", id=task.id))
    if not user.has_role(task.role_code, task.org_id):
        raise Forbidden("role_not_held", N_("Bạn không có vai trò xử lý bước này tại đơn vị này"))
    if is_reviewer(task.role_code):
        reason = conflict_of_interest(session, user, proposal, nominated)
        if reason:
            raise Forbidden("conflict_of_interest", reason)
    if task.claimed_by_id is not None and task.claimed_by_id != user.id:
        # the claimer's row, as task.claimed_by would load it (the identity map first)
        claimer = session.get_one(User, task.claimed_by_id)
        message = N_("Bước này đang do %(name)s nhận xử lý", name=claimer.full_name)
        raise Forbidden("task_claimed_by_other", message)


def candidate_clause(user: User):
    """SQL condition on HumanTask: tasks in a lane the user holds at that organisation."""
    pairs = [(a.role_code, a.org_id) for a in user.held_assignments()]
    if not pairs:
        return false()
    # One equality pair per assignment rather than a row-value IN: SQLite then searches
    # ix_human_task_inbox (state, role_code, org_id) instead of every unclaimed ready task.
    return and_(
        or_(*(and_(HumanTask.role_code == r, HumanTask.org_id == o) for r, o in pairs)),
        or_(HumanTask.claimed_by_id.is_(None), HumanTask.claimed_by_id == user.id),
        # A ballot is for its member alone.
        or_(HumanTask.assignee_id.is_(None), HumanTask.assignee_id == user.id),
    )


def holders(session: Session, role: str, org_id: int | None) -> list[User]:
    """Active holders of `role` at the organisation (at any when None), by username."""
    return list(session.scalars(holders_query(select(User), role, org_id)))


def holders_query(
    query,
    role: str | BindParameter,
    org_id: int | BindParameter | None,
    day: BindParameter | None = None,
):
    """`query` (over User's columns) narrowed to the active holders of `role` at the
    organisation, distinct, by username: for a caller that reads more or less than whole users.
    Holding today, or on `day`: a bind parameter for a statement built once."""
    query = (
        query.join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role_code == role, User.active.is_(True), held_on(day))
        .order_by(User.username)
        .distinct()
    )
    if org_id is not None:
        query = query.where(RoleAssignment.org_id == org_id)
    return query


def nominated_users(session: Session, proposal: Proposal) -> set[int]:
    """Ids of the accounts named among the proposal's nominees.

    For reads only (who could act, who is told): a check that guards an action reads the
    rows after the instance lock (conflict_of_interest). The nominees already loaded with the
    proposal are used when there, as they are what the request shows.
    """
    if "nominees" not in inspect(proposal).unloaded:
        return {n.user_id for n in proposal.nominees if n.user_id is not None}
    return set(
        session.scalars(
            select(Nominee.user_id).where(
                Nominee.proposal_id == proposal.id, Nominee.user_id.is_not(None)
            )
        )
    )


def _not_reviewing(session: Session, proposal: Proposal) -> set[int]:
    """Ids of the accounts a review step of `proposal` is never for: its nominees and author."""
    return nominated_users(session, proposal) | {proposal.created_by_id}


def candidates(session: Session, task: HumanTask, proposal: Proposal) -> list[User]:
    if task.assignee_id is not None:
        # A council member's ballot: only its member (reminders, "waits for", the API).
        return [session.get_one(User, task.assignee_id)]
    users = holders(session, task.role_code, task.org_id)
    if is_reviewer(task.role_code) and users:
        excluded = _not_reviewing(session, proposal)
        users = [u for u in users if u.id not in excluded]
    return users


def lane_candidate_ids(
    session: Session, task: HumanTask, proposal: Proposal
) -> tuple[str, list[int]]:
    """The ids of `candidates` of a step open to its lane (no assignee), with the name of the
    step's organisation, in one read: for a caller that needs neither whole accounts nor the
    organisation's row (the notices of a handover, issue 19)."""
    params = {"role": task.role_code, "org": task.org_id, "day": vn_today()}
    rows = core_path.execute(session, _LANE_HOLDERS, params).all()
    if not rows:
        return "", []
    users = [row.id for row in rows]
    if is_reviewer(task.role_code):
        excluded = _not_reviewing(session, proposal)
        users = [user_id for user_id in users if user_id not in excluded]
    return rows[0].name, users


#: lane_candidate_ids' statement for a lane at one organisation, built once and run as a plain
#: Core statement: building it (the holders' conditions) and the ORM's execution path cost more
#: CPU than the read itself, on every step that opens a lane (issue 19).
_LANE_HOLDERS = holders_query(
    select(User.id, User.username, Organisation.name),
    bindparam("role"),
    bindparam("org"),
    bindparam("day", type_=Date),
).join(Organisation, Organisation.id == RoleAssignment.org_id)


def candidate_names(
    session: Session,
    tasks: Iterable[HumanTask],
    proposal: Proposal,
    members: dict[int, str] | None = None,
) -> dict[int, list[str]]:
    """Usernames of `candidates` per task id, with one query for all ballots and one per lane.

    `members`: usernames by user id already read (the ballots' members), not read again.
    """
    tasks = list(tasks)
    names: dict[int, list[str]] = {}
    usernames: dict[int, str] = dict(members or {})
    for user_id in {t.assignee_id for t in tasks if t.assignee_id is not None} - usernames.keys():
        # The reader is usually among them, and already loaded.
        user = session.identity_map.get(identity_key(User, user_id))
        if user is not None:
            usernames[user_id] = user.username
    if missing := {t.assignee_id for t in tasks} - usernames.keys() - {None}:
        query = select(User.id, User.username).where(User.id.in_(missing))
        usernames.update(session.execute(query).all())
    lanes: dict[tuple[str, int], list[tuple[int, str]]] = {}
    excluded: set[int] | None = None
    for task in tasks:
        if task.assignee_id is not None:
            names[task.id] = [usernames[task.assignee_id]]
            continue
        lane = (task.role_code, task.org_id)
        if lane not in lanes:
            query = holders_query(select(User.id, User.username), *lane)
            lanes[lane] = [(row.id, row.username) for row in session.execute(query)]
        users = lanes[lane]
        if is_reviewer(task.role_code) and users:
            if excluded is None:
                excluded = _not_reviewing(session, proposal)
            users = [u for u in users if u[0] not in excluded]
        names[task.id] = [username for _, username in users]
    return names
