"""The upward path's paths of the OpenAPI document (merged by openapi.py): the document of a
higher decision, and the dossier bundle sent to the ministry or the Prime Minister.

The decision itself is recorded by completing the step `await_decision` (form
`higher_decision`) through POST /tasks/{task_id}/complete; its extra fields are described here."""

from __future__ import annotations

from webapp.api.openapi_attachments import _errors, _ids
from webapp.api.openapi_types import I, S, arr, obj, ref
from workflows.process.forms import SEND_CHANNELS

SCHEMAS = {
    "HigherDecisionResult": obj(
        ["nominee_id", "granted"],
        nominee_id=I,
        granted={"type": "boolean"},
        reason={**S, "description": "why not granted: required when granted is false"},
    ),
    "HigherDecision": obj(
        ["action", "document_id"],
        action={"enum": ["approve", "reject"]},
        decision_no=S,
        decision_date={**S, "description": "dd/mm/yyyy or yyyy-mm-dd"},
        signer=S,
        document_id={
            **I,
            "description": "the decision's document, uploaded first with POST "
            "/proposals/{proposal_id}/decision-document",
        },
        results={
            **arr(ref("HigherDecisionResult")),
            "description": "one row per nominee still in the running; absent: every nominee as "
            "the action says (approve: granted; reject: not granted)",
        },
        comment={**S, "description": "required with reject: why the higher level refused"},
    ),
    "SubmitHigher": obj(
        ["action", "submission_no", "submission_date", "sent_date", "channel", "sent_reference"],
        action={"enum": ["approve", "return", "reject"]},
        submission_no=S,
        submission_date=S,
        sent_date={**S, "description": "when the dossier was sent (dd/mm/yyyy)"},
        channel={"enum": list(SEND_CHANNELS)},
        sent_reference={**S, "description": "electronic dossier code, postal or letter number"},
    ),
}


def paths(prefix: str) -> dict:
    base = f"{prefix}/proposals/{{proposal_id}}"
    security: list[dict[str, list[str]]] = [{"bearer": []}]
    return {
        f"{base}/decision-document": {
            "parameters": _ids("proposal_id"),
            "post": {
                "summary": "Attach the document of a ministry's or the Prime Minister's decision "
                "while the proposal waits at await_decision (the board officer)",
                "tags": ["upward"],
                "security": security,
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": obj(
                                ["document"], document={"type": "string", "format": "binary"}
                            )
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "The attachment (kind quyet_dinh_cap_tren); its id goes "
                        "into the step's document_id (schema HigherDecision)",
                        "content": {"application/json": {"schema": ref("Attachment")}},
                    },
                    **_errors("400 401 403 404 409 413"),
                },
            },
        },
        f"{base}/bundle.zip": {
            "parameters": _ids("proposal_id"),
            "get": {
                "summary": "The dossier bundle sent upward: the province's submission and the "
                "achievement report (.docx and PDF), the department's submission and minutes, "
                "the attachments and manifest.json with each file's SHA-256 "
                "(docs/dossier-bundle.md); the Chairman, the board officer and the board",
                "tags": ["upward"],
                "security": security,
                "responses": {
                    "200": {
                        "description": "A .zip",
                        "content": {"application/zip": {"schema": {"type": "string"}}},
                    },
                    **_errors("401 403 404 409"),
                },
            },
        },
    }
