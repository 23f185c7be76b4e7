"""The rules of the authorisation matrix (tests/security/test_authz_matrix.py), written out from
the design — who reads a proposal, who acts on a step, who edits a draft, who reads history — and
the requests each route is asked with. Not read back from the code, so the matrix can tell the
code it is wrong.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from tests.support.world import (
    APPROVAL,
    PDF,
    PROVINCE_BODIES,
    ROLES,
    SCOPE,
    STAGE_OF_ROLE,
    USERS,
    Case,
    holder,
    proposal_body,
)

ACCOUNTS = [*USERS, None]  # None: not logged in
SIDES = ("own", "other")
#: the step a role's task is at; accounts without a task look at a proposal at the unit head
DEFAULT_STEP = STAGE_OF_ROLE["unit_head"]
#: the step after which the council's minutes exist (documents.bien_ban)
MINUTES_AFTER = STAGE_OF_ROLE["dept_council"]


# --- the rules --------------------------------------------------------------------------------
def holds(user: str, role: str, org: str | None = None) -> bool:
    return any(r == role and (org is None or o == org) for r, o in ROLES[user])


def visible(user: str, case: Case) -> bool:
    """Board: everything. Others: what they filed, their unit's or department's proposals,
    and those that have reached a step of a role they hold at that step's organisation."""
    if holds(user, "board") or user == case.nominator:
        return True
    for role, org in ROLES[user]:
        if SCOPE[role] == "unit" and org == case.unit:
            return True
        if SCOPE[role] == "department" and org == case.department:
            return True
        if (role, org) in case.reached:
            return True
    return False


def can_act(user: str, case: Case) -> bool:
    """The step's role at the step's organisation; a reviewer never acts on what they filed.
    A council's ballot is its member's alone."""
    if not holds(user, case.task_role, case.task_org):
        return False
    if case.form == "ballot" and user != member(case):
        return False
    return case.task_role == "nominator" or user != case.nominator


def member(case: Case) -> str:
    """The council member whose ballot the world's case points at."""
    return holder(case.task_role, case.department)


def ballot(expect: Expect, for_member: int | None = None) -> Expect:
    """A route about a task: at a council's step the task is one member's ballot, and to
    everyone else it does not exist (404). `for_member`: what the member gets instead of
    `expect` (a ballot cannot be claimed or released: 409)."""

    def wrapped(user, case):
        if case.form != "ballot":
            return expect(user, case)
        if user != member(case):
            return 404
        return expect(user, case) if for_member is None else for_member

    return wrapped


def can_edit(user: str, case: Case) -> bool:
    return case.k == 0 and holds(user, "nominator", case.unit)


Expect = Callable[[str, Case], int | set[int]]


def inbox_landing(user: str, case: Case) -> int:
    """The inbox, except for those who act on nothing: the board and the administrator are sent
    where their work is (302)."""
    roles = {r for r, _ in ROLES[user]}
    return 302 if roles and roles <= {"board", "admin"} else 200


def always(status: int) -> Expect:
    return lambda user, case: status


def reads(status: int) -> Expect:
    return lambda user, case: status if visible(user, case) else 404


def acts(status: int) -> Expect:
    def expect(user, case):
        if not visible(user, case):
            return 404
        return status if can_act(user, case) else 403

    return expect


def edits(status: int) -> Expect:
    """Draft/returned only (else 409), by the unit's nominator (else 403)."""

    def expect(user, case):
        if not visible(user, case):
            return 404
        if case.k != 0:
            return 409
        return status if can_edit(user, case) else 403

    return expect


def lowers(user, case):
    """A lower award (POST /tasks/{t}/lower), asked for a nominee the proposal does not hold:
    a reviewer of the step at the department or above gets that 400 (nothing written); at the
    unit's steps the step cannot lower (409)."""
    if not visible(user, case):
        return 404
    if not can_act(user, case):
        return 403
    return 409 if case.task_role in ("nominator", "unit_head") else 400


def lowers_page(user, case):
    """The step page's lowering form: the refusal of a nominee the proposal does not hold is
    shown on the step page again (302), as the API's 400."""
    expected = lowers(user, case)
    return 302 if expected == 400 else expected


def lower_form(case: Case) -> dict:
    return {"data": {**lower_json(case)["json"], "nominee_ids": str(2**31)}}


def lower_json(case: Case) -> dict:
    body = {"nominee_ids": [2**31], "award_code": "GK_CN", "reason": "Hạ mức khen thưởng"}
    return {"json": body}


def files_proposals(status: int) -> Expect:
    return lambda user, case: status if holds(user, "nominator") else 403


def task_page(user, case):
    # The nominator's own step is the proposal page: the task page sends there.
    if not visible(user, case):
        return 404
    return 302 if case.k == 0 else 200


def task_post(user, case):
    if case.k == 0:
        return 302 if visible(user, case) else 404
    return acts(302)(user, case)


def edit_page(user, case):
    if not visible(user, case):
        return 404
    return 200 if can_edit(user, case) else 403


def dashboard(user, case):
    return 200 if any(holds(user, r) for r in ("board", "director", "unit_head")) else 403


def prints_certificates(user: str, case: Case) -> int:
    """Certificates of the world's award (a provincial flag): the province's board and its
    officers print them (404 here: no case is decided yet); other readers 403; others 404."""
    if not visible(user, case):
        return 404
    return 404 if holds(user, "board") or holds(user, "board_officer") else 403


def administers(status: int) -> Expect:
    return lambda user, case: status if holds(user, "admin") else 403


def form(**fields) -> Callable[[Case], dict]:
    """A web form's fields, whatever the case."""
    return lambda case: {"data": fields}


def payload(**fields) -> Callable[[Case], dict]:
    """An API request's JSON body, whatever the case."""
    return lambda case: {"json": fields}


#: the administration of people: a new account and role that pass every check, and a
#: membership of a department not yet in the cluster (undone after each success)
NEW_ACCOUNT = {"username": "ma.tran.moi", "full_name": "Ma Trận Mới", "password": "Ma-tran-2026!"}
NEW_ROLE = {
    "username": "vanthu.yte",
    "role": "nominator",
    "org": "soyte-nvy",
    "valid_from": "2026-01-01",
}
NEW_MEMBER = {"member": "soyte", "valid_from": "2026-01-01"}
NEW_HEAD = {"head": "sotttt", "deputy": "sokhcn"}
#: an assignment or membership that does not exist: past the guard, the administrator is told
#: so (404); closing a real one may be refused for the steps waiting in the world
NO_ROW = 999999


def administers_nothing_there(status: int) -> Expect:
    """An administrator's change aimed at nothing (a real target would change an account or
    a row the matrix relies on): past the guard `status` would answer, here 404."""
    return lambda user, case: {status, 404} if holds(user, "admin") else 403


def reads_catalogue(user: str, case: Case) -> int:
    """The award catalogue: administrators and the board."""
    return 200 if holds(user, "admin") or holds(user, "board") else 403


# The history registry (webapp/history): the board reads all; a department's secretariat and
# Director read and write its units; a unit's head and nominator read their unit only.
HISTORY_UNIT, HISTORY_DEPARTMENT = "sotttt-cntt", "sotttt"
HISTORY_ROLES = ("board", "board_officer", "dept_secretariat", "director", "unit_head", "nominator")


def reads_history(status: int) -> Expect:
    def expect(user, case):
        if not any(holds(user, r) for r in HISTORY_ROLES):
            return 403
        readable = (
            holds(user, "board")
            or holds(user, "board_officer")
            or any(holds(user, r, HISTORY_DEPARTMENT) for r in ("dept_secretariat", "director"))
            or any(holds(user, r, HISTORY_UNIT) for r in ("unit_head", "nominator"))
        )
        return status if readable else 404

    return expect


def opens_history(status: int) -> Expect:
    return lambda user, case: status if any(holds(user, r) for r in HISTORY_ROLES) else 403


def records_outside_award(status: int, page: bool = False) -> Expect:
    """An award decided outside tdkt for person 1 (of HISTORY_UNIT): the board officer, or the
    secretariat of its department (workflows.proposals.outside_awards); a reader is refused, anyone
    else does not see the person. The pages first turn away who has no history role."""

    def expect(user, case):
        if page and not any(holds(user, r) for r in HISTORY_ROLES):
            return 403
        if holds(user, "board_officer") or holds(user, "dept_secretariat", HISTORY_DEPARTMENT):
            return status
        return 403 if reads_history(status)(user, case) == status else 404

    return expect


def writes_history(status: int) -> Expect:
    def expect(user, case):
        seen = reads_history(status)(user, case)
        if seen != status:
            return seen
        writes = any(holds(user, r, HISTORY_DEPARTMENT) for r in ("dept_secretariat", "director"))
        return status if writes else 403

    return expect


def imports_history(status: int) -> Expect:
    return lambda user, case: (
        status if holds(user, "dept_secretariat") or holds(user, "director") else 403
    )


def reads_person(status: int) -> Expect:
    """The API's person routes: a person the caller may not read is not found (404), as the
    history pages' reader rule says; the API has no 403 for reading."""

    def expect(user, case):
        return status if reads_history(status)(user, case) == status else 404

    return expect


def writes_person(status: int) -> Expect:
    def expect(user, case):
        if reads_person(status)(user, case) != status:
            return 404
        return writes_history(status)(user, case)

    return expect


def bundle(user: str, case: Case) -> int:
    """The dossier bundle sent upward: the Chairman, the board's officers and the board; the
    world's award (Cờ thi đua của UBND tỉnh) is the province's own, so those get 409."""
    if not visible(user, case):
        return 404
    held = (
        holds(user, "chairman", PROVINCE_BODIES["committee"])
        or holds(user, "board_officer", PROVINCE_BODIES["board"])
        or holds(user, "board")
    )
    return 409 if held else 403


def minutes(statuses: set[int]) -> Expect:
    def expect(user, case):
        if not visible(user, case) or case.k <= MINUTES_AFTER:
            return 404
        return statuses

    return expect


# --- the requests -----------------------------------------------------------------------------
def approval_form(case: Case) -> dict:
    if case.form == "ballot":
        return {"data": {"action": "vote", **{f"choice-{n}": "yes" for n in case.nominee_ids}}}
    return {"data": {k: str(v) for k, v in APPROVAL[case.form].items()}}


def approval_json(case: Case) -> dict:
    if case.form == "ballot":
        return {
            "json": {"action": "vote", "choices": dict.fromkeys(map(str, case.nominee_ids), "yes")}
        }
    return {"json": APPROVAL[case.form]}


def proposal_form(case: Case) -> dict:
    return {
        "data": {
            "award_code": "CO_THI_DUA_TINH",
            "year": "2025",
            "title": "Hồ sơ sửa trong ma trận",
            "summary": "Tóm tắt",
            "nominees-0-name": "Phòng Công nghệ thông tin",
            # The world already has this unit's flag proposal: past the duplicate warning.
            "confirm_duplicate": "y",
            "save": "1",
        }
    }


def proposal_json(case: Case) -> dict:
    return {"json": proposal_body("Hồ sơ sửa trong ma trận")}


def upload(case: Case) -> dict:
    return {
        "data": {"attachments": (io.BytesIO(PDF), "bao-cao.pdf")},
        "content_type": "multipart/form-data",
    }


def vietnamese(case: Case) -> dict:
    return {"data": {"lang": "vi", "next": "/"}}


def all_read(case: Case) -> dict:
    return {"data": {"all": "1"}}


#: the province's board, where its board and officers set the province's rules
BOARD_ORG = "bantdkt-dienbien"


def reads_rules(user: str, case: Case) -> int:
    """The province's rules: administrators, and the board and its officers."""
    readers = ("admin", "board", "board_officer")
    return 200 if any(holds(user, role) for role in readers) else 403


def writes_rules(status: int) -> Expect:
    """A new version of a rule: administrators, and the board or its officers at the board."""

    def expect(user: str, case: Case) -> int:
        editor = holds(user, "board", BOARD_ORG) or holds(user, "board_officer", BOARD_ORG)
        return status if holds(user, "admin") or editor else 403

    return expect


def _quorum(valid_from: str) -> dict:
    return {
        "key": "department",
        "quorum": "3/4",
        "approval": "1/2",
        "approval_of": "cast",
        "valid_from": valid_from,
        "source": "Quyết định số 01/2026/QĐ-UBND, Điều 2",
    }


def rule_form(case: Case) -> dict:
    from workflows.deadlines.calendar import today

    return {"data": _quorum(today().isoformat())}


def rule_json(case: Case) -> dict:
    from workflows.deadlines.calendar import today

    body = _quorum(today().isoformat())
    value = {"quorum": body["quorum"], "approval": {"share": "1/2", "of": "cast"}}
    return {
        "json": {
            "kind": "council",
            "key": "department",
            "value": value,
            "valid_from": body["valid_from"],
            "source": body["source"],
        }
    }


def day_off(case: Case) -> dict:
    return {"data": {"day": "02/01/2026", "kind": "off", "note": "Nghỉ bù"}}


def history_year(case: Case) -> dict:
    return {"data": {"year": "2022", "rating": "tot"}}


def history_initiative(case: Case) -> dict:
    return {
        "data": {
            "title": "Sáng kiến trong ma trận",
            "unit": HISTORY_UNIT,
            "year": "2025",
            "decision_no": "1/QĐ-HĐSK",
            "recognised_on": "01/11/2025",
            "scope": "co_so",
        }
    }


def history_file(case: Case) -> dict:
    csv = "Mã cán bộ;Họ và tên;Đơn vị;Năm;Xếp loại\nMT-1;Lê Văn Ma;sotttt-cntt;2022;HTTNV\n"
    return {
        "data": {"kind": "history", "file": (io.BytesIO(csv.encode()), "ls.csv")},
        "content_type": "multipart/form-data",
    }


def history_file_checked(case: Case) -> dict:
    """The same file as a dry run: the API's import reports without writing."""
    sent = history_file(case)
    return {**sent, "data": {**sent["data"], "dry_run": "1"}}


def bad_login(case: Case) -> dict:
    return {"data": {"username": "khong.ai.ca", "password": "sai-mat-khau-1"}}


@dataclass(frozen=True)
class Route:
    path: str
    expect: Expect
    #: what an anonymous caller gets
    anon: int = 302
    body: Callable[[Case], dict] | None = None
    #: claim the task first when the account may (to release it)
    claim_first: bool = False
    #: a refused login is counted (login_attempt), so it writes by design
    counts_failure: bool = False


P, T, A = "{p}", "{t}", "{a}"


#: a merge of the demo's Sở TT&TT into Sở KH&CN, as the admin form and the API take it
ORG_MERGE = {
    "kind": "merge",
    "effective_on": "01/03/2025",
    "decision_no": "215/QĐ-UBND",
    "organisations": "sotttt",
    "successor": "sokhcn",
}


def org_merge_form(case: Case) -> dict:
    return {"data": ORG_MERGE}


def org_merge_undecided(case: Case) -> dict:
    """Refused for want of its decision number: the matrix applies nothing."""
    return {"data": {**ORG_MERGE, "decision_no": ""}}


def org_merge_json(case: Case) -> dict:
    return {"json": {**ORG_MERGE, "organisations": ["sotttt"], "decision_no": ""}}


# Moving running proposals to another process version (webapp/admin/processes.py and the API):
# administrators only. Version 1 is the world's own, so an administrator's move is answered
# with the refusal "already on it" (200 in the API, 302 back to the version's page).
def migration_json(case: Case) -> dict:
    return {"json": {"to_version": 1, "proposal_ids": [case.id]}}


def migration_form(case: Case) -> dict:
    return {"data": {"to": "1", "proposal": str(case.id)}}


#: a bloc's year (workflows.blocs): the world's pledge is Khối VHXH's; its head edits and
#: steps it, the Directors of its member departments sign, score and vote; all read
BLOC_MEMBERS = {
    "khoi-vhxh": ("bhxh", "sogddt", "soldtbxh", "sotttt", "sovhttdl", "soyte", "sokhcn", "daipttt"),
    "cum-2": ("sotttt", "sokhcn", "sotuphap", "songoaivu"),
}


def bloc_head(status: int, grouping: str = "khoi-vhxh") -> Expect:
    return lambda user, case: status if holds(user, "grouping_head", grouping) else 403


def bloc_member(status: int, grouping: str = "khoi-vhxh") -> Expect:
    def expect(user: str, case: Case) -> int:
        member = any(holds(user, "director", org) for org in BLOC_MEMBERS[grouping])
        return status if member else 403

    return expect


def bloc_checker(status: int, grouping: str, scored: str) -> Expect:
    """The cross-check: the head, and where the bloc's rules say so (Cụm 2's do) the Directors
    of the other members."""

    def expect(user: str, case: Case) -> int:
        peers = [org for org in BLOC_MEMBERS[grouping] if org != scored]
        peer = grouping == "cum-2" and any(holds(user, "director", org) for org in peers)
        return status if holds(user, "grouping_head", grouping) or peer else 403

    return expect
