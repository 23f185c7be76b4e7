"""The blocs' years' paths and schemas of the OpenAPI document (merged by openapi.py)."""

from __future__ import annotations

from models import CriterionKind, EntryStatus, PledgeStatus
from webapp.api.openapi_types import B, I, S, arr, obj, ref

NULL_S = {"type": ["string", "null"]}
NULL_I = {"type": ["integer", "null"]}
STATUS_DOC = (
    "`draft` the head edits the table, members sign; `scoring` members self-score and the "
    "cross-check accepts or returns; `voting` the members' secret ballot on the ranking; "
    "`ranked` final, endorsements given (bpmn/bloc_scoring.bpmn)."
)
LINE = obj(
    ["kind", "name", "max_points"],
    kind={"type": "string", "enum": [k.value for k in CriterionKind]},
    name={"type": "string", "maxLength": 500},
    max_points={"type": "integer", "minimum": 1, "maximum": 1000},
    evidence={"type": "string", "maxLength": 1000, "description": "the evidence a score needs"},
)
SCHEMAS = {
    "PledgeStatus": {
        "type": "string",
        "enum": [s.value for s in PledgeStatus],
        "description": STATUS_DOC,
    },
    "ScoringLine": LINE,
    "Criterion": obj(
        ["id", "position", "kind", "name", "max_points", "evidence"],
        id=I,
        position=I,
        kind=S,
        name=S,
        max_points=I,
        evidence=S,
    ),
    "PledgeSummary": obj(
        ["id", "grouping", "grouping_name", "year", "title", "status", "source_note"],
        True,
        id=I,
        grouping={**S, "description": "the bloc's or cluster's organisation code"},
        grouping_name=S,
        year=I,
        title=S,
        status=ref("PledgeStatus"),
        source_note=NULL_S,
    ),
    "BlocMember": obj(
        ["member", "status", "total", "rank", "endorsed_for"],
        True,
        member=S,
        member_id=I,
        name=S,
        short_name=S,
        signed=B,
        status={"type": "string", "enum": [s.value for s in EntryStatus]},
        return_reason=NULL_S,
        criteria_points=I,
        bonus_points=I,
        penalty_points=I,
        total=NULL_I,
        rank=NULL_I,
        votes_yes={**NULL_I, "description": "counts only, once ranked; never who voted what"},
        votes_no=NULL_I,
        endorsed_for={**NULL_S, "description": "the award code the ranking endorses it for"},
        scores=arr(obj(["criterion_id", "points"], True, criterion_id=I, points=I, evidence=S)),
    ),
    "Pledge": obj(
        ["id", "grouping", "year", "status", "criteria", "members", "trail"],
        True,
        id=I,
        grouping=S,
        year=I,
        status=ref("PledgeStatus"),
        rules={"type": "object", "description": "the bloc's dated rules in force when made"},
        criteria=arr(ref("Criterion")),
        members=arr(ref("BlocMember")),
        trail=arr({"type": "object"}),
    ),
    "NewPledge": obj(
        ["grouping", "year", "title", "criteria"],
        grouping=S,
        year={"type": "integer", "minimum": 2000, "maximum": 2100},
        title={"type": "string", "maxLength": 255},
        criteria=arr(ref("ScoringLine")),
    ),
    "ScoringTable": obj(["criteria"], criteria=arr(ref("ScoringLine"))),
    "PledgeAction": obj(
        ["action"],
        action={
            "type": "string",
            "enum": ["sign", "open_scoring", "open_ballot", "close_ballot", "elect"],
            "description": "`sign` a member's Director; the others the bloc's head. "
            "`close_ballot` answers 409 `bloc_ballot_no_quorum` without quorum, else ranks, "
            "endorses and completes the endorsed proposals' endorsement steps "
            "(`endorsed_proposals`); `elect` records next year's `head` and `deputy`.",
        },
        head={**S, "description": "elect: a member's code"},
        deputy={**S, "description": "elect: a member's code"},
    ),
    "SelfScore": obj(
        ["scores"],
        scores=arr(
            obj(
                ["criterion_id", "points"],
                criterion_id=I,
                points={"type": "integer", "minimum": 0},
                evidence={"type": "string", "maxLength": 1000},
            )
        ),
    ),
    "ScoreCheck": obj(
        ["member", "action"],
        member=S,
        action={"type": "string", "enum": ["accept", "return"]},
        reason={"type": "string", "maxLength": 2000, "description": "required to return"},
    ),
    "BlocBallot": obj(
        ["choices"],
        choices={
            "description": '{member code: "yes"|"no"} for every member, or "absent"',
            "oneOf": [
                {"type": "object", "additionalProperties": {"enum": ["yes", "no"]}},
                {"const": "absent"},
            ],
        },
    ),
    "BlocMessage": obj(["message"], message=S),
    "Ranking": obj(
        ["id", "grouping", "year", "status", "rows"],
        True,
        id=I,
        grouping=S,
        year=I,
        status=ref("PledgeStatus"),
        tie_break=arr(S),
        rows=arr(ref("BlocMember")),
    ),
}


def _answers(ok: str, schema: str, errors: str) -> dict:
    out: dict = {
        ok: {"description": "OK", "content": {"application/json": {"schema": ref(schema)}}}
    }
    for code in errors.split():
        out[code] = {"$ref": f"#/components/responses/E{code}"}
    return out


def _body(schema: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


#: the writes that take an Idempotency-Key (routes_blocs: @idempotent)
IDEMPOTENT = (
    ("/blocs/pledges", "post"),
    ("/blocs/pledges/{pledge_id}/criteria", "put"),
    ("/blocs/pledges/{pledge_id}/actions", "post"),
    ("/blocs/pledges/{pledge_id}/scores", "put"),
    ("/blocs/pledges/{pledge_id}/checks", "post"),
    ("/blocs/pledges/{pledge_id}/votes", "post"),
)
PLEDGE_ID = {"name": "pledge_id", "in": "path", "required": True, "schema": I}
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
WRITES = "400 401 403 404 409"


def _write(summary: str, schema: str, answer: str = "Pledge") -> dict:
    return {
        "summary": summary,
        "tags": ["blocs"],
        "requestBody": _body(schema),
        "responses": _answers("200", answer, WRITES),
        "security": BEARER,
    }


def paths(prefix: str) -> dict:
    base = f"{prefix}/blocs/pledges"
    one = f"{base}/{{pledge_id}}"
    return {
        base: {
            "get": {
                "summary": "The blocs' and clusters' pledges (every signed-in account reads)",
                "tags": ["blocs"],
                "parameters": [{"name": "year", "in": "query", "required": False, "schema": I}],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": arr(ref("PledgeSummary"))}},
                    },
                    "400": {"$ref": "#/components/responses/E400"},
                    "401": {"$ref": "#/components/responses/E401"},
                },
                "security": BEARER,
            },
            "post": {
                "summary": "A year's pledge with its scoring table (the bloc's head)",
                "tags": ["blocs"],
                "requestBody": _body("NewPledge"),
                "responses": _answers("201", "Pledge", "400 401 403 409"),
                "security": BEARER,
            },
        },
        one: {
            "parameters": [PLEDGE_ID],
            "get": {
                "summary": "A pledge: table, members with scores, ballot counts, trail",
                "tags": ["blocs"],
                "responses": _answers("200", "Pledge", "401 404"),
                "security": BEARER,
            },
        },
        f"{one}/criteria": {
            "parameters": [PLEDGE_ID],
            "put": _write("Replace the scoring table (the head, while a draft)", "ScoringTable"),
        },
        f"{one}/actions": {
            "parameters": [PLEDGE_ID],
            "post": _write("A step of the year (sign, open, close, elect)", "PledgeAction"),
        },
        f"{one}/scores": {
            "parameters": [PLEDGE_ID],
            "put": _write(
                "The caller's member self-scores (its Director); a score above a line's "
                "maximum is refused naming the line",
                "SelfScore",
                "BlocMember",
            ),
        },
        f"{one}/checks": {
            "parameters": [PLEDGE_ID],
            "post": _write(
                "Cross-check a member's score: accept, or return with a reason (the head; "
                "peers where the bloc's rules say so)",
                "ScoreCheck",
                "BlocMember",
            ),
        },
        f"{one}/votes": {
            "parameters": [PLEDGE_ID],
            "post": _write(
                "The member's secret ballot on the ranking (its Director, once)",
                "BlocBallot",
                "BlocMessage",
            ),
        },
        f"{one}/ranking": {
            "parameters": [PLEDGE_ID],
            "get": {
                "summary": "The ranking table in rank order",
                "tags": ["blocs"],
                "responses": _answers("200", "Ranking", "401 404"),
                "security": BEARER,
            },
        },
    }
