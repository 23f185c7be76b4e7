"""An event plan read from plain data (the API's JSON, the admin form): organisations by code,
dates as YYYY-MM-DD or dd/mm/yyyy; every bad field named."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, OrgEventKind, Person
from workflows.errors import N_, Text, ValidationFailed
from workflows.reorg.plan import EventPlan, NewOrg, RolesOutcome, Share


def parse_day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


class _Reader:
    def __init__(self, session: Session, data: dict):
        self.session, self.data = session, data
        self.fields: dict[str, Text] = {}
        self.codes: dict[str, str] = {}

    def problem(self, code: str, name: str, message: Text) -> None:
        self.fields.setdefault(name, message)
        self.codes.setdefault(name, code)

    def text(self, name: str, value: Any = None) -> str | None:
        value = self.data.get(name) if value is None else value
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.problem("invalid_text", name, N_("phải là chuỗi ký tự"))
            return None
        return value.strip() or None

    def day(self, name: str, required: bool = False) -> date | None:
        try:
            value = parse_day(self.data.get(name))
        except (ValueError, TypeError, AttributeError):  # any JSON value may come here
            self.problem("invalid_date", name, N_("phải là ngày dạng dd/mm/yyyy"))
            return None
        if value is None and required:
            self.problem("date_missing", name, N_("cần ngày hiệu lực (dd/mm/yyyy)"))
        return value

    def org(self, name: str, code: Any) -> int | None:
        if code is None or code == "":
            return None
        if not isinstance(code, str):
            self.problem("invalid_org", name, N_("phải là mã tổ chức"))
            return None
        found = self.session.scalar(select(Organisation.id).where(Organisation.code == code))
        if found is None:
            self.problem(
                "unknown_organisation", name, N_("không có tổ chức mã '%(code)s'", code=code[:64])
            )
        return found

    def codes_list(self, name: str) -> list[Any]:
        value = self.data.get(name) or []
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list):
            self.problem("invalid_org", name, N_("phải là danh sách mã tổ chức"))
            return []
        return value


def plan_from_data(session: Session, data: dict) -> EventPlan:
    """The plan `data` describes; ValidationFailed naming each field that cannot be read."""
    reader = _Reader(session, data)
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in set(OrgEventKind):
        reader.problem(
            "invalid_event_kind",
            "kind",
            N_("phải là một trong: %(kinds)s", kinds=", ".join(OrgEventKind)),
        )
    effective_on = reader.day("effective_on", required=True)
    org_ids = []
    orgs = reader.codes_list("organisations")
    if not orgs and data.get("organisation"):
        orgs = [data.get("organisation")]
    for i, code in enumerate(orgs):
        org_id = reader.org("organisations" if not i else f"organisations[{i}]", code)
        if org_id is not None:
            org_ids.append(org_id)
    successor_id = reader.org("successor", data.get("successor"))
    new_org = None
    raw = data.get("new_org")
    if isinstance(raw, dict) and any(raw.values()):
        new_org = NewOrg(
            code=str(raw.get("code") or ""),
            name=str(raw.get("name") or ""),
            short_name=str(raw.get("short_name") or ""),
            kind=str(raw.get("kind") or ""),
            parent_id=reader.org("new_org.parent", raw.get("parent")),
        )
    shares = []
    raw_shares = data.get("shares") or []
    if not isinstance(raw_shares, list):
        reader.problem("invalid_share", "shares", N_("phải là danh sách các phần chia"))
        raw_shares = []
    for i, raw_share in enumerate(raw_shares):
        if not isinstance(raw_share, dict):
            reader.problem("invalid_share", f"shares[{i}]", N_("phải là một phần chia"))
            continue
        taker = reader.org(f"shares[{i}].successor", raw_share.get("successor"))
        raw_units, raw_people = raw_share.get("units") or [], raw_share.get("people") or []
        if not isinstance(raw_units, list) or not isinstance(raw_people, list):
            reader.problem("invalid_share", f"shares[{i}]", N_("phải là một phần chia"))
            continue
        units = [reader.org(f"shares[{i}].units", c) for c in raw_units]
        people = _people(session, reader, i, raw_people)
        if taker is not None:
            shares.append(
                Share(
                    successor_id=taker,
                    people=tuple(people),
                    units=tuple(u for u in units if u is not None),
                    share=reader.text("share", raw_share.get("share")),
                )
            )
    roles = data.get("roles") or RolesOutcome.MOVE
    if not isinstance(roles, str) or roles not in set(RolesOutcome):
        reader.problem("invalid_roles", "roles", N_("phải là 'move' hoặc 'close'"))
    if reader.codes or effective_on is None:
        error = ValidationFailed(
            "org_event_unreadable", reader.fields, N_("Không đọc được sự kiện tổ chức")
        )
        error.codes = reader.codes  # type: ignore[attr-defined]
        raise error
    return EventPlan(
        kind=OrgEventKind(str(kind)),
        effective_on=effective_on,
        decision_no=reader.text("decision_no") or "",
        decision_date=reader.day("decision_date"),
        issued_by=reader.text("issued_by"),
        note=reader.text("note"),
        source_note=reader.text("source_note"),
        org_ids=tuple(org_ids),
        successor_id=successor_id,
        new_org=new_org,
        new_name=reader.text("new_name"),
        new_short_name=reader.text("new_short_name"),
        shares=tuple(shares),
        roles=RolesOutcome(roles),
    )


def _people(session: Session, reader: _Reader, i: int, values: list) -> list[int]:
    ids = []
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            ids.append(value)
        elif isinstance(value, str) and value.strip():
            # A staff code (mã cán bộ) reads better in a request than a row id.
            found = session.scalar(select(Person.id).where(Person.staff_code == value.strip()))
            if found is None:
                reader.problem(
                    "unknown_person",
                    f"shares[{i}].people",
                    N_("không có cán bộ mã '%(code)s'", code=value[:40]),
                )
            else:
                ids.append(found)
    return ids
