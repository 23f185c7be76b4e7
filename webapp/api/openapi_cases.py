"""The paths and schemas of cases other than proposals (workflows.cases) in the OpenAPI document:
their inbox rows (listed by GET /tasks beside the proposals', told apart by `kind`), one case,
one step, completing a step."""

from __future__ import annotations

from webapp.api.openapi_types import DT, I, S, arr, body, null, obj, ok, op, path_id, ref

KIND_DOC = (
    "`proposal` for a proposal's step (GET /tasks/{id}); any other value is a case's kind "
    "(e.g. `registration`): its step is read and completed at /cases/tasks/{id}"
)

SCHEMAS = {
    "CaseInboxTask": obj(
        ["id", "kind", "case_id", "name", "stage", "role", "org", "actions", "fields", "state"],
        id=I,
        kind={**S, "description": KIND_DOC},
        kind_label=S,
        case_id=I,
        case_title=S,
        subject={
            **obj(["table", "id"], table=S, id=I),
            "description": "the row the case is about (e.g. registration 12)",
        },
        proposal_id={"type": "null"},
        name=S,
        element=S,
        stage=S,
        role=S,
        org=S,
        org_name=S,
        created_at=DT,
        instructions=S,
        form=S,
        actions=arr(ref("Action")),
        fields=arr(ref("Field")),
        due_at={**null(DT), "description": "when the step is due (UTC); null: no rule applies"},
        state={"enum": ["ready", "completed", "cancelled"]},
    ),
    "CaseEvent": obj(
        ["at", "action"],
        at=DT,
        action={"enum": ["started", "completed", "reminded", "overdue", "ended"]},
        from_state=null(S),
        to_state=null(S),
        element=null(S),
        step=null(S),
        step_action=null(S),
        comment=null(S),
    ),
    "Case": obj(
        ["id", "kind", "title", "subject", "org", "status", "state", "steps", "events"],
        id=I,
        kind=S,
        title=S,
        subject=obj(["table", "id"], table=S, id=I),
        org=S,
        status={"enum": ["running", "completed"]},
        state={**S, "description": "where the case stands, in its kind's words"},
        end_event=null(S),
        created_at=DT,
        updated_at=DT,
        steps=arr(ref("CaseInboxTask")),
        events=arr(ref("CaseEvent")),
    ),
    "CaseCompleteInput": obj(
        ["action"],
        True,
        action=S,
        reason={**S, "description": "required to return or reject"},
        lines={
            **arr(obj(["award_code"], person_id=null(I), award_code=S)),
            "description": "a registration's step (kind `registration`, step register_unit): "
            "one line per person of the unit (person_id) or the unit itself (null), with the "
            "title registered; refused after the registration deadline",
        },
    ),
    "Registration": obj(
        ["id", "movement_id", "org", "year", "status", "case_id", "lines", "suggestions"],
        id=I,
        movement_id=I,
        org=S,
        year=I,
        status={"enum": ["open", "submitted", "approved", "returned"]},
        reason=S,
        submitted_at=null(DT),
        approved_at=null(DT),
        case_id=I,
        case_state=S,
        lines=arr(obj(["person_id", "award_code"], person_id=null(I), award_code=S)),
        proposals={
            **arr(
                obj(
                    ["award_code", "proposal_id", "status"],
                    award_code=S,
                    proposal_id=I,
                    status=S,
                )
            ),
            "description": "the proposals filed from it, one per award (a refused one frees it)",
        },
        suggestions=arr(
            obj(
                ["person_id", "award_code", "reason"],
                person_id=I,
                full_name=S,
                award_code=S,
                aims_next=null(S),
                reason={**S, "description": "why, in words, in the caller's language"},
            )
        ),
    ),
    "RegistrationProposalInput": obj(
        ["award"],
        award={**S, "description": "a title of the registration's lines (e.g. LDTT)"},
    ),
    "RegistrationProposal": obj(
        ["id", "status", "stage", "registration_id"],
        id=I,
        status=S,
        stage=S,
        registration_id=I,
    ),
    "RegistrationsOpened": obj(
        ["opened"],
        opened=arr(obj(["id", "org", "year", "status"], id=I, org=S, year=I, status=S)),
    ),
    "CaseCompletionResult": obj(
        ["task", "case", "created"],
        task=ref("CaseInboxTask"),
        case=obj(["id", "state", "finished"], id=I, state=S, finished={"type": "boolean"}),
        created=arr(ref("CaseInboxTask")),
    ),
}


def paths(prefix: str) -> dict:
    return {
        f"{prefix}/cases/{{case_id}}": {
            "parameters": path_id("case_id"),
            "get": op(
                "One case the caller may read (a role at its organisation or at one of its "
                "steps'), with its steps and audit trail",
                "cases",
                ok("The case", ref("Case")),
                "401 404",
            ),
        },
        f"{prefix}/registrations/{{registration_id}}": {
            "parameters": path_id("registration_id"),
            "get": op(
                "One emulation registration with its lines, suggestions from history (each with "
                "its reason) and its case; written by completing the case's steps",
                "cases",
                ok("The registration", ref("Registration")),
                "401 404",
            ),
        },
        f"{prefix}/registrations/{{registration_id}}/proposals": {
            "parameters": path_id("registration_id"),
            "post": op(
                "At year end, file the proposal of one registered award from an approved "
                "registration: a draft whose nominees are the registration's lines for that "
                "award, edited like any draft; by the unit's nominator, once per award",
                "cases",
                ok("The proposal filed", ref("RegistrationProposal"), "201"),
                "400 401 403 404 409 413",
                requestBody=body("RegistrationProposalInput"),
            ),
        },
        f"{prefix}/movements/{{movement_id}}/registrations": {
            "parameters": path_id("movement_id"),
            "post": op(
                "Open the emulation registration of every unit taking part in the movement "
                "that has none yet (a unit ended since by the units that carry it today), for "
                "the movement's year containing today; by the Director or the standing "
                "secretariat of the department carrying the movement, or a board officer; "
                "nothing left to open is 409",
                "cases",
                ok(
                    "The registrations opened, each waiting for its unit",
                    ref("RegistrationsOpened"),
                    "201",
                ),
                "401 403 404 409",
            ),
        },
        f"{prefix}/cases/tasks/{{task_id}}": {
            "parameters": path_id("task_id"),
            "get": op(
                "One step of a case, for a holder of its role at its organisation",
                "cases",
                ok("The step", ref("CaseInboxTask")),
                "401 404",
            ),
        },
        f"{prefix}/cases/tasks/{{task_id}}/complete": {
            "parameters": path_id("task_id"),
            "post": op(
                "Complete a case's step with an action and the step's fields (the kind's)",
                "cases",
                ok("Done, with the steps it created", ref("CaseCompletionResult")),
                "400 401 403 404 409 413",
                requestBody=body("CaseCompleteInput"),
            ),
        },
    }
