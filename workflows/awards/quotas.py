"""Caps per department and year (tỷ lệ khen thưởng), read from workflows/data/quotas.json.

A quota counts something (people with a task rating, or people who received an award) in the
department's units for the proposal's year, against a share of a base (people with other
ratings, or another award). The caps are data with dates. A rating cap belongs to the year
rated (`applies_by: rating_year`: Decree 335/2025 caps the ratings of 2026 onwards, whatever
the decision's date, and Decree 90/2020 as amended those before); an award cap follows the
proposal's rule set (`applies_by: decision`, workflows.awards.rule_sets.for_proposal), so the
old 15%-of-LĐTT rule stops on 30/06/2025. The task page's panel and the decision's enforcement
count with the same function on the same day, so they cannot disagree. A cap `per task group`
is counted within each group of similar tasks (person.task_group) of the proposal's nominees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Date, Integer, Select, bindparam, func, select
from sqlalchemy.orm import Session

from models import AwardRecord, Person, Proposal, YearRecord, core_path
from workflows.awards import rule_sets
from workflows.directory.orgs import subtree_ids
from workflows.directory.person_unit import unit_at
from workflows.errors import N_, ValidationFailed
from workflows.reference import DATA_DIR

QUOTAS_FILE = DATA_DIR / "quotas.json"
SCOPES = ("department", "department_task_group")


@dataclass(frozen=True)
class Quota:
    code: str
    label_vi: str
    label_en: str
    #: {"rating": [...]} or {"award": CODE}: what is capped
    counts: dict
    #: the same shape: what the share is taken of
    of: dict
    of_label_vi: str
    max_share: Decimal
    blocks: tuple[str, ...]
    valid_from: date
    valid_to: date | None  #: inclusive; None while in force
    decree: str
    confirmed: bool
    #: "rating_year" (the row in force on 31/12 of the year rated) or "decision"
    applies_by: str = "decision"
    #: "department" or "department_task_group"
    scope: str = "department"

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def applies(self, year: int, day: date) -> bool:
        """Whether this cap binds a proposal of `year` whose rule set is chosen on `day`."""
        return self.covers(date(year, 12, 31) if self.applies_by == "rating_year" else day)


@dataclass(frozen=True)
class QuotaLine:
    quota: Quota
    year: int
    base: int
    cap: int
    #: already counted in the department and year, outside this proposal
    existing: int
    #: what this proposal's active nominees add
    added: int
    message: str
    #: the group of similar tasks counted in; None for the whole department
    group: str | None = None

    @property
    def total(self) -> int:
        return self.existing + self.added

    @property
    def ok(self) -> bool:
        return self.total <= self.cap

    @property
    def label_vi(self) -> str:
        return self.quota.label_vi


@cache
def all_quotas() -> tuple[Quota, ...]:
    rows = json.loads(QUOTAS_FILE.read_text(encoding="utf-8"))["quotas"]
    out = []
    for row in rows:
        if (
            row.get("rounding", "floor") != "floor"
            or row.get("scope", "department") not in SCOPES
            or row.get("applies_by", "decision") not in ("decision", "rating_year")
            or (row.get("scope") == "department_task_group" and "rating" not in row["counts"])
        ):
            # Only what this module computes may be configured; anything else would be ignored.
            raise ValueError(
                f"{QUOTAS_FILE.name}: {row['code']}: unknown rounding/scope/applies_by"
            )
        out.append(
            Quota(
                code=row["code"],
                label_vi=row["label_vi"],
                label_en=row["label_en"],
                counts=row["counts"],
                of=row["of"],
                of_label_vi=row["of_label_vi"],
                max_share=Decimal(str(row["max_share"])),
                blocks=tuple(row["blocks"]),
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
                decree=row["decree"],
                confirmed=row.get("confirmed", True),
                applies_by=row.get("applies_by", "decision"),
                scope=row.get("scope", "department"),
            )
        )
    return tuple(out)


def concerning(award_code: str, year: int, on_date: date) -> list[Quota]:
    return [q for q in all_quotas() if award_code in q.blocks and q.applies(year, on_date)]


def status(session: Session, proposal: Proposal, on_date: date) -> list[QuotaLine]:
    """Every quota that binds the proposal's award, counted now. `on_date`: the decision's
    date, or today before it; the proposal's rule set is chosen from it by the one rule."""
    day = rule_sets.for_proposal(proposal, on_date).day
    quotas = concerning(proposal.award_code, proposal.year, day)
    if not quotas:
        return []
    grouped = [q for q in quotas if q.scope == "department_task_group"]
    quotas = [q for q in quotas if q.scope == "department"]
    lines = _department_lines(session, proposal, quotas) if quotas else []
    if grouped:
        lines += _group_lines(session, proposal, grouped)
    return lines


def _department_lines(session: Session, proposal: Proposal, quotas: list[Quota]) -> list[QuotaLine]:
    active = sum(1 for n in proposal.nominees if n.status == "active" and n.kind == "person")
    # Every count of every quota in one statement (a scalar subquery each).
    counts = core_path.execute(session, _department_counts(_shape(quotas)), _params(proposal)).one()
    lines = []
    for n, quota in enumerate(quotas):
        existing, base = counts[2 * n] or 0, counts[2 * n + 1] or 0
        added = active if quota.counts.get("award") == proposal.award_code else 0
        if quota.of.get("award") == proposal.award_code:
            base += active
        cap = int((quota.max_share * base).to_integral_value(rounding=ROUND_FLOOR))
        lines.append(_line(quota, proposal.year, base, cap, existing, added))
    return lines


def enforce(session: Session, proposal: Proposal, on_date: date) -> None:
    """Refuse the decision when a cap is exceeded; the message says by how much."""
    over = [line for line in status(session, proposal, on_date) if not line.ok]
    if over:
        # The lines are Vietnamese as the quota pages show them (workflows.awards.quota_display).
        raise ValidationFailed(
            "quota_exceeded",
            {"quota": "; ".join(line.message for line in over)},
            message=N_("Vượt tỷ lệ khen thưởng cho phép"),
        )


def _group_lines(session: Session, proposal: Proposal, quotas: list[Quota]) -> list[QuotaLine]:
    """Rating caps per group of similar tasks: one line per group of the proposal's active
    person nominees (a proposal for collectives alone concerns no group)."""
    people = [
        n.person_id
        for n in proposal.nominees
        if n.status == "active" and n.kind == "person" and n.person_id is not None
    ]
    if not people:
        return []
    # The nominees' groups with every count of every quota for each, in one statement: a row
    # per group (issue 19: the groups were a read of their own). Sorted here, not in SQL, so
    # that the lines come in the same order whatever the database's collation.
    params = {**_params(proposal), "people": people}
    statement = _group_counts(_shape(quotas))
    counted = sorted(core_path.execute(session, statement, params), key=lambda row: row[0])
    lines = []
    for n, quota in enumerate(quotas):
        for row in counted:
            existing, base = row[1 + 2 * n] or 0, row[2 + 2 * n] or 0
            cap = int((quota.max_share * base).to_integral_value(rounding=ROUND_FLOOR))
            lines.append(_line(quota, proposal.year, base, cap, existing, 0, row[0]))
    return lines


def _line(
    quota: Quota,
    year: int,
    base: int,
    cap: int,
    existing: int,
    added: int,
    group: str | None = None,
) -> QuotaLine:
    share = format((quota.max_share * 100).normalize(), "f").replace(".", ",")
    where = ""
    if group:
        # (no group: the agency has not grouped its staff, so its whole staff is one group)
        where = f", nhóm nhiệm vụ “{group}”"
    text = (
        f"{quota.label_vi} năm {year}{where}: tối đa {share}% của {base} {quota.of_label_vi} "
        f"= {cap}"
    )
    text += f"; đã có {existing}"
    total = existing + added
    if added:
        text += f", hồ sơ này thêm {added} → {total}"
    if total > cap:
        text += f", vượt {total - cap}"
    else:
        text += ", trong giới hạn"
    return QuotaLine(quota, year, base, cap, existing, added, text, group)


def _shape(quotas: list[Quota]) -> tuple[tuple[str, str], ...]:
    """What the counts of `quotas` are of, as a key for their statement."""
    return tuple(
        (json.dumps(q.counts, sort_keys=True), json.dumps(q.of, sort_keys=True)) for q in quotas
    )


def _params(proposal: Proposal) -> dict[str, Any]:
    """The values of a proposal bound into the counts' statements."""
    return {
        "department": proposal.department_id,
        "year": proposal.year,
        "year_end": date(proposal.year, 12, 31),
        "proposal": proposal.id,
    }


# The counts' statements, built once per shape of quotas with the proposal's values bound per
# run (`_params`): a Director's decision built them anew, a statement of a dozen subqueries whose
# building and keying cost more CPU than the database spends counting (issue 19).


@lru_cache(maxsize=32)
def _department_counts(shape: tuple[tuple[str, str], ...]) -> Select:
    units = subtree_ids(bindparam("department", type_=Integer))
    return select(
        *(_count(json.loads(what), units).scalar_subquery() for pair in shape for what in pair)
    )


@lru_cache(maxsize=32)
def _group_counts(shape: tuple[tuple[str, str], ...]) -> Select:
    people: Any = bindparam("people", expanding=True)
    groups = select(Person.task_group).where(Person.id.in_(people)).distinct().subquery()
    units = subtree_ids(bindparam("department", type_=Integer))
    return select(
        groups.c.task_group,
        *(
            _count(json.loads(what), units, groups.c.task_group).scalar_subquery()
            for pair in shape
            for what in pair
        ),
    )


def _count(what: dict, units: Select, group: Any = None) -> Select:
    """The count of `what` in `units` for the proposal's year (bound as `year`, `year_end`,
    `proposal`); `group`: within a task group (the column of an enclosing statement's groups)."""
    year = bindparam("year", type_=Integer)
    if "rating" in what:
        query = (
            select(func.count(YearRecord.id))
            .join(Person, Person.id == YearRecord.person_id)
            .where(
                # where they were on 31/12 of the year rated: a move since changes nothing
                unit_at(Person.id, Person.org_id, bindparam("year_end", type_=Date)).in_(units),
                YearRecord.year == year,
                YearRecord.rating.in_(what["rating"]),
            )
        )
        if group is not None:
            query = query.where(Person.task_group == group)
    else:
        # This proposal's own records (after its decision) are its nominees, counted apart.
        query = (
            select(func.count(func.distinct(AwardRecord.person_id)))
            .join(Person, Person.id == AwardRecord.person_id)
            .where(
                unit_at(Person.id, Person.org_id, bindparam("year_end", type_=Date)).in_(units),
                AwardRecord.year == year,
                AwardRecord.award_code == what["award"],
                (AwardRecord.proposal_id.is_(None))
                | (AwardRecord.proposal_id != bindparam("proposal", type_=Integer)),
            )
        )
    return query
