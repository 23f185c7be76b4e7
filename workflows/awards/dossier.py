"""The dossier checklist: which documents a proposal's dossier needs, and which it has.

What is needed is dated data per award, province and procedure
(workflows/data/dossier_checklists.json), overlaid by the lists the province's board sets
(table province_rule, kind dossier, key "procedure:award"); an item is satisfied by an
attachment whose `kind` is the item's code. Submission refuses a dossier with a required item
missing and names it. The list read is the one in force on the proposal's first submission (the
day its dossier was received; a return asks for corrections, not a new dossier); before that,
the one in force today.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Attachment, Proposal, RuleKind
from workflows.deadlines.calendar import local_date, today
from workflows.directory.orgs import province_of
from workflows.errors import N_, Text, ValidationFailed
from workflows.reference import DATA_DIR
from workflows.rulebook import store

ANY_PROVINCE = "*"
FIELD = "kind"


@dataclass(frozen=True)
class Row:
    province: str
    procedure: str
    awards: frozenset[str]
    required: tuple[str, ...]
    optional: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    basis: str
    confirmed: bool
    #: items the province's own list defines beyond the shipped ones (code: labels)
    extra_items: dict[str, dict] = field(default_factory=dict, compare=False, hash=False)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Item:
    code: str
    label_vi: str
    label_en: str
    required: bool
    satisfied: bool


@cache
def _data() -> tuple[dict[str, dict], tuple[Row, ...]]:
    raw = json.loads((DATA_DIR / "dossier_checklists.json").read_text(encoding="utf-8"))
    items: dict[str, dict] = raw["items"]
    rows = []
    for row in raw["checklists"]:
        for code in (*row["required"], *row["optional"]):
            if code not in items:
                raise ValueError(f"dossier_checklists.json: unknown item {code!r}")
        rows.append(
            Row(
                province=row["province"],
                procedure=row["procedure"],
                awards=frozenset(row["awards"]),
                required=tuple(row["required"]),
                optional=tuple(row["optional"]),
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                basis=row["basis"],
                confirmed=bool(row.get("confirmed", True)),
            )
        )
    return items, tuple(rows)


def _province_row(province: str, procedure: str, award: str, version: store.Version) -> Row:
    value = version.value
    return Row(
        province=province,
        procedure=procedure,
        awards=frozenset([award]),
        required=tuple(value["required"]),
        optional=tuple(value["optional"]),
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        basis=version.source,
        confirmed=True,
        extra_items=dict(value.get("items") or {}),
    )


def shipped_rows() -> tuple[Row, ...]:
    return _data()[1]


def reading_day(proposal: Proposal) -> date:
    """The day whose list applies to the proposal: its first submission, else today."""
    return local_date(proposal.submitted_at) if proposal.submitted_at else today()


def row_for(
    award_code: str, procedure: str, province: str, day: date, session: Session | None = None
) -> Row | None:
    """The list in force on `day`: the one the province's board set (with a session), else
    the province's shipped one, else the one for any province."""
    if session is not None:
        key = f"{procedure}:{award_code}"
        version = store.in_force(session, RuleKind.DOSSIER, day).get(key)
        if version is not None:
            return _province_row(province, procedure, award_code, version)
    _, rows = _data()
    matching = [
        r for r in rows if award_code in r.awards and r.procedure == procedure and r.covers(day)
    ]
    for wanted in (province, ANY_PROVINCE):
        for row in matching:
            if row.province == wanted:
                return row
    return None


def province_code(session: Session, proposal: Proposal) -> str:
    province = province_of(session, proposal.department_id)
    return province[1] if province is not None else ANY_PROVINCE


def kinds_present(session: Session, proposal_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Attachment.kind).where(
                Attachment.proposal_id == proposal_id, Attachment.kind.is_not(None)
            )
        )
    )


def applied(session: Session, proposal: Proposal, day: date) -> tuple[list[Item], Row | None]:
    """Every item of the proposal's list on `day`, required first, each with whether an
    attachment satisfies it, and the list itself (its basis, its dates); no items when no list
    applies (an award filed elsewhere)."""
    row = row_for(
        proposal.award_code, proposal.procedure, province_code(session, proposal), day, session
    )
    if row is None:
        return [], None
    items, _ = _data()
    labels = {**items, **row.extra_items}
    present = kinds_present(session, proposal.id)
    return [
        Item(
            code,
            labels[code]["label_vi"],
            labels[code]["label_en"],
            code in row.required,
            code in present,
        )
        for code in (*row.required, *row.optional)
    ], row


def checklist(session: Session, proposal: Proposal, day: date) -> list[Item]:
    return applied(session, proposal, day)[0]


def all_items() -> list[Item]:
    """Every item any list names, for a form whose award is not chosen yet."""
    items, _ = _data()
    return [Item(code, i["label_vi"], i["label_en"], False, False) for code, i in items.items()]


def check_kind(session: Session, proposal: Proposal, kind: str | None, day: date) -> str | None:
    """The `kind` an upload names: empty, or an item of the proposal's checklist."""
    kind = (kind or "").strip()
    if not kind:
        return None
    codes = [item.code for item in checklist(session, proposal, day)]
    if kind not in codes:
        wrong = N_(
            "“%(kind)s” không có trong danh mục hồ sơ của đề nghị này (có: %(codes)s)",
            kind=kind[:40],
            codes=", ".join(codes) or "—",
        )
        raise ValidationFailed("unknown_dossier_item", {FIELD: wrong})
    return kind


#: marked with N_ so that `make messages` finds it (the labels are filled in at each use)
MISSING = N_("Hồ sơ còn thiếu: %(missing)s. Hãy đính kèm tệp và chọn loại giấy tờ tương ứng.")


class _Labels(Text):
    """The labels of the missing items; they come from the data in both languages, not from
    the catalogue, so the English ones are taken when the message itself is translated."""

    english: str

    def __new__(cls, items: list[Item]) -> _Labels:
        self = cast(_Labels, super().__new__(cls, "; ".join(item.label_vi for item in items)))
        self.english = "; ".join(item.label_en for item in items)
        return self

    def render(self, translate) -> str:
        return self.english if translate(MISSING) != MISSING else str(self)


def check_complete(session: Session, proposal: Proposal, day: date) -> None:
    """Refuse to submit while a required item has no attachment, naming each one."""
    items = checklist(session, proposal, day)
    missing = [item for item in items if item.required and not item.satisfied]
    if missing:
        wrong = N_(MISSING, missing=_Labels(missing))
        raise ValidationFailed("dossier_incomplete", {"checklist": wrong})
