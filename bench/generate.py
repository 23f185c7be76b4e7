"""Fill a database with realistic data for the inbox benchmark, by bulk SQL, not the services.

Shape (scaled by the number of human-task rows asked for): provinces, each with its
People's Committee, emulation board and council, two emulation groupings and about
30 departments of ~8 units; a nominator and a unit head per unit, a secretariat, council
and Director per department, a head per grouping, officers per province. Proposals over
three years: most decided, some in review (one ready task each), some drafts, returned,
rejected. Each proposal has its workflow instances (one per round), human-task rows for
the steps taken, nominees and audit events, as the services would have written them.
bench/bulkload.py writes the rows: COPY on PostgreSQL, executemany on SQLite.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from workflows.engine.diagrams import parse, read_diagrams
from workflows.process.functions import DIAGRAM_FUNCTIONS
from workflows.reference import role_codes

TASKS_PER_PROPOSAL = 6.4  # measured average of the mix below, used to size the proposals
UNITS_PER_DEPARTMENT = 8
DEPARTMENTS_PER_PROVINCE = 30
PROPOSALS_PER_UNIT = 40  # over three years
YEARS = (2023, 2024, 2025)
AWARDS_DEPARTMENT = ("LDTT", "CSTDCS", "TTLDTT", "GK_CN", "GK_TT")
AWARDS_PROVINCE = ("BK_TINH_CN", "BK_TINH_TT", "CSTD_TINH", "TTLDXS", "CO_THI_DUA_TINH")
#: the share of proposals in each state; the open ones are those of the current year
MIX = (
    ("approved", 0.80),
    ("in_review", 0.09),
    ("draft", 0.02),
    ("returned", 0.03),
    ("rejected", 0.06),
)
DEPARTMENT_PATH = (
    "file_proposal",
    "unit_head_signoff",
    "secretariat_check",
    "council_vote",
    "director_decide",
)
PROVINCE_PATH = (
    "file_proposal",
    "unit_head_signoff",
    "secretariat_check",
    "council_vote",
    "director_submit",
    "grouping_endorse",
    "board_appraise",
    "province_council_vote",
    "chairman_decide",
)
SCOPE_ORG = {  # role → which organisation of the proposal's chain holds the task
    "nominator": "unit",
    "unit_head": "unit",
    "dept_secretariat": "department",
    "dept_council": "department",
    "director": "department",
    "grouping_head": "grouping",
    "board_officer": "board",
    "province_council": "council",
    "chairman": "committee",
}
TABLES = (
    "organisation",
    "group_membership",
    "user_account",
    "role_assignment",
    "proposal",
    "nominee",
    "workflow_instance",
    "human_task",
    "audit_event",
)


@dataclass
class Step:
    bpmn_id: str
    name: str
    role: str
    stage: str
    form: str
    actions: str


def user_task_steps() -> dict[str, Step]:
    """Names, lanes and properties of every user task, read from the diagram itself."""
    spec, _ = parse(read_diagrams(), role_codes(), functions=DIAGRAM_FUNCTIONS)
    out = {}
    for ts in spec.task_specs.values():
        if getattr(ts, "manual", False):
            props = ts.extensions["properties"]
            out[ts.bpmn_id] = Step(
                ts.bpmn_id, ts.bpmn_name, ts.lane, props["stage"], props["form"], props["actions"]
            )
    return out


@dataclass
class Department:
    id: int
    units: list[int]
    grouping: int
    board: int
    council: int
    committee: int
    users: dict[str, int] = field(default_factory=dict)  #: role → user id, department scope


class Generator:
    """Builds rows table by table; `flush` hands them to the writer in chunks."""

    def __init__(self, tasks: int, writer, seed: int = 2025, process_version_id: int = 1):
        self.target = tasks
        self.writer = writer
        self.rng = random.Random(seed)
        self.steps = user_task_steps()
        self.pv = process_version_id
        self.rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
        self.ids: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.unit_users: dict[int, dict[str, int]] = {}
        self.departments: list[Department] = []
        self.unit_department: dict[int, Department] = {}
        self.grouping_head: dict[int, int] = {}
        self.province_users: dict[int, dict[str, int]] = {}
        self.clock = datetime(2023, 1, 2, 8, 0)
        self.ready = 0

    def _id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _add(self, table: str, row: tuple) -> None:
        self.rows[table].append(row)
        if len(self.rows[table]) >= 20_000:
            self.flush()

    def flush(self) -> None:
        for table in TABLES:  # parents before children
            if self.rows[table]:
                self.writer.write(table, self.rows[table])
                self.rows[table] = []

    # -- organisations and people ------------------------------------------------------
    def organisations(self, proposals: int) -> None:
        units_needed = max(4, proposals // PROPOSALS_PER_UNIT)
        departments_needed = max(2, -(-units_needed // UNITS_PER_DEPARTMENT))
        provinces = max(1, -(-departments_needed // DEPARTMENTS_PER_PROVINCE))
        per_province = -(-departments_needed // provinces)
        for p in range(provinces):
            province = self._org(f"tinh-{p}", f"Tỉnh số {p + 1}", "province", None)
            bodies = {
                kind: self._org(f"{kind}-{p}", f"{label} tỉnh số {p + 1}", kind, province)
                for kind, label in (
                    ("committee", "Ủy ban nhân dân"),
                    ("board", "Ban Thi đua – Khen thưởng"),
                    ("council", "Hội đồng Thi đua – Khen thưởng"),
                )
            }
            groupings = [
                self._org(
                    f"khoi-{p}", f"Khối thi đua Văn hóa – Xã hội số {p + 1}", "bloc", province
                ),
                self._org(f"cum-{p}", f"Cụm thi đua số {p + 1}", "cluster", province),
            ]
            self.province_users[p] = {
                "board_officer": self._user(f"chuyenvien.{p}", "board_officer", bodies["board"]),
                "province_council": self._user(
                    f"hoidong.tinh.{p}", "province_council", bodies["council"]
                ),
                "chairman": self._user(f"chutich.{p}", "chairman", bodies["committee"]),
            }
            self._user(f"theodoi.{p}", "board", bodies["board"])
            for g in groupings:
                self.grouping_head[g] = self._user(f"truong.{g}", "grouping_head", g)
            for d in range(per_province):
                code = f"so-{p}-{d}"
                dept_id = self._org(code, f"Sở số {d + 1} tỉnh số {p + 1}", "department", province)
                grouping = groupings[d % 2]
                self._add("group_membership", (self._id("group_membership"), grouping, dept_id))
                units = [
                    self._org(f"{code}-dv{u}", f"Phòng số {u + 1} – {code}", "unit", dept_id)
                    for u in range(UNITS_PER_DEPARTMENT)
                ]
                dept = Department(
                    dept_id,
                    units,
                    grouping,
                    bodies["board"],
                    bodies["council"],
                    bodies["committee"],
                )
                dept.users = {
                    role: self._user(f"{role}.{code}", role, dept_id)
                    for role in ("dept_secretariat", "dept_council", "director")
                }
                dept.users.update(self.province_users[p])
                dept.users["grouping_head"] = self.grouping_head[grouping]
                for unit in units:
                    self.unit_users[unit] = {
                        role: self._user(f"{role}.{code}.{unit}", role, unit)
                        for role in ("nominator", "unit_head")
                    }
                    self.unit_department[unit] = dept
                self.departments.append(dept)

    def _org(self, code: str, name: str, kind: str, parent: int | None) -> int:
        org_id = self._id("organisation")
        self._add("organisation", (org_id, code, name, name[:120], kind, parent))
        return org_id

    def _user(self, username: str, role: str, org_id: int) -> int:
        user_id = self._id("user_account")
        # Not a usable password hash: generated accounts never log in.
        self._add(
            "user_account",
            (user_id, username, f"Người dùng {user_id}", None, "!", True, self.clock),
        )
        self._add("role_assignment", (self._id("role_assignment"), user_id, role, org_id))
        return user_id

    # -- proposals -------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        proposals = max(10, int(self.target / TASKS_PER_PROPOSAL))
        self.organisations(proposals)
        units = list(self.unit_users)
        statuses = [s for s, _ in MIX]
        weights = [w for _, w in MIX]
        seconds = (datetime(2025, 12, 31) - self.clock).total_seconds()
        step_seconds = seconds / proposals
        while self.ids["human_task"] < self.target:
            unit = self.rng.choice(units)
            status = self.rng.choices(statuses, weights)[0]
            year = YEARS[min(2, int(self.ids["proposal"] / proposals * 3))]
            if status != "approved" and status != "rejected":
                year = 2025
            self.clock += timedelta(seconds=step_seconds * self.rng.uniform(0.5, 1.5))
            self.proposal(unit, status, year)
        self.flush()
        return dict(self.ids)

    def proposal(self, unit: int, status: str, year: int) -> None:
        rng = self.rng
        dept = self.unit_department[unit]
        provincial = rng.random() < 0.35
        award = rng.choice(AWARDS_PROVINCE if provincial else AWARDS_DEPARTMENT)
        path = PROVINCE_PATH if provincial else DEPARTMENT_PATH
        if provincial and award not in ("CO_THI_DUA_TINH",):
            path = tuple(p for p in path if p != "province_council_vote")
        nominator = self.unit_users[unit]["nominator"]
        pid = self._id("proposal")
        created = self.clock
        # Which steps were completed, where it waits, how many rounds it took.
        rounds = 1 + (rng.random() < 0.15) + (rng.random() < 0.03)
        if status == "returned":
            rounds += 1
        if status == "approved":
            done_steps, waiting = list(path), None
        elif status in ("draft", "returned"):
            done_steps, waiting = [], "file_proposal"
        elif status == "rejected":
            done_steps, waiting = list(path[: rng.randint(2, len(path))]), None
        else:  # in_review
            k = rng.randint(1, len(path) - 1)
            done_steps, waiting = list(path[:k]), path[k]
        t = created
        actor = {"nominator": nominator, "unit_head": self.unit_users[unit]["unit_head"]}
        actor.update(dept.users)
        org_of = {
            "unit": unit,
            "department": dept.id,
            "grouping": dept.grouping,
            "board": dept.board,
            "council": dept.council,
            "committee": dept.committee,
        }
        self._audit(pid, t, nominator, "created", None, "draft", "unit", 1, None, None)
        # Earlier rounds: each returned somewhere along the path.
        for r in range(1, rounds):
            cut = rng.randint(1, min(4, len(path) - 1))
            t = self._round(pid, r, path[: cut + 1], "return", t, actor, org_of, ended=True)
        last = rounds
        stage_now = None
        if waiting is not None or done_steps:
            final_action = "reject" if status == "rejected" else "approve"
            t = self._round(pid, last, done_steps, final_action, t, actor, org_of,
                            ended=waiting is None, waiting=waiting)  # fmt: skip
            if waiting:
                stage_now = self.steps[waiting].stage
        decided = status in ("approved", "rejected")
        approved = status == "approved"
        self._add("proposal", (
            pid, unit, dept.id, award, year, f"Đề nghị {award} năm {year} – hồ sơ {pid}",
            f"Thành tích nổi bật trong phong trào thi đua năm {year}", status, stage_now, last,
            "department" if rounds > 1 else None, nominator, created, t,
            created + timedelta(hours=2) if status != "draft" else None, t if decided else None,
            "Thiếu báo cáo thành tích" if rounds > 1 or status == "rejected" else None,
            f"{pid}/QĐ" if approved else None, t.date() if approved else None,
            "Người ký" if approved else None, self.pv,
        ))  # fmt: skip
        for position in range(rng.randint(1, 3)):
            user_id = self.unit_users[unit]["unit_head"] if rng.random() < 0.02 else None
            self._add("nominee", (
                self._id("nominee"), pid, position, "person", f"Cá nhân {position + 1} hồ sơ {pid}",
                "Chuyên viên", "", rng.choice(("male", "female")), "Hoàn thành xuất sắc nhiệm vụ",
                user_id,
            ))  # fmt: skip

    def _round(self, pid, round_, done, last_action, t, actor, org_of, ended, waiting=None):
        instance = self._id("workflow_instance")
        end_event = None
        if ended and done:
            kind = {"return": "returned", "reject": "rejected"}.get(last_action)
            end_event = f"end_{kind}_{done[-1]}" if kind else "end_decided"
        state_json = None if ended else _STATE_JSON
        self._add("workflow_instance", (
            instance, pid, round_, self.pv, "1.5", state_json,
            "completed" if ended else "running", end_event, len(done) + 1, t, t,
        ))  # fmt: skip
        for i, bpmn_id in enumerate(done):
            step = self.steps[bpmn_id]
            who = actor[step.role]
            action = "submit" if bpmn_id == "file_proposal" else "approve"
            if i == len(done) - 1 and ended:
                action = last_action
            t_done = t + timedelta(hours=self.rng.uniform(1, 72))
            self._task(pid, instance, step, org_of, t, "completed", who, t_done, action)
            event = {"submit": "submitted", "approve": "approved"}.get(action, action + "ed")
            event = "returned" if action == "return" else event
            self._audit(pid, t_done, who, event, "in_review", "in_review", step.stage, round_,
                        bpmn_id, step.name)  # fmt: skip
            t = t_done
        if waiting is not None:
            step = self.steps[waiting]
            self._task(pid, instance, step, org_of, t, "ready", None, None, None)
            self.ready += 1
        return t

    def _task(self, pid, instance, step, org_of, created, state, who, done_at, action) -> None:
        org = org_of[SCOPE_ORG[step.role]]
        task_id = self._id("human_task")
        self._add("human_task", (
            task_id, instance, pid, f"{task_id:08x}-0000-4000-8000-{pid:012x}", step.bpmn_id,
            step.name, step.role, org, step.stage, step.form, step.actions, "", state,
            who, done_at, created, done_at, who, action,
        ))  # fmt: skip

    def _audit(self, pid, at, actor, action, from_s, to_s, stage, round_, element, name) -> None:
        self._add(
            "audit_event",
            (self._id("audit_event"), pid, at, actor, action, from_s, to_s, stage, round_,
             element, name, None, None),
        )  # fmt: skip


#: a running instance's state: the size of a real one (about 6 KB), not a loadable workflow
_STATE_JSON = json.dumps({"note": "generated", "pad": "x" * 6000})
