"""A shared world for the security tests: proposals of two departments at every step.

The chain and who acts at each step are written out here from the design (the law's chain in
ARCHITECTURE.md, the README's table of accounts), not read back from the code, so the tests can tell
the code it is wrong. A world can be snapshotted and put back, so that requests that
succeed do not change what the next request sees, and tells which tables a request wrote
(tests/support/snapshot.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from tests.support.accounts import PASSWORD, USERS_HELD
from tests.support.dossier import complete_dossier
from tests.support.forwarding import FORWARD
from tests.support.snapshot import Snapshot
from webapp import create_app

API = "/api/v1"
#: username -> [(role, organisation code)], as the demo data gives them (up to 31/12/2024)
ROLES: dict[str, list[tuple[str, str]]] = USERS_HELD
USERS = sorted(ROLES)

#: where the organisation of a task of each role lies, relative to the proposal (the design)
SCOPE = {
    "nominator": "unit",
    "unit_head": "unit",
    "dept_secretariat": "department",
    "dept_council": "department",
    "director": "department",
    "grouping_head": "grouping",
    "board_officer": "board",
    "province_council": "council",
    "chairman": "committee",
    "board": "any",
    "admin": "any",
}
PROVINCE_BODIES = {
    "grouping": "khoi-vhxh",  # Cờ thi đua goes through the bloc; both departments are members
    "board": "bantdkt-dienbien",
    "council": "hdtdkt-dienbien",
    "committee": "ubnd-dienbien",
}
DEPARTMENTS = {
    "sotttt": {"unit": "sotttt-cntt", "nominator": "vanthu.cntt"},
    "soyte": {"unit": "soyte-vp", "nominator": "vanthu.yte"},
}

COUNCIL = {"members_total": 9, "members_present": 8, "votes_for": 7, "votes_against": 1}
#: the chain of Cờ thi đua của UBND tỉnh (CO_THI_DUA_TINH): every reviewer role acts once
AWARD = "CO_THI_DUA_TINH"
CHAIN = [
    ("file_proposal", "nominator", "file"),
    ("unit_head_signoff", "unit_head", "review"),
    ("secretariat_check", "dept_secretariat", "review"),
    ("council_vote", "dept_council", "ballot"),
    ("director_submit", "director", "submit_upward"),
    ("grouping_endorse", "grouping_head", "endorse"),
    ("board_appraise", "board_officer", "review"),
    ("province_council_vote", "province_council", "ballot"),
    ("chairman_decide", "chairman", "decision"),
]
#: the fields an approval needs, per form
APPROVAL = {
    "file": {"action": "submit"},
    "review": {"action": "approve", "comment": "Đồng ý", **FORWARD},
    "council_vote": {"action": "approve", **COUNCIL, **FORWARD},
    # A council member's ballot names the proposal's nominees: see ballot_for().
    "ballot": {"action": "vote", "choices": {}},
    "submit_upward": {
        "action": "approve",
        **FORWARD,
        "submission_no": "12/TTr-STTTT",
        "submission_date": "15/11/2025",
    },
    "endorse": {"action": "approve", "score": 92, **FORWARD},
    "decision": {
        "action": "approve",
        **FORWARD,
        "decision_no": "1234/QĐ-UBND",
        "decision_date": "20/12/2025",
        "signer": "Lê Thành Đô",
    },
}
STAGE_OF_ROLE = {role: k for k, (_, role, _) in enumerate(CHAIN)}

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def role_org(role: str, department: str) -> str:
    scope = SCOPE[role]
    if scope == "unit":
        return DEPARTMENTS[department]["unit"]
    if scope == "department":
        return department
    return PROVINCE_BODIES[scope]


def holders(role: str, department: str) -> list[str]:
    """The demo accounts that hold `role` at the organisation it means for `department`:
    one per step, except a council's members (each casts a ballot)."""
    org = role_org(role, department)
    return [u for u, roles in ROLES.items() if (role, org) in roles]


def holder(role: str, department: str) -> str:
    """The account that acts at the step; for a council, the member whose ballot the world
    points at (the first listed in the demo data)."""
    return holders(role, department)[0]


def department_of(username: str) -> str | None:
    for _role, org in ROLES[username]:
        for dept, info in DEPARTMENTS.items():
            if org == dept or org == info["unit"] or org.startswith(dept + "-"):
                return dept
    return None


@dataclass
class Case:
    """One proposal of the world: filed by a department's nominator, advanced to step `k`."""

    department: str
    k: int
    id: int = 0
    task_id: int = 0
    attachment_id: int = 0
    #: what a council member votes on
    nominee_ids: list[int] = field(default_factory=list)

    @property
    def step(self):
        return CHAIN[self.k]

    @property
    def unit(self) -> str:
        return DEPARTMENTS[self.department]["unit"]

    @property
    def nominator(self) -> str:
        return DEPARTMENTS[self.department]["nominator"]

    @property
    def task_role(self) -> str:
        return self.step[1]

    @property
    def task_org(self) -> str:
        return role_org(self.task_role, self.department)

    @property
    def form(self) -> str:
        return self.step[2]

    @property
    def reached(self) -> set[tuple[str, str]]:
        """(role, organisation) of every step that has had a task so far."""
        return {(role, role_org(role, self.department)) for _, role, _ in CHAIN[: self.k + 1]}


class Api:
    """A test client sending one user's bearer token."""

    def __init__(self, client, token: str):
        self.client, self.token = client, token

    def call(self, method: str, path: str, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.client.open(API + path, method=method, headers=headers, **kwargs)

    def ok(self, method: str, path: str, status: int = 200, **kwargs):
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, (path, response.status_code, response.get_data())
        return response.get_json()


def ballot_for(api, proposal_id: int, choice: str = "yes") -> dict:
    """A council member's ballot: `choice` for every nominee still in the running."""
    detail = api.ok("GET", f"/proposals/{proposal_id}")
    return {
        "action": "vote",
        "choices": {str(n["id"]): choice for n in detail["nominees"] if n["status"] == "active"},
    }


def build_url(rule, ids: dict) -> str:
    """The URL of a routing rule with its placeholders filled from `ids`."""
    values = {}
    for name in rule.arguments:
        assert name in ids, f"{rule.rule}: no value known for <{name}>; add one to the test"
        values[name] = ids[name]
    return rule.build(values, append_unknown=False)[1]


def token_for(client, username: str, password: str = PASSWORD) -> str:
    response = client.post(f"{API}/auth/token", json={"username": username, "password": password})
    assert response.status_code == 201, (username, response.get_json())
    return response.get_json()["token"]


def proposal_body(title: str = "Đề nghị Cờ thi đua năm 2025", **overrides) -> dict:
    return {
        "award_code": AWARD,
        "year": 2025,
        "title": title,
        "summary": "Đơn vị dẫn đầu phong trào thi đua của Khối.",
        "nominees": [{"name": "Phòng Công nghệ thông tin"}],
        **overrides,
    }


@dataclass
class World:
    app: object
    directory: Path
    cases: dict[tuple[str, int], Case] = field(default_factory=dict)
    apis: dict[str, Api] = field(default_factory=dict)
    saved: Snapshot = field(init=False)

    def __post_init__(self) -> None:
        self.saved = Snapshot(self.engine, self.directory)

    @property
    def engine(self):
        return self.app.extensions["tdkt_engine"]

    def api(self, username: str) -> Api:
        if username not in self.apis:
            client = self.app.test_client()
            self.apis[username] = Api(client, token_for(client, username))
        return self.apis[username]

    def web(self, username: str):
        client = self.app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, (username, response.status_code)
        return client

    def bloc_pledges(self) -> None:
        made = []
        for grouping, year in (("khoi-vhxh", 2024), ("cum-2", 2024), ("cum-2", 2023)):
            head = self.api(BLOC_HEADS[grouping])
            made.append(
                head.ok("POST", "/blocs/pledges", 201, json=bloc_pledge_body(year, grouping))
            )
        assert [m["id"] for m in made] == [BLOC_PLEDGE_ID, BLOC_SCORING_ID, BLOC_VOTING_ID]
        # Cụm 2's years are walked through their cases (workflows.blocs.flow), as the pages
        # and the API would: 2024 being scored (Sở Tư pháp's score sent), 2023 at its ballot.
        from models import Organisation, User
        from workflows.blocs import flow
        from workflows.blocs import pledges as bloc_years
        from workflows.directory.users import assign, get_or_create_user

        registry = self.app.extensions["tdkt_registry"]
        with self.app.extensions["tdkt_sessions"]() as s:
            head = s.scalar(select(User).where(User.username == BLOC_HEADS["cum-2"]))
            accounts = list(s.scalars(select(User).order_by(User.id)))

            def director(org: Organisation) -> User:
                found = next((u for u in accounts if u.has_role("director", org.id)), None)
                if found is None:
                    found = get_or_create_user(
                        s, f"gd.{org.code}", f"Giám đốc {org.code}", PASSWORD
                    )
                    assign(s, found, "director", org.code)
                    accounts.append(found)
                return found

            def act(user: User, pledge_id: int, step: str, sent: dict, entry=None) -> None:
                flow.act(s, registry, user, pledge_id, step, sent, entry)

            for pledge_id in (BLOC_SCORING_ID, BLOC_VOTING_ID):
                pledge = bloc_years.get(s, pledge_id)
                for entry in pledge.entries:
                    act(director(entry.member), pledge_id, "sign", {})
                act(head, pledge_id, "open_scoring", {})
                line = pledge.criteria[0].id
                for entry in pledge.entries:
                    if pledge_id == BLOC_VOTING_ID or entry.member.code == "sotuphap":
                        scores = [{"criterion_id": line, "points": 80, "evidence": ""}]
                        act(director(entry.member), pledge_id, "scores", {"scores": scores})
                        if pledge_id == BLOC_VOTING_ID:
                            act(head, pledge_id, "check", {"action": "accept"}, entry)
            act(head, BLOC_VOTING_ID, "open_ballot", {})
            s.commit()

    def advance(self, case: Case, to: int) -> None:
        """Approve step by step, each by the demo account that holds the step's role; at a
        council, every member casts a ballot."""
        for k in range(case.k, to):
            _, role, form = CHAIN[k]
            actors = holders(role, case.department)
            for username in actors if form == "ballot" else actors[:1]:
                actor = self.api(username)
                tasks = [t for t in actor.ok("GET", "/tasks") if t["proposal_id"] == case.id]
                assert len(tasks) == 1, (case, username, tasks)
                body = ballot_for(actor, case.id) if form == "ballot" else APPROVAL[form]
                actor.ok("POST", f"/tasks/{tasks[0]['id']}/complete", json=body)
            case.k = k + 1
        member = None
        if case.k < len(CHAIN) and CHAIN[case.k][2] == "ballot":
            member = holder(CHAIN[case.k][1], case.department)
        case.task_id = self.ready_task(case.id, member)

    def ready_task(self, proposal_id: int, assignee: str | None = None) -> int:
        """The proposal's ready task; at a council, the ballot of `assignee`."""
        from models import HumanTask, User

        query = select(HumanTask.id).where(
            HumanTask.proposal_id == proposal_id, HumanTask.state == "ready"
        )
        if assignee is not None:
            query = query.join(User, User.id == HumanTask.assignee_id).where(
                User.username == assignee
            )
        with self.engine.connect() as conn:
            return conn.scalar(query.order_by(HumanTask.id))

    def file(self, department: str, k: int, title: str | None = None) -> Case:
        case = Case(department, 0)
        nominator = self.api(case.nominator)
        body = proposal_body(title or f"Hồ sơ {department} dừng ở bước {CHAIN[k][0]}")
        created = nominator.ok("POST", "/proposals", 201, json=body)
        case.id = created["id"]
        detail = nominator.ok("GET", f"/proposals/{case.id}")
        case.nominee_ids = [n["id"] for n in detail["nominees"]]
        [stored] = nominator.ok(
            "POST",
            f"/proposals/{case.id}/attachments",
            201,
            data={"attachments": (io.BytesIO(PDF), "bien-ban-hop.pdf")},
            content_type="multipart/form-data",
        )
        case.attachment_id = stored["id"]
        complete_dossier(nominator, case.id)
        if k:
            nominator.ok("POST", f"/proposals/{case.id}/submit", json={})
            case.k = 1
        self.advance(case, k)
        self.cases[(department, k)] = case
        return case

    # -- what requests wrote, and putting the world back ---------------------------------
    def snapshot(self) -> None:
        self.saved.take()

    def mark(self) -> int:
        return self.saved.mark()

    def written(self, since: int) -> set[str]:
        return self.saved.written(since)

    def restore(self) -> None:
        self.saved.restore()


#: the blocs' pledges every world holds, made by their heads, each a line of one criterion
#: (pledge n has criterion n); of past years, so that the world's 2025 proposals are endorsed
#: by hand: Khối VHXH 2024 a draft; Cụm 2 2024 scoring, Sở Tư pháp's score sent; Cụm 2 2023
#: voting
BLOC_PLEDGE_ID, BLOC_SCORING_ID, BLOC_VOTING_ID = 1, 2, 3
BLOC_HEADS = {"khoi-vhxh": "truongkhoi.vhxh", "cum-2": "truongcum.2"}
BLOC_TABLE = [{"kind": "criterion", "name": "Hoàn thành nhiệm vụ", "max_points": 100}]


def bloc_pledge_body(year: int = 2024, grouping: str = "khoi-vhxh") -> dict:
    title = f"Giao ước thi đua năm {year}"
    return {"grouping": grouping, "year": year, "title": title, "criteria": BLOC_TABLE}


def make_world(databases, template_db, directory: Path, config: dict | None = None) -> World:
    url = databases.create(template=template_db)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "ATTACHMENTS_DIR": str(directory / "attachments"),
            **(config or {}),
        }
    )
    app.config["tdkt_test_url"] = url
    return World(app, directory / "attachments")


def close_world(world: World, databases) -> None:
    world.engine.dispose()
    databases.drop(world.app.config["tdkt_test_url"])
