"""The province rules' paths and schemas of the OpenAPI document (merged by openapi.py)."""

from __future__ import annotations

from models import RuleKind
from webapp.api.openapi_types import I, S, arr, obj, ref

KINDS = [k.value for k in RuleKind]
NULL_DATE = {"type": ["string", "null"], "format": "date"}
KIND_DOC = (
    "`council` quorum and approval of a council (key `department`, `province`, or "
    '`level:AWARD`; value {quorum: {num, den} or "2/3" or 0.8, approval: {num, den, of: '
    "members|cast, strict}}), read on the day the ballot box opens; `step_deadline` a process "
    "step's time (key: the step id; value {duration, unit: working|calendar, remind_before, "
    "escalate_to: {role, scope}}), read on the day the step starts; `year_deadline` the "
    "province's year-end deadline (key `normal`; value {day, month}), read on filing and first "
    "submission; `dossier` an award's dossier (key `procedure:AWARD`; value {required: [codes], "
    "optional: [codes], items: {code: {label_vi, label_en}}}), read on the first submission."
)

SCHEMAS = {
    "ProvinceRuleKind": {"type": "string", "enum": KINDS, "description": KIND_DOC},
    "ProvinceRule": obj(
        ["kind", "key", "value", "valid_from", "valid_to", "source", "origin", "id"],
        kind={**S, "description": "a ProvinceRuleKind, or `criteria` (the rule set, read-only)"},
        key=S,
        value={"type": "object"},
        valid_from=NULL_DATE,
        valid_to=NULL_DATE,
        source={**S, "description": "the act and article the rule rests on"},
        origin={"type": "string", "enum": ["province", "shipped"]},
        id={"type": ["integer", "null"]},
    ),
    "ProvinceRulesInForce": obj(["on", "rules"], on=S, rules=arr(ref("ProvinceRule"))),
    "NewProvinceRule": obj(
        ["kind", "key", "value", "valid_from", "source"],
        kind=ref("ProvinceRuleKind"),
        key=S,
        value={"type": "object"},
        valid_from={"type": "string", "format": "date", "description": "not before today"},
        source=S,
    ),
    "ProvinceRuleWritten": obj(
        ["id", "kind", "key", "value", "valid_from", "valid_to", "source", "replaced_id"],
        True,
        id=I,
        kind=S,
        key=S,
        value={"type": "object"},
        valid_from=S,
        valid_to=NULL_DATE,
        source=S,
        replaced_id={"type": ["integer", "null"], "description": "the version it closed"},
    ),
}


def _answers(ok: str, schema: str, errors: str) -> dict:
    out: dict = {
        ok: {"description": "OK", "content": {"application/json": {"schema": ref(schema)}}}
    }
    for code in errors.split():
        out[code] = {"$ref": f"#/components/responses/E{code}"}
    return out


def paths(prefix: str) -> dict:
    return {
        f"{prefix}/province-rules": {
            "get": {
                "summary": "The province's rules in force on a date, each with its source",
                "tags": ["province-rules"],
                "parameters": [
                    {
                        "name": "on",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "format": "date"},
                        "description": "the day (YYYY-MM-DD); today when absent",
                    }
                ],
                "responses": _answers("200", "ProvinceRulesInForce", "400 401 403"),
                "security": [{"bearer": []}],
            },
            "post": {
                "summary": "A new version of a rule from a date (board and administrators); "
                "closes the version it replaces",
                "tags": ["province-rules"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("NewProvinceRule")}},
                },
                "responses": _answers("201", "ProvinceRuleWritten", "400 401 403"),
                "security": [{"bearer": []}],
            },
        }
    }
