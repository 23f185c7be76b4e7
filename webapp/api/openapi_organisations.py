"""The organisation paths and schemas of the OpenAPI document (merged by openapi.py)."""

from __future__ import annotations

from models import OrgEventKind, OrgKind, PartyRole
from webapp.api.openapi_types import arr, obj, ok, op, ref

S = {"type": "string"}
NS = {"type": ["string", "null"]}
DAY = {"type": "string", "format": "date"}
NDAY = {"type": ["string", "null"], "format": "date"}
LINK = obj(
    ["code", "event"],
    code=S,
    event=obj(
        ["id", "kind", "effective_on", "decision_no"],
        id={"type": "integer"},
        kind=ref("OrgEventKind"),
        effective_on=DAY,
        decision_no=S,
    ),
)
SCHEMAS = {
    "OrgEventKind": {"type": "string", "enum": [k.value for k in OrgEventKind]},
    "Organisation": obj(
        ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to"],
        code=S,
        name={**S, "description": "as of the day asked (`on`)"},
        short_name=S,
        kind={"type": "string", "enum": [k.value for k in OrgKind]},
        parent={**NS, "description": "the parent's code as of the day asked"},
        valid_from={**NDAY, "description": "first day (inclusive); null: before the records"},
        valid_to={**NDAY, "description": "last day (inclusive); null: still exists"},
        exists={"type": "boolean"},
        predecessors=arr(LINK),
        successors=arr(LINK),
        source_note=NS,
    ),
    "OrgEvent": obj(
        ["id", "kind", "effective_on", "decision_no", "parties"],
        id={"type": "integer"},
        kind=ref("OrgEventKind"),
        effective_on={**DAY, "description": "the first day of the new state"},
        decision_no=S,
        decision_date=NDAY,
        issued_by=NS,
        note=NS,
        source_note=NS,
        summary={"type": "object", "description": "what moved, counted when applied"},
        parties=arr(
            obj(
                ["code", "role"],
                code=S,
                name=S,
                role={"type": "string", "enum": [r.value for r in PartyRole]},
                share=NS,
            )
        ),
    ),
    "OrgEventInput": {
        "type": "object",
        "required": ["kind", "effective_on", "decision_no"],
        "description": "rename: organisations=[code], new_name, new_short_name; merge: "
        "organisations (predecessors), successor (an existing code) or new_org; split: "
        "organisations=[code], shares [{successor, people (ids or staff codes), units (codes), "
        "share}], successor = who takes the rest; transfer: organisations=[unit], successor = "
        "the new department; dissolve: organisations=[code], successor = the heir (optional); "
        "establish: new_org. roles: `move` (to the successor) or `close`.",
        "properties": {
            "kind": ref("OrgEventKind"),
            "effective_on": DAY,
            "decision_no": S,
            "decision_date": DAY,
            "issued_by": S,
            "note": S,
            "source_note": S,
            "organisations": arr(S),
            "successor": S,
            "new_name": S,
            "new_short_name": S,
            "new_org": obj(
                ["code", "name", "short_name", "kind"],
                code=S,
                name=S,
                short_name=S,
                kind=S,
                parent=S,
            ),
            "shares": arr({"type": "object"}),
            "roles": {"type": "string", "enum": ["move", "close"]},
        },
    },
    "OrgEventPreview": obj(
        ["preview", "counts", "moves"],
        preview={"type": "boolean"},
        counts={"type": "object", "additionalProperties": {"type": "integer"}},
        moves={"type": "object", "description": "per category, the rows that would move"},
    ),
}


ON = {
    "name": "on",
    "in": "query",
    "required": False,
    "schema": DAY,
    "description": "the day asked (YYYY-MM-DD); today by default",
}
CODE = [{"name": "code", "in": "path", "required": True, "schema": S}]


def paths(prefix: str) -> dict:
    base = f"{prefix}/organisations"
    listing = obj(["on", "items"], on=DAY, items=arr(ref("Organisation")))
    return {
        base: {
            "get": op(
                "Organisations existing on a day, with names and parents as of then",
                "organisations",
                ok("The list", listing),
                "400 401",
                parameters=[
                    ON,
                    {
                        "name": "all",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "enum": ["1"]},
                        "description": "every organisation, those gone marked `exists: false`",
                    },
                ],
            )
        },
        f"{base}/{{code}}": {
            "parameters": CODE,
            "get": op(
                "One organisation as of a day",
                "organisations",
                ok("It", ref("Organisation")),
                "400 401 404",
                parameters=[ON],
            ),
        },
        f"{base}/{{code}}/events": {
            "parameters": CODE,
            "get": op(
                "The events an organisation took part in, oldest first",
                "organisations",
                ok("The events", arr(ref("OrgEvent"))),
                "401 404",
            ),
        },
        f"{base}/events": {
            "post": op(
                "Apply an organisation event (administrators); with ?preview=1, list what "
                "would move and write nothing",
                "organisations",
                {
                    **ok("Applied", ref("OrgEvent"), "201"),
                    **ok("Preview", ref("OrgEventPreview")),
                },
                "400 401 403 409 413",
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": ref("OrgEventInput")}},
                },
                parameters=[
                    {
                        "name": "preview",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "enum": ["1"]},
                        "description": "list what would move; nothing written",
                    }
                ],
            )
        },
    }
