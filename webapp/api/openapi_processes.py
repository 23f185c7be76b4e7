"""The process version paths and schemas of the OpenAPI document (merged by openapi.py):
administrators list the versions in use and move running proposals to another one."""

from __future__ import annotations

from webapp.api.openapi_types import DT, B, I, S, arr, body, obj, ok, op, path_id, ref

NULL_DT = {"type": ["string", "null"], "format": "date-time"}
IDS = {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1, "maxItems": 200}

SCHEMAS = {
    "ProcessVersion": obj(
        ["id", "content_hash", "first_seen", "running", "current"],
        id=I,
        content_hash={**S, "description": "SHA-256 of the diagram files of this version"},
        first_seen=DT,
        running={**I, "description": "proposals whose running round is on this version"},
        current={**B, "description": "the version of the diagrams the server runs new rounds on"},
    ),
    "Process": obj(["process_id", "versions"], process_id=S, versions=arr(ref("ProcessVersion"))),
    "RunningProposal": obj(["id", "title", "round", "steps"], id=I, title=S, round=I, steps=arr(S)),
    "MigrationInput": obj(
        ["to_version", "proposal_ids"],
        to_version={**I, "minimum": 1, "description": "the version to move to"},
        proposal_ids=IDS,
    ),
    "MigrationPlan": obj(
        ["to_version", "content_hash", "landings", "refusals"],
        to_version=I,
        content_hash=S,
        landings=arr(
            obj(
                ["proposal_id", "title", "from_version", "steps", "timers"],
                proposal_id=I,
                title=S,
                from_version=I,
                steps=arr(obj(["id", "old_name", "new_name"], id=S, old_name=S, new_name=S)),
                timers=arr(
                    obj(
                        ["id", "old_fire_at", "new_fire_at"],
                        id=S,
                        old_fire_at=NULL_DT,
                        new_fire_at=NULL_DT,
                    )
                ),
            )
        ),
        refusals=arr(
            obj(
                ["proposal_id", "title", "code", "message"],
                proposal_id=I,
                title=S,
                code={
                    **S,
                    "description": "`step_missing_in_version` the step waited on has no "
                    "counterpart (same id) in the target; `step_lane_changed` / "
                    "`step_changed_in_version` its role, stage or form differ; "
                    "`ballot_box_open` a council's ballot is open; `step_without_counterpart` "
                    "a step passed in this round is gone; `already_on_version`; "
                    "`proposal_not_running`; `instance_changed`",
                },
                message=S,
            )
        ),
    ),
}

PROCESS_ID = {"name": "process_id", "in": "path", "required": True, "schema": S}


def paths(prefix: str) -> dict:
    processes = f"{prefix}/processes/{{process_id}}"
    explain = (
        "Each proposal lands on the step of the same BPMN id in the target version, with its "
        "data and its inbox row; the timers are evaluated again with the target's expressions "
        "as of when the step began. A proposal is refused (and listed) when the step it waits "
        "on has no counterpart, another role or stage, or is an open ballot. Administrators only."
    )
    return {
        f"{prefix}/processes": {
            "get": op(
                "The process versions in use and how many proposals run on each (admin)",
                "processes",
                ok("Processes", arr(ref("Process"))),
                "401 403",
            )
        },
        f"{processes}/versions/{{version_id}}/proposals": {
            "parameters": [PROCESS_ID, *path_id("version_id")],
            "get": op(
                "The proposals whose running round is on a version (admin)",
                "processes",
                ok("Proposals", arr(ref("RunningProposal"))),
                "401 403 404",
            ),
        },
        f"{processes}/migrations/preview": {
            "parameters": [PROCESS_ID],
            "post": op(
                "Preview moving running proposals to another version; changes nothing",
                "processes",
                ok("Where each lands, or why it cannot", ref("MigrationPlan")),
                "400 401 403 404",
                requestBody=body("MigrationInput"),
                description=explain,
            ),
        },
        f"{processes}/migrations": {
            "parameters": [PROCESS_ID],
            "post": op(
                "Move running proposals to another version (each all or nothing, audited)",
                "processes",
                ok("The proposals moved and those refused", ref("MigrationPlan")),
                "400 401 403 404",
                requestBody=body("MigrationInput"),
                description=explain,
            ),
        },
    }
