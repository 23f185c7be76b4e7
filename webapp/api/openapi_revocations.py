"""The revocation paths and schemas of the OpenAPI document (merged by openapi.py): an award
decided in tdkt revoked through the steps of bpmn/revocation.bpmn."""

from __future__ import annotations

from models import RevocationStatus
from webapp.api.openapi_types import DT, B, D, I, S, arr, body, null, obj, ok, op, path_id, ref

STEP_DOC = (
    "The steps are bpmn/revocation.bpmn's: proposed by the body that submitted the award (the "
    "unit's head for the Director's awards, the Director for the Chairman's), checked by the "
    "provincial board, decided by whoever decided the award. A decided revocation marks the "
    "award record revoked (never deleted): eligibility stops counting it, and the initiatives "
    "it used are free again only with `release_initiatives`. Every step is in the audit trail "
    "of the proposal that gave the award. An award tdkt did not decide (recorded from outside, "
    "or decided by a ministry or the Prime Minister) has decider_role `authority`: the board "
    "proposes and then records the revoking decision received (POST .../record). "
    "Each revocation runs as a case (kind `revocation`): its "
    "waiting step is an inbox row (GET /api/v1/tasks), which "
    "POST /api/v1/cases/tasks/{id}/complete completes as the check and decide paths here do."
)

#: the authority's revoking decision, as the board records it (multipart, with the document)
RECORD_FORM = obj(
    ["action"],
    action={"enum": ["approve", "reject"]},
    comment={**S, "maxLength": 4000, "description": "required to record a refusal"},
    decision_no={**S, "maxLength": 60, "description": "required to record a revocation"},
    decision_date={**S, "description": "dd/mm/yyyy or yyyy-mm-dd"},
    decision_signer={**S, "maxLength": 255, "description": "who signed the decision"},
    document={"type": "string", "format": "binary", "description": "PDF or image"},
)

SCHEMAS = {
    "RevocationInput": obj(
        ["reason", "legal_basis"],
        reason={**S, "minLength": 1, "maxLength": 4000},
        legal_basis={
            **S,
            "minLength": 1,
            "maxLength": 1000,
            "description": "the article relied on",
        },
        release_initiatives={
            **B,
            "description": "the initiatives the award used become available again (default false)",
        },
    ),  # fmt: skip
    "RevocationStepInput": obj(
        ["action"],
        action={"enum": ["approve", "reject"]},
        comment={**S, "maxLength": 4000, "description": "required to reject"},
        decision_no={**S, "maxLength": 60, "description": "the decider's approval: required"},
        decision_date={**S, "description": "dd/mm/yyyy or yyyy-mm-dd; the decider's approval"},
    ),
    "Revocation": obj(
        [
            "id",
            "status",
            "proposal_id",
            "award_record",
            "reason",
            "legal_basis",
            "release_initiatives",
            "recover_amount",
            "recover_basis",
            "decider_role",
            "waiting_step",
        ],
        id=I,
        status={"enum": [s.value for s in RevocationStatus]},
        proposal_id=null(I),
        award_record=obj(
            ["id", "award_code", "subject_name", "year", "revoked_at"],
            id=I,
            award_code=S,
            subject_name=S,
            year=I,
            decision_no=S,
            decision_date=null(D),
            bonus_amount=null(I),
            revoked_at=null(DT),
        ),
        reason=S,
        legal_basis=S,
        release_initiatives=B,
        recover_amount={**I, "description": "VND to recover (the bonus the decision paid)"},
        recover_basis=S,
        decider_role={"enum": ["director", "chairman", "authority"]},
        waiting_step=null(
            obj(
                ["id", "name", "role", "task_id", "due_at", "for_me"],
                id=S,
                name=S,
                role=S,
                task_id={**I, "description": "the step in the inbox: /api/v1/cases/tasks/{id}"},
                due_at=null(DT),
                for_me=B,
            )
        ),
        decision_no=null(S),
        decision_date=null(D),
        decision_signer=null(S),
        document=null(
            obj(
                ["name", "content_type", "size", "sha256"],
                name=S,
                content_type=S,
                size=I,
                sha256=S,
            )
        ),
        refusal=null(S),
    ),
}


def paths(prefix: str) -> dict:
    one = f"{prefix}/revocations/{{revocation_id}}"
    return {
        f"{prefix}/award-records/{{record_id}}/revocations": {
            "parameters": path_id("record_id"),
            "post": op(
                "Propose revoking an award, with the money to recover stated",
                "revocations",
                ok("Proposed", ref("Revocation"), "201"),
                "400 401 403 404 409 413",
                requestBody=body("RevocationInput"),
                description=STEP_DOC,
            ),
        },
        f"{prefix}/revocations": {
            "get": op(
                "The open revocations whose next step the caller may take",
                "revocations",
                ok("Revocations", arr(ref("Revocation"))),
                "401",
            )
        },
        one: {
            "parameters": path_id("revocation_id"),
            "get": op(
                "One revocation and the step it waits on",
                "revocations",
                ok("Revocation", ref("Revocation")),
                "401 404",
            ),
        },
        f"{one}/check": {
            "parameters": path_id("revocation_id"),
            "post": op(
                "The provincial board's check: approve (on to the decider) or reject",
                "revocations",
                ok("Checked", ref("Revocation")),
                "400 401 403 404 409 413",
                requestBody=body("RevocationStepInput"),
                description=STEP_DOC,
            ),
        },
        f"{one}/decide": {
            "parameters": path_id("revocation_id"),
            "post": op(
                "The decider revokes the award (decision number and date) or refuses",
                "revocations",
                ok("Decided", ref("Revocation")),
                "400 401 403 404 409 413",
                requestBody=body("RevocationStepInput"),
                description=STEP_DOC,
            ),
        },
        f"{one}/record": {
            "parameters": path_id("revocation_id"),
            "post": op(
                "The board records the revoking decision received from the authority that "
                "decided the award (outside tdkt or above the province), with its document",
                "revocations",
                ok("Recorded", ref("Revocation")),
                "400 401 403 404 409 413",
                requestBody={
                    "required": True,
                    "content": {"multipart/form-data": {"schema": RECORD_FORM}},
                },
                description=STEP_DOC,
            ),
        },
    }
