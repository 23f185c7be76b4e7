"""The attachment paths and schema of the OpenAPI document (merged by openapi.py)."""

from __future__ import annotations

from webapp.api.openapi_types import DT, I, S, arr, null, obj, ref
from workflows.proposals.uploads import TYPES

KINDS = ", ".join(TYPES)

SCHEMAS = {
    "Attachment": obj(
        ["id", "proposal_id", "name", "content_type", "size", "sha256", "uploaded_at", "url"],
        id=I,
        proposal_id=I,
        name={**S, "description": "the file name as uploaded, without any directory part"},
        content_type={**S, "description": "decided by the server from the checked file type"},
        size={**I, "description": "bytes"},
        sha256={**S, "description": "hex SHA-256 of the content"},
        kind={**null(S), "description": "the dossier checklist item the file satisfies"},
        uploaded_by={**S, "description": "username"},
        uploaded_at=DT,
        url={**S, "description": "where to download it (GET, bearer token)"},
    ),
}


def _errors(codes: str) -> dict:
    return {code: {"$ref": f"#/components/responses/E{code}"} for code in codes.split()}


def _ids(*names: str) -> list[dict]:
    return [
        {"name": n, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
        for n in names
    ]


def paths(prefix: str) -> dict:
    base = f"{prefix}/proposals/{{proposal_id}}/attachments"
    security: list[dict[str, list[str]]] = [{"bearer": []}]
    upload_body = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": obj(
                    ["attachments"],
                    kind={
                        **S,
                        "description": "the code of the dossier checklist item the files "
                        "satisfy (GET /proposals/{id} → checklist); an unknown code answers 400",
                    },
                    attachments={
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": f"one or several files ({KINDS}); each is checked by "
                        "extension and content and must fit the per-file size limit",
                    },
                )
            }
        },
    }
    return {
        base: {
            "parameters": _ids("proposal_id"),
            "get": {
                "summary": "The files attached to a proposal",
                "tags": ["attachments"],
                "security": security,
                "responses": {
                    "200": {
                        "description": "Attachments, oldest first",
                        "content": {"application/json": {"schema": arr(ref("Attachment"))}},
                    },
                    **_errors("401 404"),
                },
            },
            "post": {
                "summary": "Attach files (multipart) while the proposal is a draft or returned",
                "tags": ["attachments"],
                "security": security,
                "requestBody": upload_body,
                "responses": {
                    "201": {
                        "description": "Stored (all or none)",
                        "content": {"application/json": {"schema": arr(ref("Attachment"))}},
                    },
                    **_errors("400 401 403 404 409 413"),
                },
            },
        },
        f"{base}/{{attachment_id}}": {
            "parameters": _ids("proposal_id", "attachment_id"),
            "get": {
                "summary": "Download one file (Content-Disposition: attachment)",
                "tags": ["attachments"],
                "security": security,
                "responses": {
                    "200": {
                        "description": "The file's bytes",
                        "content": {"application/octet-stream": {"schema": {"type": "string"}}},
                    },
                    **_errors("401 404"),
                },
            },
            "delete": {
                "summary": "Remove a file while the proposal is a draft or returned",
                "tags": ["attachments"],
                "security": security,
                "responses": {"204": {"description": "Removed"}, **_errors("401 403 404 409")},
            },
        },
    }
