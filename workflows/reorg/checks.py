"""Whether an organisation event may be applied: every problem found at once (`problems`), each
named by its field with a Vietnamese message and a code of its own (ValidationFailed
`org_event_refused`, whose `codes` maps each field to its problem's code). Here: the checks
every event has; those of one organisation are in `org_checks`, those of each kind in
`kind_checks`.

The dates follow the schema's convention: what ends gets valid_to = the day before the event,
what begins valid_from = the event's day; so an organisation must exist on the event's day (it
still does that morning) and have begun before it.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import GROUPING_KINDS, Organisation, OrgEventKind, OrgKind
from workflows.deadlines.calendar import today
from workflows.errors import N_
from workflows.reorg.kind_checks import KIND_CHECKS
from workflows.reorg.org_checks import alive, load, no_later_event, open_proposal_count
from workflows.reorg.parties import Parties
from workflows.reorg.plan import EventPlan
from workflows.reorg.problems import Problems, day_text

__all__ = ["CHANGEABLE", "CODE", "LIMITS", "Parties", "open_proposal_count", "validate"]

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
LIMITS = {"decision_no": 120, "issued_by": 255, "new_name": 255, "new_short_name": 120}
#: the kinds an event may change (the province and its bodies are not reorganised here)
CHANGEABLE = (OrgKind.DEPARTMENT, OrgKind.UNIT, *GROUPING_KINDS)


def _texts(plan: EventPlan, problems: Problems) -> None:
    if not (plan.decision_no or "").strip():
        problems.add(
            "decision_missing",
            "decision_no",
            N_("cần số quyết định (căn cứ pháp lý) của sự kiện"),
        )
    for name, limit in LIMITS.items():
        value = getattr(plan, name)
        if value is not None and len(value) > limit:
            problems.add("text_too_long", name, N_("dài quá %(max)s ký tự", max=str(limit)))
    if plan.effective_on > today():
        # Applying moves people, roles and open work at once; a change that takes effect
        # later is recorded on or after its day, so nothing moves before the decision says.
        problems.add(
            "event_not_yet_in_effect",
            "effective_on",
            N_(
                "chỉ ghi được sự kiện từ ngày nó có hiệu lực; hôm nay là %(day)s",
                day=day_text(today()),
            ),
        )
    if plan.decision_date is not None and plan.decision_date > plan.effective_on:
        problems.add(
            "decision_after_effect",
            "decision_date",
            N_("ngày quyết định phải trước hoặc bằng ngày hiệu lực"),
        )


def _new_org(session: Session, plan: EventPlan, problems: Problems) -> None:
    new = plan.new_org
    if new is None:
        return
    if not CODE.match(new.code or ""):
        problems.add(
            "invalid_org_code",
            "new_org.code",
            N_("mã gồm 2–64 ký tự a-z, 0-9 và dấu gạch ngang"),
        )
    elif session.scalar(select(Organisation.id).where(Organisation.code == new.code)):
        problems.add("org_code_taken", "new_org.code", N_("mã '%(code)s' đã có", code=new.code))
    if not (new.name or "").strip() or len(new.name) > 255:
        problems.add("invalid_org_name", "new_org.name", N_("cần tên (tối đa 255 ký tự)"))
    if not (new.short_name or "").strip() or len(new.short_name) > 120:
        problems.add(
            "invalid_org_name", "new_org.short_name", N_("cần tên ngắn (tối đa 120 ký tự)")
        )
    if new.kind not in CHANGEABLE:
        problems.add("invalid_org_kind", "new_org.kind", N_("loại tổ chức không hợp lệ"))
    parent = load(session, new.parent_id, "new_org.parent_id", problems)
    if parent is not None and not parent.exists_on(plan.effective_on):
        problems.add(
            "organisation_gone",
            "new_org.parent_id",
            N_(
                "%(org)s không tồn tại ngày %(day)s",
                org=parent.name,
                day=day_text(plan.effective_on),
            ),
        )


def validate(session: Session, plan: EventPlan) -> Parties:
    """The plan's organisations, loaded; ValidationFailed naming every problem otherwise."""
    problems = Problems()
    _texts(plan, problems)
    parties = Parties()
    for i, org_id in enumerate(plan.org_ids):
        org = load(session, org_id, f"org_ids[{i}]" if i else "org_id", problems)
        if org is not None:
            parties.subjects.append(org)
    if not plan.org_ids and plan.kind != OrgEventKind.ESTABLISH:
        problems.add("organisation_missing", "org_id", N_("cần chọn tổ chức"))
    if len(set(plan.org_ids)) != len(plan.org_ids):
        problems.add("organisation_twice", "org_ids", N_("một tổ chức được chọn hai lần"))
    parties.successor = load(session, plan.successor_id, "successor_id", problems)
    for share in plan.shares:
        org = load(session, share.successor_id, "shares", problems)
        if org is not None:
            parties.shares[org.id] = org
    for i, org in enumerate(parties.subjects):
        name = f"org_ids[{i}]" if i else "org_id"
        if org.kind not in CHANGEABLE:
            problems.add(
                "organisation_not_changeable",
                name,
                N_("%(org)s không thay đổi qua sự kiện tổ chức", org=org.name),
            )
        alive(org, plan, name, problems)
        no_later_event(session, org, plan, name, problems)
    for org in [parties.successor, *parties.shares.values()]:
        if org is not None:
            if not org.exists_on(plan.effective_on):
                problems.add(
                    "organisation_gone",
                    "successor_id",
                    N_(
                        "%(org)s không tồn tại ngày %(day)s",
                        org=org.name,
                        day=day_text(plan.effective_on),
                    ),
                )
            no_later_event(session, org, plan, "successor_id", problems)
    _new_org(session, plan, problems)
    KIND_CHECKS[plan.kind](session, plan, parties, problems)
    problems.raise_any()
    return parties
