"""Schemas of the OpenAPI document (components/schemas), built from small helpers."""

from __future__ import annotations

from models import COUNCIL_STAGES, Action, AuditAction, ProposalStatus, Stage, TaskState

STATUSES = [s.value for s in ProposalStatus]
STAGES = [s.value for s in Stage]
ACTIONS = [a.value for a in Action]
STATUS_DOC = (
    "Trạng thái hồ sơ: `draft` đang soạn, chưa nộp; `in_review` đang trong chuỗi xét duyệt; "
    "`returned` bị trả lại cho người lập để chỉnh sửa (nộp lại thì tiếp tục từ cấp đã trả); "
    "`approved` đã có quyết định khen thưởng (kết thúc); `rejected` bị từ chối có lý do "
    "(kết thúc)."
)
STAGE_DOC = (
    "Cấp của bước đang chờ: `unit` đơn vị, `department` Sở/ngành, `endorsement` Khối/Cụm thi "
    "đua, `province` cấp tỉnh; null khi hồ sơ đã kết thúc."
)


ELIGIBILITY_DOC = (
    "Kết quả kiểm tra tiêu chuẩn khen thưởng lần gần nhất (khi nộp hồ sơ hoặc khi một bước "
    "được đồng ý), theo bảng bpmn/eligibility.dmn; null khi chưa kiểm tra. Khi đồng ý một "
    "bước, hệ thống kiểm tra lại: nếu có người không đạt, phải gửi `justification`."
)


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: list[str] | tuple = (), extra: bool = False, /, **props) -> dict:
    out = {"type": "object", "properties": props, "additionalProperties": extra}
    if required:
        out["required"] = list(required)
    return out


def arr(items: dict) -> dict:
    return {"type": "array", "items": items}


S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741
B = {"type": "boolean"}
DT = {"type": "string", "format": "date-time"}
D = {"type": "string", "format": "date"}


def null(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def s(max_length: int, **kw) -> dict:
    return {"type": "string", "maxLength": max_length, **kw}


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
            "enum": ["director", "chairman", None],
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
    "Nominee": obj(
        id=I,
        status={"enum": ["active", "voted_down"]},
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
        current_tasks=arr(ref("CurrentTask")),
        history=arr(ref("HistoryEvent")),
        eligibility={**null(ref("Eligibility")), "description": ELIGIBILITY_DOC},
        ballots=arr(ref("BallotBox")),
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
    "Movement": obj(
        ["code", "title", "organiser", "period_start", "period_end", "status", "targets"],
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
SCHEMAS["QuotaLine"] = {**obj(list(_QUOTA_LINE), **_QUOTA_LINE), "description": QUOTA_DOC}
# GET /tasks/{task_id}: the inbox's task, with its state and the caps it is checked against.
SCHEMAS["Task"] = {
    **SCHEMAS["InboxTask"],
    "required": [*SCHEMAS["InboxTask"]["required"], "state", "quotas"],
    "properties": {
        **SCHEMAS["InboxTask"]["properties"],
        "state": SCHEMAS["TaskState"]["properties"]["state"],
        "quotas": {**arr(ref("QuotaLine")), "description": QUOTA_DOC},
    },
}
