"""The OpenAPI document's building blocks: operations and answers (`op`, `ok`), schema
constructors, and the enums built from the models' vocabulary."""

from __future__ import annotations

from models import Action, ProposalStatus, Stage

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


def ok(description: str, schema: dict | None = None, status: str = "200") -> dict:
    """One answer of an operation: `status` with its description and JSON schema."""
    out: dict = {"description": description}
    if schema is not None:
        out["content"] = {"application/json": {"schema": schema}}
    return {status: out}


def op(summary: str, tag: str, responses: dict, errors: str = "", public=False, **extra):
    """An operation: its answers, the error answers named by status in `errors`, and bearer
    security unless `public`."""
    out = {"summary": summary, "tags": [tag], "responses": dict(responses), **extra}
    for code in errors.split():
        out["responses"][code] = {"$ref": f"#/components/responses/E{code}"}
    out["security"] = [] if public else [{"bearer": []}]
    return out


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


def body(schema: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


def path_id(name: str) -> list[dict]:
    return [
        {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
    ]
