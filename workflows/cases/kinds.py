"""The registry of case kinds: what each kind of case is, and what its steps mean.

A feature adds a kind by subclassing `CaseKind` (its process id, label and subject; the fields
of its forms, the check of what a person sends, what completing a step does) and registering
one instance of it (`register`) where the application starts (webapp.cases.KINDS). The runtime
(workflows.cases.runtime) asks the kind; it knows no feature.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from models import CaseInstance, CaseTask, OrgKind, User
from workflows.errors import N_, NotFound
from workflows.process.forms import REASON_REQUIRED, Field, validate_fields
from workflows.process.registry import ProcessRegistry
from workflows.reference import RoleInfo

#: a step's reason: required to return or reject
REASON = Field("reason", "text", "Ý kiến / lý do", required_for=REASON_REQUIRED, max_length=2000)


class CaseKind:
    """One kind of case. Subclasses set the class attributes and override what differs."""

    #: the kind's code, stored in case_instance.kind and case_task.kind, shown by the API
    code: str = ""
    #: the executable process in bpmn/ that runs it
    process_id: str = ""
    #: what the kind is called (Vietnamese source, translated where shown)
    label: str = ""
    #: the table of the row a case is about
    subject_table: str = ""

    def start_data(self, session: Session, case: CaseInstance) -> dict[str, Any]:
        """The engine data a new case starts with (the diagram's gateways read it)."""
        return {"case_id": case.id}

    def org_for(self, session: Session, case: CaseInstance, role: RoleInfo) -> int:
        """The organisation whose holders of `role` act on a step of the case: the case's own
        for a unit role, its department for a department role."""
        if role.scope == "unit":
            return case.org_id
        if role.scope == "department":
            department = case.org.ancestor(OrgKind.DEPARTMENT)
            if department is not None:
                return department.id
        raise NotFound(
            "case_step_without_org",
            N_(
                "Không xác định được đơn vị xử lý bước của vai trò '%(role)s' cho hồ sơ #%(id)s",
                role=role.code,
                id=case.id,
            ),
        )

    def fields(self, task: CaseTask) -> tuple[Field, ...]:
        """The fields of a step's form beside the action (a reason by default); their labels
        are listed for the catalogue in webapp/labels.py, as the proposal's are."""
        return (REASON,)

    def page(
        self, session: Session, case: CaseInstance, task: CaseTask, user: User
    ) -> dict[str, Any]:
        """What the kind's step page shows beside the form (webapp/cases)."""
        return {}

    def posted(self, form: Mapping[str, str]) -> dict[str, Any]:
        """What the kind's step page posts beyond the step's fields, as the API would send it."""
        return {}

    def may_act(self, session: Session, user: User, task: CaseTask) -> bool:
        """Beyond holding the step's role at its organisation (checked by the runtime)."""
        return True

    def may_act_beyond_role(self, session: Session, user: User, task: CaseTask) -> bool:
        """Whether someone without the step's role at its organisation may act all the same
        (none by default; a bloc's peer cross-check where its dated rules allow it)."""
        return False

    def check(
        self, session: Session, case: CaseInstance, task: CaseTask, payload: Mapping
    ) -> tuple[str, dict[str, Any]]:
        """What a person sent, checked against the step's actions and fields: (action, the
        engine data to complete the step with), or ValidationFailed naming each field."""
        return validate_fields(self.fields(task), task.action_list, dict(payload))

    def completed(
        self,
        session: Session,
        case: CaseInstance,
        task: CaseTask,
        user: User,
        action: str,
        data: Mapping[str, Any],
    ) -> None:
        """What completing a step does to the feature's own rows (after the engine ran)."""

    def after(
        self,
        session: Session,
        registry: ProcessRegistry,
        case: CaseInstance,
        task: CaseTask,
        user: User,
        end_event: str | None,
    ) -> None:
        """After a step completed and the case was saved (`end_event`: where it ended, if it
        did): e.g. open the next round of a case returned for revision."""

    def state_of(self, case: CaseInstance, ready: list[str], end_event: str | None) -> str:
        """The feature's word for where the case stands: by default the first waiting step's
        BPMN id, or the end event once it has ended."""
        if end_event is not None:
            return end_event
        return ready[0] if ready else ""

    def title_of(self, session: Session, case: CaseInstance) -> str:
        return case.title


_KINDS: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    """Make a kind known (once per code; registering the same object again is harmless)."""
    known = _KINDS.get(kind.code)
    if known is not None and known is not kind and type(known) is not type(kind):
        raise ValueError(f"case kind {kind.code!r} is registered already")
    _KINDS[kind.code] = kind
    return kind


def get(code: str) -> CaseKind:
    kind = _KINDS.get(code)
    if kind is None:
        raise NotFound("case_kind_unknown", N_("Không có loại hồ sơ “%(kind)s”", kind=code))
    return kind


def known() -> dict[str, CaseKind]:
    return dict(_KINDS)


def label(code: str) -> str:
    """The kind's label (Vietnamese source; pages translate it), or its code when unknown."""
    kind = _KINDS.get(code)
    return kind.label if kind is not None else code
