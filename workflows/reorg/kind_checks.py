"""The checks of an organisation event by its kind (rename, merge, split, transfer, dissolve,
establish), after those every event has (workflows.reorg.checks.validate)."""

from __future__ import annotations

from sqlalchemy import select

from models import Organisation, OrgEventKind, OrgKind, Person
from workflows.directory import org_history
from workflows.errors import N_
from workflows.reorg.org_checks import below, open_proposal_count
from workflows.reorg.parties import Parties
from workflows.reorg.plan import EventPlan
from workflows.reorg.problems import Problems


def _rename(session, plan: EventPlan, parties: Parties, problems: Problems) -> None:
    if len(plan.org_ids) > 1:
        problems.add("one_organisation", "org_ids", N_("đổi tên từng tổ chức một"))
    if not (plan.new_name or "").strip() or not (plan.new_short_name or "").strip():
        problems.add("new_name_missing", "new_name", N_("cần tên mới và tên ngắn mới"))
    elif parties.subjects and (plan.new_name, plan.new_short_name) == (
        parties.subjects[0].name,
        parties.subjects[0].short_name,
    ):
        problems.add("same_name", "new_name", N_("tên mới trùng tên hiện tại"))


def _merge(session, plan: EventPlan, parties: Parties, problems: Problems) -> None:
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
        elif successor is not None and below(session, org, successor, day_before):
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


def _split(session, plan: EventPlan, parties: Parties, problems: Problems) -> None:
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
        if other.id == org.id or below(session, org, other, plan.effective_on):
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


def _transfer(session, plan: EventPlan, parties: Parties, problems: Problems) -> None:
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
    elif below(session, unit, target, day_before):
        problems.add(
            "merge_into_descendant",
            "successor_id",
            N_("không chuyển %(unit)s về dưới chính nó", unit=unit.name),
        )


def _dissolve(session, plan: EventPlan, parties: Parties, problems: Problems) -> None:
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


def _establish(session, plan: EventPlan, parties: Parties, problems: Problems) -> None:
    if plan.new_org is None:
        problems.add("new_org_missing", "new_org.name", N_("cần khai báo tổ chức mới"))
    if plan.org_ids:
        problems.add("one_organisation", "org_ids", N_("thành lập không có tổ chức tiền thân"))


KIND_CHECKS = {
    OrgEventKind.RENAME: _rename,
    OrgEventKind.MERGE: _merge,
    OrgEventKind.SPLIT: _split,
    OrgEventKind.TRANSFER: _transfer,
    OrgEventKind.DISSOLVE: _dissolve,
    OrgEventKind.ESTABLISH: _establish,
}
