"""The registration case (bpmn/registration.bpmn): the unit registers its titles by the deadline,
the department's secretariat approves or returns; a return opens a new round."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Award,
    CaseInstance,
    CaseTask,
    Person,
    Registration,
    RegistrationLine,
    RegistrationStatus,
    User,
    utcnow,
)
from workflows.cases import kinds
from workflows.cases.runtime import CaseProcess
from workflows.deadlines.calendar import day_text
from workflows.errors import N_, Conflict, Text, ValidationFailed
from workflows.process.registry import ProcessRegistry
from workflows.registration import suggestions

REGISTER, APPROVE = "register_unit", "approve_registration"
RETURNED = "end_registration_returned"
#: at most this many lines in one registration (a unit's collective and its people)
MAX_LINES = 2000


class RegistrationKind(kinds.CaseKind):
    code = "registration"
    process_id = "tdkt_registration"
    label = "Đăng ký thi đua"
    subject_table = "registration"

    def check(
        self, session: Session, case: CaseInstance, task: CaseTask, payload: Mapping
    ) -> tuple[str, dict[str, Any]]:
        action, data = super().check(session, case, task, payload)
        if task.bpmn_id != REGISTER:
            return action, data
        if task.due_at is not None and utcnow() > task.due_at:
            raise Conflict(
                "registration_late",
                N_(
                    "Đã quá hạn đăng ký thi đua (hạn cuối ngày %(day)s): không nhận đăng ký muộn",
                    day=day_text(task.due_at),
                ),
            )
        registration = session.get_one(Registration, case.subject_id)
        data["lines"] = _lines(session, registration, payload.get("lines"))
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
        registration = session.get_one(Registration, case.subject_id)
        if task.bpmn_id == REGISTER:
            registration.lines = [
                RegistrationLine(person_id=pid, award_code=code) for pid, code in data["lines"]
            ]
            registration.status = RegistrationStatus.SUBMITTED
            registration.submitted_at = utcnow()
        elif action == "approve":
            registration.status = RegistrationStatus.APPROVED
            registration.approved_at = utcnow()
        else:
            registration.status = RegistrationStatus.RETURNED
            registration.reason = data.get("reason", "")

    def after(
        self,
        session: Session,
        registry: ProcessRegistry,
        case: CaseInstance,
        task: CaseTask,
        user: User,
        end_event: str | None,
    ) -> None:
        if end_event == RETURNED:
            # A new round for the unit: a return is an end, never a loop in the diagram.
            CaseProcess.start(
                session, registry, self.code, case.subject_id, case.org_id, user, case.title
            )

    def posted(self, form: Mapping[str, str]) -> dict[str, Any]:
        lines: list[dict[str, Any]] = []
        for key, code in form.items():
            if not key.startswith("award-") or not code:
                continue
            who = key.removeprefix("award-")
            lines.append({"person_id": None if who == "unit" else who, "award_code": code})
        return {"lines": lines}

    def page(
        self, session: Session, case: CaseInstance, task: CaseTask, user: User
    ) -> dict[str, Any]:
        registration = session.get_one(Registration, case.subject_id)
        chosen = {line.person_id: line.award_code for line in registration.lines}
        suggested = suggestions.for_unit(session, case.org_id, registration.year)
        return {
            "registration": registration,
            "suggestions": suggested,
            "chosen": chosen,
            "person_awards": _awards(session, "person"),
            "unit_awards": _awards(session, "collective"),
            # the titles shown by name (a suggestion may aim beyond what the unit can pick)
            "awards": {a.code: a for a in session.scalars(select(Award))},
        }


def _awards(session: Session, target: str) -> list[tuple[str, str]]:
    codes = ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH_CN", "GK_CN")
    if target == "collective":
        codes = ("TTLDTT", "TTLDXS", "GK_TT", "BK_TINH_TT", "CO_THI_DUA_TINH")
    rows = session.execute(select(Award.code, Award.name_vi).where(Award.code.in_(codes)))
    order = {c: i for i, c in enumerate(codes)}
    return sorted(((c, n) for c, n in rows), key=lambda r: order[r[0]])


def _lines(
    session: Session, registration: Registration, raw: object
) -> list[tuple[int | None, str]]:
    """The lines sent, checked: a list of {person_id (null: the unit), award_code}, each
    person of the unit, each award for its kind of subject, at most one line per subject."""
    problems: dict[str, Text] = {}
    if not isinstance(raw, list) or not raw:
        raise ValidationFailed(
            "registration_lines",
            {"lines": N_("cần danh sách đăng ký: mỗi dòng một người (hoặc đơn vị) và danh hiệu")},
        )
    if len(raw) > MAX_LINES:
        raise ValidationFailed(
            "registration_lines", {"lines": N_("quá %(max)s dòng", max=MAX_LINES)}
        )
    people = set(session.scalars(select(Person.id).where(Person.org_id == registration.org_id)))
    targets = dict(session.execute(select(Award.code, Award.target)).all())
    out: list[tuple[int | None, str]] = []
    seen: set[int | None] = set()
    for i, line in enumerate(raw):
        where = f"lines[{i}]"
        if not isinstance(line, dict):
            problems[where] = N_("phải là một đối tượng {person_id, award_code}")
            continue
        pid, code = line.get("person_id"), line.get("award_code")
        if isinstance(pid, str) and pid.isascii() and pid.isdigit() and len(pid) < 10:
            pid = int(pid)
        if pid is not None and (isinstance(pid, bool) or not isinstance(pid, int)):
            problems[f"{where}.person_id"] = N_("phải là mã số người hoặc null (đơn vị)")
            continue
        if pid is not None and pid not in people:
            problems[f"{where}.person_id"] = N_(
                "người số %(id)s không thuộc đơn vị đăng ký", id=pid
            )
            continue
        if not isinstance(code, str) or code not in targets:
            problems[f"{where}.award_code"] = N_("không phải mã danh hiệu đã biết")
            continue
        wanted = "person" if pid is not None else "collective"
        if targets[code] != wanted:
            problems[f"{where}.award_code"] = N_(
                "danh hiệu %(code)s không dành cho %(who)s",
                code=code,
                who=N_("cá nhân") if wanted == "person" else N_("tập thể"),
            )
            continue
        if pid in seen:
            problems[f"{where}.person_id"] = N_("mỗi người (hoặc đơn vị) chỉ đăng ký một dòng")
            continue
        seen.add(pid)
        out.append((pid, code))
    if problems:
        raise ValidationFailed("registration_lines", problems)
    return out


KIND = RegistrationKind()
