"""The dossier checklist: which documents a proposal's dossier needs, and which it has.

What is needed is dated data per award, province and procedure
(workflows/data/dossier_checklists.json); an item is satisfied by an attachment whose `kind`
is the item's code. Submission refuses a dossier with a required item missing and names it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Attachment, OrgKind, Proposal
from workflows.errors import N_, Text, ValidationFailed
from workflows.reference import DATA_DIR

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


def row_for(award_code: str, procedure: str, province: str, day: date) -> Row | None:
    """The list in force on `day`: the province's own, else the one for any province."""
    _, rows = _data()
    matching = [
        r for r in rows if award_code in r.awards and r.procedure == procedure and r.covers(day)
    ]
    for wanted in (province, ANY_PROVINCE):
        for row in matching:
            if row.province == wanted:
                return row
    return None


def province_code(proposal: Proposal) -> str:
    province = proposal.department.ancestor(OrgKind.PROVINCE)
    return province.code if province is not None else ANY_PROVINCE


def kinds_present(session: Session, proposal_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Attachment.kind).where(
                Attachment.proposal_id == proposal_id, Attachment.kind.is_not(None)
            )
        )
    )


def checklist(session: Session, proposal: Proposal, day: date) -> list[Item]:
    """Every item of the proposal's list on `day`, required first, each with whether an
    attachment satisfies it; empty when no list applies (an award filed elsewhere)."""
    row = row_for(proposal.award_code, proposal.procedure, province_code(proposal), day)
    if row is None:
        return []
    items, _ = _data()
    present = kinds_present(session, proposal.id)
    return [
        Item(
            code,
            items[code]["label_vi"],
            items[code]["label_en"],
            code in row.required,
            code in present,
        )
        for code in (*row.required, *row.optional)
    ]


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


MISSING = "Hồ sơ còn thiếu: %(missing)s. Hãy đính kèm tệp và chọn loại giấy tờ tương ứng."


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
