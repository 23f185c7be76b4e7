"""OpenAPI schemas of the inbox: a task, its form, completing it, and the caps it is checked
against."""

from __future__ import annotations

from models import TaskState
from webapp.api.openapi_types import (
    ACTIONS,
    DT,
    ELIGIBILITY_DOC,
    STAGES,
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

TASK_SCHEMAS = {
    "Action": obj(["action", "label"], action={"enum": ACTIONS}, label=S, comment_required=B),
    "Field": obj(
        ["name", "type", "label", "required", "required_for"],
        name=S,
        type={"enum": ["string", "text", "integer", "date"]},
        label=S,
        required=B,
        required_for=arr(S),
        choices=arr(S),
        max_length=I,
        minimum=I,
        maximum=I,
    ),
    "InboxTaskPage": obj(
        ["items", "total", "limit", "offset"],
        items=arr({"oneOf": [ref("InboxTask"), ref("CaseInboxTask")]}),
        total=I,
        limit=I,
        offset=I,
    ),
    "InboxTask": obj(
        [
            "id",
            "proposal_id",
            "proposal_title",
            "name",
            "stage",
            "role",
            "org",
            "claimed_by",
            "created_at",
            "instructions",
            "actions",
            "fields",
        ],
        id=I,
        kind={"const": "proposal", "description": "a proposal's step (see CaseInboxTask)"},
        proposal_id=I,
        proposal_title=S,
        award_code=S,
        name=S,
        element=S,
        stage={"enum": STAGES},
        role=S,
        org=S,
        org_name=S,
        claimed_by=null(S),
        due_at={**null(DT), "description": "when the step is due (UTC); null: no rule applies"},
        return_reason={
            **null(S),
            "description": "why the proposal came back, while it is back with its nominator",
        },
        created_at=DT,
        instructions=S,
        form=S,
        actions=arr(ref("Action")),
        fields=arr(ref("Field")),
        eligibility={**null(ref("Eligibility")), "description": ELIGIBILITY_DOC},
    ),
    "TaskState": obj(
        ["id", "proposal_id", "name", "state"],
        id=I,
        proposal_id=I,
        name=S,
        element=S,
        stage={"enum": STAGES},
        role=S,
        org=S,
        state={"enum": [s.value for s in TaskState]},
        claimed_by=null(S),
        completed_by=null(S),
        action=null({"enum": ACTIONS}),
        created_at=DT,
        completed_at=null(DT),
    ),
    "CompleteInput": {
        **obj(["action"], True, action={"enum": ACTIONS}, comment=s(2000)),
        "description": "`action` and `comment`, plus the task's `fields` by name (see "
        "GET /tasks): e.g. decision_no, decision_date (dd/mm/yyyy or yyyy-mm-dd), signer; "
        "submission_no, submission_date; score, rank. `comment` is required for return and reject. "
        "A council member's ballot (form `ballot`): action `vote` with `choices` = "
        '{"<nominee id>": "yes"|"no"} for every active nominee, or action `absent` '
        "(không tham dự); a missing or unknown nominee is a 400 naming `choices.<id>`.",
    },
    "TaskResult": obj(["task", "proposal"], task=ref("TaskState"), proposal=ref("ProposalState")),
    "NextStep": {
        **obj(
            ["id", "name", "element", "stage", "role", "org", "form", "actions", "for_me"],
            id=I,
            name=S,
            element=S,
            stage={"enum": STAGES},
            role=S,
            org=S,
            form=S,
            actions=arr(ref("Action")),
            due_at={**null(DT), "description": "when the step is due (UTC); null: no rule applies"},
            claimed={**B, "description": "someone has claimed the step"},
            assignee={**null(S), "description": "a ballot's member (username); null otherwise"},
            for_me={
                **B,
                "description": "the caller holds the step: its role at its organisation (or it "
                "is the caller's ballot) and nobody else claimed it; completing it still makes "
                "every check",
            },
            nominees={
                **arr(obj(["id", "name"], id=I, name=S)),
                "description": "a ballot's choices (form `ballot` only): the nominees still in "
                "the running, to name in `choices`",
            },
        ),
        "description": "A ready step of the proposal after the operation, as the caller sees "
        "it: a client completes it (POST /tasks/{id}/complete) without reading GET /tasks first.",
    },
}
# The answer of a completion: as claim and release answer, plus the proposal's next steps.
TASK_SCHEMAS["CompletionResult"] = {
    **TASK_SCHEMAS["TaskResult"],
    "properties": {
        **TASK_SCHEMAS["TaskResult"]["properties"],
        "next_steps": arr(ref("NextStep")),
    },
    "required": ["task", "proposal", "next_steps"],
}

QUOTA_DOC = (
    "Tỷ lệ khen thưởng tối đa theo Sở và năm (workflows/data/quotas.json) áp dụng cho loại "
    "khen thưởng của hồ sơ, tính theo ngày `on_date` (ngày quyết định nếu đã có, nếu không là "
    "hôm nay): `cap` = phần nguyên của `max_share` × `base`; `existing` đã có ngoài hồ sơ này, "
    "`added` do hồ sơ này thêm, `total` = existing + added; `ok` false thì bước quyết định của "
    "Giám đốc bị từ chối với `message`. `confirmed` false: mức chưa có văn bản xác nhận."
)
_QUOTA_LINE = {
    "code": S,
    "label": S,
    "label_en": S,
    "year": I,
    "on_date": D,
    "max_share": {"type": "string", "description": 'e.g. "0.2" for 20%'},
    "base": I,
    "base_label": S,
    "cap": I,
    "existing": I,
    "added": I,
    "total": I,
    "ok": B,
    "message": S,
    "decree": S,
    "confirmed": B,
    "valid_from": D,
    "valid_to": null(D),
}
TASK_SCHEMAS["QuotaLine"] = {**obj(list(_QUOTA_LINE), **_QUOTA_LINE), "description": QUOTA_DOC}
# GET /tasks/{task_id}: the inbox's task, with its state and the caps it is checked against.
TASK_SCHEMAS["Task"] = {
    **TASK_SCHEMAS["InboxTask"],
    "required": [*TASK_SCHEMAS["InboxTask"]["required"], "state", "quotas"],
    "properties": {
        **TASK_SCHEMAS["InboxTask"]["properties"],
        "state": TASK_SCHEMAS["TaskState"]["properties"]["state"],
        "quotas": {**arr(ref("QuotaLine")), "description": QUOTA_DOC},
    },
}

_LOWERED_STATE = obj(
    ["id", "status", "stage", "award_code", "split_from"],
    id=I,
    status=ref("Status"),
    stage=null({"enum": STAGES}),
    award_code=S,
    split_from=null(I),
)
TASK_SCHEMAS["LoweringInput"] = obj(
    ["nominee_ids", "award_code", "reason"],
    nominee_ids={**arr({"type": "integer", "minimum": 1}), "minItems": 1, "maxItems": 200},
    award_code={**S, "maxLength": 40, "description": "the lower award (catalogue code)"},
    reason={**S, "minLength": 1, "maxLength": 2000},
    justification={
        **S,
        "maxLength": 2000,
        "description": "required when a nominee fails the new award's criteria",
    },
)
TASK_SCHEMAS["LoweringResult"] = obj(
    ["proposal", "continued_in", "split", "eligibility"],
    proposal=_LOWERED_STATE,
    continued_in=_LOWERED_STATE,
    split={**B, "description": "true: the nominees went on in a new proposal"},
    eligibility=arr(obj(["name", "passed"], name=S, passed=B)),
)
