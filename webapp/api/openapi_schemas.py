"""OpenAPI schemas of proposals, awards, movements and errors (the inbox\'s are openapi_tasks)."""

from __future__ import annotations

from models import COUNCIL_STAGES, AuditAction
from webapp.api.openapi_types import (
    DT,
    ELIGIBILITY_DOC,
    STAGE_DOC,
    STAGES,
    STATUS_DOC,
    STATUSES,
    B,
    D,
    I,
    S,
    arr,
    null,
    obj,
    ref,
    s,
)

SCHEMAS = {
    "Status": {"type": "string", "enum": STATUSES, "description": STATUS_DOC},
    "Stage": {"type": ["string", "null"], "enum": [*STAGES, None], "description": STAGE_DOC},
    "Error": obj(
        ["error", "code", "message"],
        error={"type": "integer", "description": "the HTTP status"},
        code={
            "type": "string",
            "pattern": "^[a-z][a-z0-9]*(_[a-z0-9]+)*$",
            "description": "what happened, stable for programs (e.g. `proposal_not_found`, "
            "`task_claimed_by_other`, `invalid_step_form`; HTTP errors: `not_found`, "
            "`method_not_allowed`); the message may change and follows the user's language",
        },
        message={"type": "string", "description": "for people, in the token user's language"},
        fields={
            "type": "object",
            "additionalProperties": S,
            "description": "field name (e.g. `nominees[0].name`, `body`) -> what is wrong",
        },
    ),
    "TokenRequest": obj(["username", "password"], username=s(64), password=s(200)),
    "Token": obj(["token", "expires_at"], token=S, token_type={"const": "Bearer"}, expires_at=DT),
    "RoleAt": obj(["role", "org", "org_name"], role=S, org=S, org_name=S),
    "Me": obj(
        ["username", "full_name", "roles"], username=S, full_name=S, roles=arr(ref("RoleAt"))
    ),
    "Route": obj(
        decider={
            "enum": ["director", "chairman", "minister", "prime_minister", None],
            "description": "null for an award not yet fileable (ministry or state level)",
        },
        endorsement={"enum": ["none", "bloc", "cluster", None]},
        province_council=null(B),
    ),
    "Award": obj(
        ["code", "name", "name_en", "target", "kind", "level", "legal_basis", "route"],
        code=S,
        name=S,
        name_en=S,
        target={"enum": ["person", "collective"]},
        kind={"enum": ["title", "form"]},
        level={"enum": ["department", "province", "ministry", "state"]},
        legal_basis=S,
        valid_from=null(D),
        valid_to=null(D),
        route=ref("Route"),
        decided_by={**S, "description": "who decides, as the catalogue names it"},
        fileable={
            **B,
            "description": "false for ministry and state awards: the chain does not yet "
            "submit above the province, and filing one is refused",
        },
        prerequisites={**S, "description": "prerequisites across years, in words"},
        allows_simplified=B,
    ),
    "NomineeInput": obj(
        ["name"],
        name=s(120),
        job_title=s(120),
        unit_name=s(255),
        gender=null({"enum": ["male", "female"]}),
        achievements=s(10000),
        kind={"enum": ["person", "collective"]},
        username={**s(64), "description": "the nominee's account, if any (conflict of interest)"},
        is_leader={**B, "description": "cán bộ lãnh đạo, quản lý (persons only; default false)"},
    ),
    "ProposalInput": obj(
        ["award_code", "year", "title", "summary", "nominees"],
        award_code=S,
        year={"type": "integer", "minimum": 2000, "maximum": 2100},
        title=s(255),
        summary=s(10000),
        nominees={"type": "array", "minItems": 1, "maxItems": 100, "items": ref("NomineeInput")},
        org={**s(64), "description": "unit code; needed when the caller files for several units"},
        movement={
            **null(s(64)),
            "description": "movement code (GET /movements); null: none; absent: on filing the "
            "one open movement of the unit's department for the year (none when there are "
            "zero or several), on editing the current one while it fits the year",
        },
        procedure={
            "enum": ["normal", "simplified"],
            "description": "normal (default), or simplified (thủ tục đơn giản) for an award whose "
            "catalogue entry allows it (GET /awards); a normal proposal of a movement is refused "
            "after the movement's submission_deadline",
        },
        simplified_case={
            **null(s(40)),
            "description": "required when procedure is simplified: the case of Law 06/2022/QH15 "
            "Art. 85 (codes in workflows/data/simplified_cases.json, e.g. dot_xuat)",
        },
    ),
    "SubmitInput": obj(comment=s(2000)),
    "ProposalState": obj(["id", "status", "stage"], id=I, status=ref("Status"), stage=ref("Stage")),
    # The answer of a filing: the state and the dossier's documents, so that a client uploads
    # what is missing and submits without reading the proposal back (issue 19).
    "FilingResult": obj(
        ["id", "status", "stage", "checklist"],
        id=I,
        status=ref("Status"),
        stage=ref("Stage"),
        checklist={
            **arr(ref("ChecklistItem")),
            "description": "as in GET /proposals/{id}: the documents the dossier needs, none "
            "satisfied yet; upload one attachment per required code as `kind`, then submit",
        },
    ),
    # The answer of a submission: the proposal's state and the steps it now waits on.
    "SubmitResult": obj(
        ["id", "status", "stage", "next_steps"],
        id=I,
        status=ref("Status"),
        stage=ref("Stage"),
        next_steps=arr(ref("NextStep")),
    ),
    "Nominee": obj(
        id=I,
        status={"enum": ["active", "voted_down", "lowered"]},
        lowered_to={
            **null(I),
            "description": "a lowered nominee's row in the proposal that goes on for the lower "
            "award (POST /tasks/{task_id}/lower)",
        },
        name=S,
        kind=S,
        job_title=S,
        unit_name=S,
        gender=null(S),
        achievements=S,
        username=null(S),
        is_leader=B,
    ),
    "Decision": obj(["number", "date", "signer"], number=S, date=D, signer=null(S)),
    "CurrentTask": obj(
        ["id", "name", "role", "org", "stage", "claimed_by", "candidates"],
        id=I,
        name=S,
        element=S,
        role=S,
        org=S,
        stage={"enum": STAGES},
        claimed_by=null(S),
        candidates=arr(S),
    ),
    "HistoryEvent": obj(
        ["at", "actor", "action", "comment", "stage", "round", "task", "data"],
        at=DT,
        actor=null(S),
        action={"enum": [a.value for a in AuditAction]},
        from_status=null(ref("Status")),
        to_status=null(ref("Status")),
        comment=null(S),
        stage=ref("Stage"),
        round=I,
        task=null(S),
        element=null(S),
        data={"type": "object", "description": "the step's form values (votes, numbers, dates)"},
    ),
    "HistoryRounds": {
        **obj(
            ["total", "offset", "limit", "rounds", "older_offset"],
            total=I,
            offset=I,
            limit=I,
            rounds=arr(I),
            older_offset=null(I),
        ),
        "description": "Which rounds of the trail the answer holds: `rounds`, newest first, after "
        "skipping the `offset` newest of `total`; `older_offset` is the offset of the next page "
        "back in time (null at round 1).",
    },
    "HistoryPage": {
        **obj(
            ["total", "offset", "limit", "rounds", "older_offset", "events"],
            total=I,
            offset=I,
            limit=I,
            rounds=arr(I),
            older_offset=null(I),
            events=arr(ref("HistoryEvent")),
        ),
        "description": "A page of the audit trail by rounds; events newest first.",
    },
    "Proposal": obj(
        [
            "id",
            "status",
            "stage",
            "round",
            "award_code",
            "award_name",
            "year",
            "title",
            "summary",
            "org",
            "department",
            "created_by",
            "created_at",
            "decision",
            "last_reason",
            "nominees",
            "current_tasks",
            "history",
        ],
        id=I,
        status=ref("Status"),
        stage=ref("Stage"),
        round=I,
        award_code=S,
        award_name=S,
        year=I,
        title=S,
        summary=S,
        org=S,
        org_name=S,
        department=S,
        movement=null(S),
        created_by=S,
        created_at=DT,
        updated_at=DT,
        submitted_at=null(DT),
        closed_at=null(DT),
        decision=null(ref("Decision")),
        last_reason=null(S),
        nominees=arr(ref("Nominee")),
        split_from={**null(I), "description": "the proposal this one was split from by a lowering"},
        split_into={**arr(I), "description": "proposals split from this one by a lowering"},
        current_tasks=arr(ref("CurrentTask")),
        history={
            **arr(ref("HistoryEvent")),
            "description": "the events of the latest rounds (see history_rounds), oldest "
            "first; every round at GET /proposals/{id}/history",
        },
        history_rounds=ref("HistoryRounds"),
        eligibility={**null(ref("Eligibility")), "description": ELIGIBILITY_DOC},
        registration_check={
            **null(ref("RegistrationCheck")),
            "description": "null when the province does not require registration of the award "
            "in the proposal's year; else the rule and the nominees not registered (a flag for "
            "the reviewer unless `action` is refuse)",
        },
        ballots=arr(ref("BallotBox")),
        checklist={
            **arr(ref("ChecklistItem")),
            "description": "the documents the dossier needs (dated data per award, province and "
            "procedure), each satisfied by an attachment uploaded with its code as `kind`; "
            "submitting with a required item unsatisfied answers 400 dossier_incomplete",
        },
    ),
    "ChecklistItem": obj(
        ["code", "label", "required", "satisfied"],
        code=S,
        label={**S, "description": "in the caller's language"},
        required=B,
        satisfied=B,
    ),
    "BallotBox": {
        **obj(
            ["stage", "round", "status", "members_total", "present", "absent", "nominees"],
            stage={"enum": [s.value for s in COUNCIL_STAGES]},
            round=I,
            status={"enum": ["open", "closed"]},
            members_total=I,
            present=I,
            absent=I,
            quorum_met=null(B),
            rule=S,
            rule_source={**S, "description": "the act the quorum and threshold rest on"},
            nominees=arr(
                obj(
                    ["nominee_id", "yes", "no"],
                    nominee_id=I,
                    name=S,
                    yes=I,
                    no=I,
                    passed=null(B),
                )
            ),
        ),
        "description": "A council's secret ballot: counts per nominee only, never who chose what.",
    },
    "EligibilityCriterion": obj(
        ["code", "label", "passed", "reason"], code=S, label=S, passed=B, reason=S
    ),
    "EligibilityNominee": obj(
        ["name", "passed", "criteria", "justification"],
        nominee_id=null(I),
        name=S,
        passed=B,
        criteria=arr(ref("EligibilityCriterion")),
        justification={**null(S), "description": "why a failing nominee was forwarded"},
    ),
    "TargetStage": obj(
        ["count", "base", "percent"],
        count=I,
        base={**null(I), "description": "units, people (headcount) or TTLĐTT collectives"},
        percent=null({"type": "number"}),
    ),
    "TargetGroup": obj(
        ["name", "targets"],
        name=S,
        targets=arr(
            obj(
                ["code", "label", "value", "registered", "proposed", "awarded"],
                code=S,
                label=S,
                value={"type": "number", "description": "the target in percent"},
                required=null(I),
                met=null(B),
                registered=ref("TargetStage"),
                proposed=ref("TargetStage"),
                awarded=ref("TargetStage"),
            )
        ),
    ),
    "MovementTargets": obj(
        ["movement", "year", "rolled_up", "total", "departments", "units"],
        movement=S,
        year=I,
        rolled_up=B,
        scope=S,
        total={**null(ref("TargetGroup")), "description": "null unless every unit is in scope"},
        departments=arr(ref("TargetGroup")),
        units=arr(ref("TargetGroup")),
        not_counted=arr(S),
    ),
    "RegistrationCheck": obj(
        ["award_code", "year", "action", "legal_basis", "flags"],
        award_code=S,
        year=I,
        action={"enum": ["flag", "refuse"]},
        legal_basis=S,
        rule_valid_from=D,
        flags=arr(
            obj(
                ["nominee_id", "name", "message"],
                nominee_id=I,
                name=S,
                message={**S, "description": "in the caller's language"},
            )
        ),
    ),
    "Eligibility": obj(
        ["checked_at", "step", "rule_set", "legal_basis", "passed", "nominees"],
        checked_at=DT,
        step={**null(S), "description": "BPMN element of the step; `file` at filing"},
        round=I,
        rule_set={**S, "description": "code of the rule set in force on the day of the check"},
        rule_set_name=S,
        legal_basis=S,
        passed=B,
        nominees=arr(ref("EligibilityNominee")),
    ),
    "WaitingFor": obj(["role", "org"], role=S, org=S),
    "ProposalListItem": obj(
        ["id", "status", "stage", "title", "award_code", "year", "org", "waiting_for"],
        id=I,
        status=ref("Status"),
        stage=ref("Stage"),
        round=I,
        title=S,
        award_code=S,
        year=I,
        org=S,
        movement=null(S),
        updated_at=DT,
        waiting_for=arr(ref("WaitingFor")),
    ),
    "ProposalList": obj(
        ["items", "total", "page", "per_page"],
        items=arr(ref("ProposalListItem")),
        total=I,
        page=I,
        per_page=I,
    ),
    "MovementContent": obj(["number", "text"], number=S, text=S),
    "MovementTarget": obj(
        ["code", "text", "metric", "value"],
        code=S,
        text={**S, "description": "the words of the launching document, as written"},
        subject=null({"enum": ["collectives", "individuals"]}),
        metric={**null(S), "description": "what is counted; null for a text-only target"},
        comparator=null({"enum": [">=", "="]}),
        value={**null({"type": "number"}), "description": "percent"},
        base=S,
        note=S,
    ),
    "DepartmentCounts": obj(
        ["year", "rolled_up", "departments"],
        year=null(I),
        rolled_up=B,
        departments=arr(
            obj(
                ["code", "name", "former", "total", "by_status"],
                code={
                    **S,
                    "description": "organisation code of the department (the successor "
                    "when rolled up)",
                },
                name={**S, "description": '"Sở KH&CN, gồm cả Sở TT&TT trước đây" when rolled up'},
                former=arr(obj(["code", "name"], code=S, name=S)),
                total=I,
                by_status={"type": "object", "additionalProperties": I},
            )
        ),
    ),
    "Movement": obj(
        ["id", "code", "title", "organiser", "period_start", "period_end", "status", "targets"],
        id={**I, "description": "for GET /movements/{id}/targets"},
        code=S,
        title=S,
        theme=S,
        organiser={**S, "description": "organisation code"},
        period_start=D,
        period_end=D,
        review_at=S,
        source_ref=S,
        submission_deadline=null(D),
        status={"enum": ["open", "closed"]},
        participants=arr(S),
        contents=arr(ref("MovementContent")),
        targets=arr(ref("MovementTarget")),
    ),
}
