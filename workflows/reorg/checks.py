"""Whether an organisation event may be applied: every problem found at once, each named by
its field with a Vietnamese message and a code of its own (ValidationFailed
`org_event_refused`, whose `codes` maps each field to its problem's code).

The dates follow the schema's convention: what ends gets valid_to = the day before the event,
what begins valid_from = the event's day; so an organisation must exist on the event's day (it
still does that morning) and have begun before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    FINAL_STATUSES,
    GROUPING_KINDS,
    Organisation,
    OrgEvent,
    OrgEventKind,
    OrgEventParty,
    OrgKind,
    Person,
    Proposal,
)
from workflows.deadlines.calendar import today
from workflows.directory import org_history
from workflows.errors import N_, Text, ValidationFailed
from workflows.reorg.plan import EventPlan

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
LIMITS = {"decision_no": 120, "issued_by": 255, "new_name": 255, "new_short_name": 120}
#: the kinds an event may change (the province and its bodies are not reorganised here)
CHANGEABLE = (OrgKind.DEPARTMENT, OrgKind.UNIT, *GROUPING_KINDS)


@dataclass
class Parties:
    """The organisations of a checked plan, loaded."""

    #: renamed, transferred, split, dissolved; a merge's predecessors
    subjects: list[Organisation] = field(default_factory=list)
    #: a merge's existing successor, a transfer's new department, a dissolution's heir, a
    #: split's default successor
    successor: Organisation | None = None
    #: a split's successors by id
    shares: dict[int, Organisation] = field(default_factory=dict)


class _Problems:
    """Every problem of a plan: its field, its message and its own code (`codes` on the error,
    by field; the error's code is the one for any refused plan)."""

    def __init__(self) -> None:
        self.fields: dict[str, Text] = {}
        self.codes: dict[str, str] = {}

    def add(self, code: str, name: str, message: Text) -> None:
        if name not in self.fields:
            self.fields[name] = message
            self.codes[name] = code

    def raise_any(self) -> None:
        if self.codes:
            error = ValidationFailed(
                "org_event_refused", self.fields, N_("Không áp dụng được sự kiện tổ chức")
            )
            error.codes = self.codes  # type: ignore[attr-defined]
            raise error


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _load(session: Session, org_id: int | None, name: str, problems: _Problems):
    if org_id is None:
        return None
    org = session.get(Organisation, org_id)
    if org is None:
        problems.add("unknown_organisation", name, N_("không có tổ chức số %(id)s", id=str(org_id)))
    return org


def _alive(org: Organisation, plan: EventPlan, name: str, problems: _Problems) -> None:
    """`org` takes part as one that changes or ends on the event's day."""
    day = plan.effective_on
    if org.valid_to is not None and org.valid_to < day:
        problems.add(
            "organisation_gone",
            name,
            N_(
                "%(org)s không còn tồn tại ngày %(day)s (chấm dứt từ sau ngày %(end)s)",
                org=org.name,
                day=_day(day),
                end=_day(org.valid_to),
            ),
        )
    elif org.valid_from is not None and day <= org.valid_from:
        problems.add(
            "before_organisation_start",
            name,
            N_(
                "ngày hiệu lực %(day)s phải sau ngày %(org)s được thành lập (%(start)s)",
                day=_day(day),
                org=org.name,
                start=_day(org.valid_from),
            ),
        )


def _no_later_event(session: Session, org: Organisation, plan: EventPlan, name: str, problems):
    later = session.scalar(
        select(OrgEvent)
        .join(OrgEventParty, OrgEventParty.event_id == OrgEvent.id)
        .where(OrgEventParty.org_id == org.id, OrgEvent.effective_on > plan.effective_on)
        .order_by(OrgEvent.effective_on.desc())
        .limit(1)
    )
    if later is not None:
        problems.add(
            "later_event_recorded",
            name,
            N_(
                "%(org)s đã có sự kiện ngày %(later)s (quyết định số %(no)s): không ghi được "
                "sự kiện trước đó",
                org=org.name,
                later=_day(later.effective_on),
                no=later.decision_no,
            ),
        )


def open_proposal_count(session: Session, org: Organisation) -> int:
    return len(
        session.scalars(
            select(Proposal.id).where(
                (Proposal.org_id == org.id) | (Proposal.department_id == org.id),
                Proposal.status.not_in(FINAL_STATUSES),
            )
        ).all()
    )


def _below(session: Session, org: Organisation, other: Organisation, day: date) -> bool:
    """Whether `other` is `org` or stands below it on `day`."""
    node: Organisation | None = other
    seen: set[int] = set()
    while node is not None and node.id not in seen:
        if node.id == org.id:
            return True
        seen.add(node.id)
        node = org_history.parent_on(session, node, day)
    return False


def _texts(plan: EventPlan, problems: _Problems) -> None:
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
                "chỉ ghi được sự kiện từ ngày nó có hiệu lực; hôm nay là %(day)s", day=_day(today())
            ),
        )
    if plan.decision_date is not None and plan.decision_date > plan.effective_on:
        problems.add(
            "decision_after_effect",
            "decision_date",
            N_("ngày quyết định phải trước hoặc bằng ngày hiệu lực"),
        )


def _new_org(session: Session, plan: EventPlan, problems: _Problems) -> None:
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
    parent = _load(session, new.parent_id, "new_org.parent_id", problems)
    if parent is not None and not parent.exists_on(plan.effective_on):
        problems.add(
            "organisation_gone",
            "new_org.parent_id",
            N_("%(org)s không tồn tại ngày %(day)s", org=parent.name, day=_day(plan.effective_on)),
        )


def validate(session: Session, plan: EventPlan) -> Parties:
    """The plan's organisations, loaded; ValidationFailed naming every problem otherwise."""
    problems = _Problems()
    _texts(plan, problems)
    parties = Parties()
    for i, org_id in enumerate(plan.org_ids):
        org = _load(session, org_id, f"org_ids[{i}]" if i else "org_id", problems)
        if org is not None:
            parties.subjects.append(org)
    if not plan.org_ids and plan.kind != OrgEventKind.ESTABLISH:
        problems.add("organisation_missing", "org_id", N_("cần chọn tổ chức"))
    if len(set(plan.org_ids)) != len(plan.org_ids):
        problems.add("organisation_twice", "org_ids", N_("một tổ chức được chọn hai lần"))
    parties.successor = _load(session, plan.successor_id, "successor_id", problems)
    for share in plan.shares:
        org = _load(session, share.successor_id, "shares", problems)
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
        _alive(org, plan, name, problems)
        _no_later_event(session, org, plan, name, problems)
    for org in [parties.successor, *parties.shares.values()]:
        if org is not None:
            if not org.exists_on(plan.effective_on):
                problems.add(
                    "organisation_gone",
                    "successor_id",
                    N_(
                        "%(org)s không tồn tại ngày %(day)s",
                        org=org.name,
                        day=_day(plan.effective_on),
                    ),
                )
            _no_later_event(session, org, plan, "successor_id", problems)
    _new_org(session, plan, problems)
    _KIND_CHECKS[plan.kind](session, plan, parties, problems)
    problems.raise_any()
    return parties


def _rename(session, plan: EventPlan, parties: Parties, problems: _Problems) -> None:
    if len(plan.org_ids) > 1:
        problems.add("one_organisation", "org_ids", N_("đổi tên từng tổ chức một"))
    if not (plan.new_name or "").strip() or not (plan.new_short_name or "").strip():
        problems.add("new_name_missing", "new_name", N_("cần tên mới và tên ngắn mới"))
    elif parties.subjects and (plan.new_name, plan.new_short_name) == (
        parties.subjects[0].name,
        parties.subjects[0].short_name,
    ):
        problems.add("same_name", "new_name", N_("tên mới trùng tên hiện tại"))


def _merge(session, plan: EventPlan, parties: Parties, problems: _Problems) -> None:
    successor = parties.successor
    if (successor is None) == (plan.new_org is None):
        problems.add(
            "successor_missing",
            "successor_id",
            N_("chọn một tổ chức kế thừa, hoặc khai báo tổ chức mới"),
        )
    kind = successor.kind if successor is not None else plan.new_org.kind if plan.new_org else None
    day_before = plan.effective_on
    for org in parties.subjects:
        if successor is not None and org.id == successor.id:
            problems.add(
                "merge_into_itself",
                "successor_id",
                N_("không hợp nhất %(org)s vào chính nó", org=org.name),
            )
        elif successor is not None and _below(session, org, successor, day_before):
            problems.add(
                "merge_into_descendant",
                "successor_id",
                N_(
                    "không sáp nhập %(org)s vào %(other)s, một đơn vị trực thuộc nó",
                    org=org.name,
                    other=successor.name,
                ),
            )
        if kind is not None and org.kind != kind:
            problems.add(
                "kind_mismatch",
                "successor_id",
                N_("%(org)s và tổ chức kế thừa phải cùng loại", org=org.name),
            )


def _split(session, plan: EventPlan, parties: Parties, problems: _Problems) -> None:
    if len(plan.org_ids) != 1:
        problems.add("one_organisation", "org_ids", N_("chia tách từng tổ chức một"))
        return
    if not plan.shares:
        problems.add("shares_missing", "shares", N_("cần ít nhất một tổ chức tiếp nhận"))
    if not parties.subjects:
        return
    org = parties.subjects[0]
    people = set(session.scalars(select(Person.id).where(Person.org_id == org.id)).all())
    units = set(
        session.scalars(select(Organisation.id).where(Organisation.parent_id == org.id)).all()
    )
    named_people = [p for share in plan.shares for p in share.people]
    named_units = [u for share in plan.shares for u in share.units]
    for other in [*parties.shares.values(), parties.successor]:
        if other is None:
            continue
        if other.id == org.id or _below(session, org, other, plan.effective_on):
            problems.add(
                "merge_into_descendant",
                "shares",
                N_("%(org)s không tiếp nhận được phần của chính nó", org=other.name),
            )
    if set(named_people) - people or len(set(named_people)) != len(named_people):
        problems.add(
            "share_people_unknown",
            "shares",
            N_("người được chia phải thuộc %(org)s và chỉ được chia một lần", org=org.name),
        )
    if set(named_units) - units or len(set(named_units)) != len(named_units):
        problems.add(
            "share_units_unknown",
            "shares",
            N_("đơn vị được chia phải trực thuộc %(org)s và chỉ được chia một lần", org=org.name),
        )
    if parties.successor is None:
        left = len(people - set(named_people))
        if left:
            problems.add(
                "people_unassigned",
                "successor_id",
                N_(
                    "%(count)s người của %(org)s chưa được giao cho tổ chức nào: chọn tổ chức "
                    "nhận phần còn lại",
                    count=str(left),
                    org=org.name,
                ),
            )
        elif units - set(named_units) or open_proposal_count(session, org):
            problems.add(
                "work_unassigned",
                "successor_id",
                N_(
                    "%(org)s còn đơn vị trực thuộc hoặc hồ sơ đang xử lý: chọn tổ chức nhận "
                    "phần còn lại",
                    org=org.name,
                ),
            )


def _transfer(session, plan: EventPlan, parties: Parties, problems: _Problems) -> None:
    if len(plan.org_ids) != 1:
        problems.add("one_organisation", "org_ids", N_("điều chuyển từng đơn vị một"))
        return
    target = parties.successor
    if target is None:
        problems.add("successor_missing", "successor_id", N_("cần chọn Sở/ngành tiếp nhận"))
        return
    if target.kind != OrgKind.DEPARTMENT:
        problems.add("kind_mismatch", "successor_id", N_("nơi tiếp nhận phải là một Sở/ngành"))
    if not parties.subjects:
        return
    unit = parties.subjects[0]
    if unit.kind != OrgKind.UNIT:
        problems.add("kind_mismatch", "org_id", N_("chỉ điều chuyển được đơn vị trực thuộc"))
    day_before = plan.effective_on
    if org_history.parent_on(session, unit, day_before) == target:
        problems.add(
            "transfer_same_department",
            "successor_id",
            N_("%(unit)s đã thuộc %(dept)s", unit=unit.name, dept=target.name),
        )
    elif _below(session, unit, target, day_before):
        problems.add(
            "merge_into_descendant",
            "successor_id",
            N_("không chuyển %(unit)s về dưới chính nó", unit=unit.name),
        )


def _dissolve(session, plan: EventPlan, parties: Parties, problems: _Problems) -> None:
    if len(plan.org_ids) != 1:
        problems.add("one_organisation", "org_ids", N_("giải thể từng tổ chức một"))
        return
    if not parties.subjects:
        return
    org = parties.subjects[0]
    heir = parties.successor
    if heir is not None:
        _merge(session, plan, parties, problems)
        return
    children = session.scalar(
        select(Organisation.id).where(
            Organisation.parent_id == org.id, org_history.valid_on(Organisation, plan.effective_on)
        )
    )
    if children is not None or open_proposal_count(session, org):
        problems.add(
            "open_work_without_heir",
            "successor_id",
            N_(
                "%(org)s còn đơn vị trực thuộc hoặc hồ sơ đang xử lý: chọn tổ chức tiếp nhận "
                "trước khi giải thể",
                org=org.name,
            ),
        )


def _establish(session, plan: EventPlan, parties: Parties, problems: _Problems) -> None:
    if plan.new_org is None:
        problems.add("new_org_missing", "new_org.name", N_("cần khai báo tổ chức mới"))
    if plan.org_ids:
        problems.add("one_organisation", "org_ids", N_("thành lập không có tổ chức tiền thân"))


_KIND_CHECKS = {
    OrgEventKind.RENAME: _rename,
    OrgEventKind.MERGE: _merge,
    OrgEventKind.SPLIT: _split,
    OrgEventKind.TRANSFER: _transfer,
    OrgEventKind.DISSOLVE: _dissolve,
    OrgEventKind.ESTABLISH: _establish,
}
