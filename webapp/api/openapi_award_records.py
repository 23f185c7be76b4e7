"""Paths of awards decided outside tdkt (merged by openapi.py): recorded with their decision's
document for a person of the staff registry or a collective, and the document's download."""

from __future__ import annotations

from webapp.api.openapi_attachments import _errors, _ids
from webapp.api.openapi_types import I, S, obj, ref

SCHEMAS = {
    "AwardRecordDocument": obj(
        ["name", "content_type", "size", "sha256"],
        name=S,
        content_type=S,
        size=I,
        sha256=S,
    ),
    "OutsideAwardRecord": obj(
        ["id", "award_code", "year", "decision_no", "decision_date", "decided_by", "document"],
        id=I,
        person_id={"type": ["integer", "null"], "description": "a person's award"},
        org_id={"type": ["integer", "null"], "description": "a collective's award"},
        subject_name=S,
        award_code=S,
        year=I,
        decision_no=S,
        decision_date={**S, "format": "date"},
        decided_by=S,
        amount={"type": ["integer", "null"], "description": "VND, when the decision states it"},
        source=S,
        document=ref("AwardRecordDocument"),
        recorded_by_id=I,
    ),
}


def paths(prefix: str) -> dict:
    security: list[dict[str, list[str]]] = [{"bearer": []}]
    form = obj(
        ["award_code", "year", "decision_no", "decision_date", "decided_by", "document"],
        award_code={**S, "description": "any of the catalogue's codes (GET /awards)"},
        year={**S, "description": "the award year, e.g. 2024"},
        decision_no=S,
        decision_date={**S, "description": "dd/mm/yyyy or yyyy-mm-dd; not in the future"},
        decided_by={**S, "description": "the issuer and signer"},
        amount={**S, "description": "VND, digits (dots allowed), when known"},
        document={"type": "string", "format": "binary", "description": "PDF or image"},
    )
    return {
        f"{prefix}/people/{{person_id}}/award-records": {
            "parameters": _ids("person_id"),
            "post": {
                "summary": "Record an award decided outside tdkt with its decision's document "
                "(the board officer; a department's secretariat for its own people); "
                "eligibility counts it",
                "tags": ["people"],
                "security": security,
                "requestBody": {
                    "required": True,
                    "content": {"multipart/form-data": {"schema": form}},
                },
                "responses": {
                    "201": {
                        "description": "The award record",
                        "content": {"application/json": {"schema": ref("OutsideAwardRecord")}},
                    },
                    **_errors("400 401 403 404 409 413"),
                },
            },
        },
        f"{prefix}/organisations/{{code}}/award-records": {
            "parameters": [
                {"name": "code", "in": "path", "required": True, "schema": S},
            ],
            "post": {
                "summary": "Record a collective's award decided outside tdkt (its Tập thể lao "
                "động xuất sắc, Bằng khen, Cờ thi đua) with its decision's document (the board "
                "officer; a department's secretariat for its own units); eligibility counts it",
                "tags": ["organisations"],
                "security": security,
                "requestBody": {
                    "required": True,
                    "content": {"multipart/form-data": {"schema": form}},
                },
                "responses": {
                    "201": {
                        "description": "The award record",
                        "content": {"application/json": {"schema": ref("OutsideAwardRecord")}},
                    },
                    **_errors("400 401 403 404 409 413"),
                },
            },
        },
        f"{prefix}/award-records/{{record_id}}/document": {
            "parameters": _ids("record_id"),
            "get": {
                "summary": "The decision's document of an award record, for who may read the "
                "person's history",
                "tags": ["people"],
                "security": security,
                "responses": {
                    "200": {
                        "description": "The file as uploaded",
                        "content": {"application/octet-stream": {"schema": {"type": "string"}}},
                    },
                    **_errors("401 404"),
                },
            },
        },
    }
