"""The OpenAPI 3.1 document of API v1, as a Python dict (served at GET /api/v1/openapi.json)."""

from __future__ import annotations

from copy import deepcopy
from functools import cache

from webapp.api import (
    openapi_admin,
    openapi_attachments,
    openapi_award_records,
    openapi_blocs,
    openapi_cases,
    openapi_certificates,
    openapi_notifications,
    openapi_organisations,
    openapi_people,
    openapi_processes,
    openapi_province_rules,
    openapi_revocations,
    openapi_upward,
)
from webapp.api.openapi_schemas import SCHEMAS
from webapp.api.openapi_tasks import TASK_SCHEMAS
from webapp.api.openapi_types import (
    STAGE_DOC,
    STAGES,
    STATUS_DOC,
    I,
    S,
    arr,
    body,
    ok,
    op,
    path_id,
    ref,
)
from workflows.process import inbox_view

P = "/api/v1"

ERRORS = {
    "400": "Bad input: malformed JSON, wrong types, invalid values (`fields` names each one)",
    "401": "No token, or an unknown, expired or revoked token (`WWW-Authenticate: Bearer`)",
    "403": "The caller may not do this (role, organisation, conflict of interest, claim)",
    "404": "Unknown, or not visible to the caller (existence is not disclosed)",
    "409": "Already done or changed meanwhile (completed, not editable, stale)",
    "413": "Request body larger than the server's limit",
    "422": "This Idempotency-Key was already used for another request",
    "429": "Too many failed logins for this username or from this address; retry after "
    "`Retry-After` seconds (the limits are in the message)",
}


def query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


LIST_PARAMS = [
    query("status", ref("Status"), "only this status; unknown values are a 400"),
    query("stage", {"enum": STAGES}, STAGE_DOC),
    query("org", S, "organisation code: the filing unit or its department"),
    query("award", S, "award code"),
    query("year", I, "year of the proposal"),
    query(
        "q",
        {"type": "string", "maxLength": 100},
        "words that must all occur in the title or a nominee's name, ignoring case and "
        "Vietnamese marks (`nguyen van` finds `Nguyễn Văn`)",
    ),
    query("page", {"type": "integer", "minimum": 1, "default": 1}, "page number"),
    query(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
        "items per page (at most 200)",
    ),
]
TASK_OPS = {
    "claim": ("Take the task for yourself (others in the role no longer see it)", "409"),
    "release": ("Put a task you claimed back into the shared queue", "409"),
}


def _paths() -> dict:
    prop = f"{P}/proposals/{{proposal_id}}"
    paths = {
        f"{P}/openapi.json": {
            "get": op("This document", "meta", ok("OpenAPI 3.1", {"type": "object"}), public=True)
        },
        f"{P}/auth/token": {
            "post": op(
                "Exchange username and password for a bearer token",
                "auth",
                ok("Token issued", ref("Token"), "201"),
                "400 401 413 429",
                requestBody=body("TokenRequest"),
                public=True,
            )
        },
        f"{P}/auth/revoke": {
            "post": op(
                "Revoke the presented token", "auth", {"204": {"description": "Revoked"}}, "401"
            )
        },
        f"{P}/me": {"get": op("The caller and their roles", "auth", ok("Me", ref("Me")), "401")},
        f"{P}/awards": {
            "get": op(
                "Award catalogue with the route each award takes",
                "reference",
                ok("Awards", arr(ref("Award"))),
                "401",
            )
        },
        f"{P}/movements": {
            "get": op(
                "Emulation movements with their content and targets",
                "reference",
                ok("Movements", arr(ref("Movement"))),
                "401",
            )
        },
        f"{P}/reports/departments": {
            "get": op(
                "Proposals per department, as recorded or rolled up through successors",
                "reports",
                ok("Counts", ref("DepartmentCounts")),
                "400 401 403",
                parameters=[
                    query("year", I, "year of the proposals (all years when absent)"),
                    query(
                        "rollup",
                        {"type": "integer", "enum": [0, 1], "default": 0},
                        "1: a department taken over counts in its successor (listed in "
                        "`former`); 0: each department as recorded",
                    ),
                ],
            )
        },
        f"{P}/movements/{{movement_id}}/targets": {
            "parameters": path_id("movement_id"),
            "get": op(
                "A movement's targets against reality: per target, registered (approved "
                "registrations) → proposed (sent proposals) → awarded (decided), as counts and "
                "percentages of the target's base, for the movement, per department and per "
                "unit the caller's dashboard sees",
                "reports",
                ok("The report", ref("MovementTargets")),
                "400 401 403 404",
                parameters=[
                    query(
                        "rollup",
                        {"type": "integer", "enum": [0, 1], "default": 1},
                        "1: a department taken over counts in its successor; 0: each "
                        "department the unit was under when the movement began",
                    ),
                ],
            ),
        },
        f"{P}/proposals": {
            "get": op(
                "Proposals the caller may see, filtered and paged",
                "proposals",
                ok("A page", ref("ProposalList")),
                "400 401",
                parameters=LIST_PARAMS,
            ),
            "post": op(
                "File a proposal (status draft)",
                "proposals",
                ok("Created", ref("FilingResult"), "201"),
                "400 401 403 413",
                requestBody=body("ProposalInput"),
            ),
        },
        prop: {
            "parameters": path_id("proposal_id"),
            "get": op(
                "One proposal with its current tasks and history",
                "proposals",
                ok("The proposal", ref("Proposal")),
                "401 404",
            ),
            "put": op(
                "Edit a draft or returned proposal",
                "proposals",
                ok("The proposal", ref("Proposal")),
                "400 401 403 404 409 413",
                requestBody=body("ProposalInput"),
            ),
        },
        f"{prop}/history": {
            "parameters": path_id("proposal_id"),
            "get": op(
                "The audit trail by rounds, newest rounds first, paged",
                "proposals",
                ok("A page of rounds", ref("HistoryPage")),
                "400 401 404",
                parameters=[
                    query(
                        "limit",
                        {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
                        "rounds per page",
                    ),
                    query(
                        "offset",
                        {"type": "integer", "minimum": 0, "default": 0},
                        "newest rounds to skip (older_offset of the previous page)",
                    ),
                ],
            ),
        },
        f"{prop}/submit": {
            "parameters": path_id("proposal_id"),
            "post": op(
                "Submit (or resubmit after a return)",
                "proposals",
                ok("Submitted, with the steps it now waits on", ref("SubmitResult")),
                "400 401 403 404 409 413",
                requestBody={**body("SubmitInput"), "required": False},
            ),
        },
        f"{P}/tasks": {
            "get": op(
                "Tasks the caller may act on now",
                "tasks",
                ok(
                    "Without any paging or filter parameter: every task (as clients written "
                    "before paging expect), their number in the X-Total-Count header, the steps "
                    "of cases other than proposals (a registration …) after the proposals' "
                    "(`kind` tells them apart). With any of them: one page, "
                    "{items, total, limit, offset}, of proposals' and cases' steps together in "
                    "the inbox's order (a filter only a proposal has (proposal_id, award, q) "
                    "leaves the cases' steps out).",
                    {
                        "oneOf": [
                            arr({"oneOf": [ref("InboxTask"), ref("CaseInboxTask")]}),
                            ref("InboxTaskPage"),
                        ]
                    },
                ),
                "400 401",
                parameters=[
                    query("proposal_id", I, "only tasks of this proposal"),
                    query(
                        "limit", {**I, "minimum": 1, "maximum": 200, "default": 50}, "rows per page"
                    ),
                    query("offset", {**I, "minimum": 0, "default": 0}, "rows skipped"),
                    query("award", S, "award code"),
                    query("unit", S, "code of the filing unit"),
                    query("stage", {"enum": STAGES}, "stage of the step"),
                    query("due", {"enum": ["overdue", "soon", "ok"]}, "due state of the step"),
                    query("q", S, "words of the title or a nominee's name; diacritics optional"),
                    query(
                        "sort",
                        {"enum": list(inbox_view.SORTS)},
                        "column to sort by; default: soonest due, then longest waiting",
                    ),
                    query("dir", {"enum": ["asc", "desc"]}, "direction of sort"),
                ],
            )
        },
        f"{P}/tasks/{{task_id}}": {
            "parameters": path_id("task_id"),
            "get": op(
                "One task the caller may read, with its criteria check and quota lines",
                "tasks",
                ok("The task", ref("Task")),
                "401 404",
            ),
        },
        f"{P}/tasks/{{task_id}}/complete": {
            "parameters": path_id("task_id"),
            "post": op(
                "Complete a task with an action and the task's fields",
                "tasks",
                ok("Done, with the proposal's next steps", ref("CompletionResult")),
                "400 401 403 404 409 413",
                requestBody=body("CompleteInput"),
            ),
        },
        f"{P}/tasks/{{task_id}}/lower": {
            "parameters": path_id("task_id"),
            "post": op(
                "Propose a lower award for nominees instead of refusing them",
                "tasks",
                ok("Lowered: where the nominees go on", ref("LoweringResult")),
                "400 401 403 404 409 413",
                requestBody=body("LoweringInput"),
                description="A reviewer at a department, bloc or province step proposes, with a "
                "reason, an award no higher than the proposal's and within the step's reach (the "
                "Director's awards at the department; the province's from the bloc and the "
                "province) for nominees of one kind. They are checked against the new award's "
                "criteria (`lowered_not_eligible` without a `justification` when they fail) and "
                "go on along its route (award_route.dmn): in a new proposal linked both ways "
                "(`split_from` / `split_into`) when others stay, or the proposal itself changes "
                "award when all are lowered; its round starts at the reviewer's stage, or the "
                "new route's last stage before it. `award_out_of_reach`, "
                "`nominee_not_in_proposal`, `lowering_not_here` (a ballot, the unit's steps).",
            ),
        },
    }
    for name, (summary, _) in TASK_OPS.items():
        paths[f"{P}/tasks/{{task_id}}/{name}"] = {
            "parameters": path_id("task_id"),
            "post": op(summary, "tasks", ok("Done", ref("TaskResult")), "401 403 404 409"),
        }
    paths.update(openapi_attachments.paths(P))
    paths.update(openapi_notifications.paths(P))
    paths.update(openapi_admin.paths(P))
    paths.update(openapi_organisations.paths(P))
    paths.update(openapi_processes.paths(P))
    _idempotent(paths[f"{P}/processes/{{process_id}}/migrations"]["post"])
    paths.update(openapi_people.paths(P))
    paths.update(openapi_cases.paths(P))
    _idempotent(paths[f"{P}/cases/tasks/{{task_id}}/complete"]["post"])
    _idempotent(paths[f"{P}/registrations/{{registration_id}}/proposals"]["post"])
    _idempotent(paths[f"{P}/movements/{{movement_id}}/registrations"]["post"])
    for path in (f"{P}/proposals", f"{prop}/submit", f"{P}/tasks/{{task_id}}/complete"):
        _idempotent(paths[path]["post"])
    _idempotent(paths[f"{P}/tasks/{{task_id}}/lower"]["post"])
    _idempotent(paths[f"{prop}/attachments"]["post"])
    _idempotent(paths[f"{P}/organisations/events"]["post"])
    paths.update(openapi_province_rules.paths(P))
    paths.update(openapi_certificates.paths(P))
    paths.update(openapi_upward.paths(P))
    _idempotent(paths[f"{prop}/decision-document"]["post"])
    paths.update(openapi_award_records.paths(P))
    _idempotent(paths[f"{P}/people/{{person_id}}/award-records"]["post"])
    paths.update(openapi_revocations.paths(P))
    for path in ("/award-records/{record_id}/revocations", "/revocations/{revocation_id}/check"):
        _idempotent(paths[P + path]["post"])
    _idempotent(paths[f"{P}/revocations/{{revocation_id}}/decide"]["post"])
    for path in (f"{P}/proposals", f"{prop}/submit", f"{P}/tasks/{{task_id}}/complete"):
        _idempotent(paths[path]["post"])
    _idempotent(paths[f"{prop}/attachments"]["post"])
    _idempotent(paths[f"{P}/province-rules"]["post"])
    paths.update(openapi_blocs.paths(P))
    for path, method in openapi_blocs.IDEMPOTENT:
        _idempotent(paths[f"{P}{path}"][method])
    return paths


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Any unique string per operation (a UUID). A retry with the same key and "
    "the same request answers the first success (status, body, Location) with the header "
    "`Idempotent-Replayed: true` and acts no more; the same key with another request answers "
    "422 `idempotency_key_reused`. Keys are per user, recorded with the action, kept 24 hours.",
}


def _idempotent(operation: dict) -> None:
    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
    operation["responses"]["422"] = {"$ref": "#/components/responses/E422"}


@cache
def _document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tdkt API",
            "version": "1.0.0",
            "description": "Đề nghị thi đua – khen thưởng: the same rules as the web pages. "
            "Get a token from POST /api/v1/auth/token and send `Authorization: Bearer <token>`; "
            "session cookies are not accepted. Errors are `{error, code, message, fields}`: `code` "
            "is stable, `message` is in the language of the token's user. " + STATUS_DOC,
        },
        "servers": [{"url": "/"}],
        "paths": _paths(),
        "components": {
            "schemas": {
                **SCHEMAS,
                **TASK_SCHEMAS,
                **openapi_attachments.SCHEMAS,
                **openapi_certificates.SCHEMAS,
                **openapi_notifications.SCHEMAS,
                **openapi_admin.SCHEMAS,
                **openapi_organisations.SCHEMAS,
                **openapi_province_rules.SCHEMAS,
                **openapi_blocs.SCHEMAS,
                **openapi_processes.SCHEMAS,
                **openapi_revocations.SCHEMAS,
                **openapi_people.SCHEMAS,
                **openapi_upward.SCHEMAS,
                **openapi_award_records.SCHEMAS,
                **openapi_cases.SCHEMAS,
            },
            "responses": {
                f"E{code}": {
                    "description": text,
                    "content": {"application/json": {"schema": ref("Error")}},
                }
                for code, text in ERRORS.items()
            },
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


def document() -> dict:
    return deepcopy(_document())
