"""The rows a database held at the first revision of the migration chain (0001), in the
columns it had then: what the migration tests and the search backfill start from."""

from __future__ import annotations

import json
from datetime import date, datetime


def _genuine_version() -> dict[str, str]:
    from workflows.engine import storage
    from workflows.engine.diagrams import parse, read_diagrams
    from workflows.process.functions import DIAGRAM_FUNCTIONS

    diagrams = read_diagrams()
    spec, subprocess_specs = parse(diagrams, functions=DIAGRAM_FUNCTIONS)
    return {
        "process_id": diagrams.process_id,
        "content_hash": diagrams.content_hash,
        "serializer_version": storage.SERIALIZER.VERSION,
        "spec_json": storage.spec_json_of(spec, subprocess_specs),
        "sources_json": json.dumps(diagrams.sources, ensure_ascii=False),
    }


FIRST = "0001"
AT = datetime(2025, 3, 14, 8, 30, 15, 123456)

#: Rows written at the first revision, parents before children, in the columns it had then.
ROWS_AT_FIRST: list[tuple[str, list[dict]]] = [
    (
        "role",
        [
            dict(
                code="thu_nghiem",
                name_vi="Vai trò thử",
                name_en="Trial",
                scope="unit",
                reviewer=True,
            )
        ],
    ),
    (
        "award",
        [
            dict(
                code="THU_NGHIEM",
                name_vi="Danh hiệu thử – Điện Biên",
                name_en="Trial award",
                target="person",
                kind="title",
                level="department",
                legal_basis="Luật TĐKT 06/2022/QH15",
                valid_from=date(2024, 1, 1),
                valid_to=None,
            )
        ],
    ),
    (
        "organisation",
        [
            dict(
                id=901, code="so-thu", name="Sở Thử nghiệm", short_name="Sở TN", kind="department"
            ),
            dict(
                id=902,
                code="so-thu-p1",
                name="Phòng Một",
                short_name="P1",
                kind="unit",
                parent_id=901,
            ),
        ],
    ),
    (
        "user_account",
        [
            dict(
                id=901,
                username="nguoi.thu",
                full_name="Nguyễn Thị Thử",
                email=None,
                password_hash="pbkdf2:sha256:1$x$y",
                active=True,
                created_at=AT,
            )
        ],
    ),
    ("role_assignment", [dict(id=901, user_id=901, role_code="thu_nghiem", org_id=902)]),
    (
        "api_token",
        [dict(id=901, user_id=901, token_hash="a" * 64, created_at=AT, expires_at=AT)],
    ),
    (
        "process_version",
        [
            # A genuine version of today's diagrams: `tdkt init` verifies every stored version
            # against its sources and refuses a database holding a made-up one.
            dict(id=901, **_genuine_version(), created_at=AT)
        ],
    ),
    (
        "proposal",
        [
            dict(
                id=901,
                org_id=902,
                department_id=901,
                award_code="THU_NGHIEM",
                year=2025,
                title="Hồ sơ lập ở phiên bản đầu",
                summary="Tóm tắt",
                status="in_review",
                stage="unit",
                round=2,
                resume_stage="unit",
                created_by_id=901,
                created_at=AT,
                updated_at=AT,
                submitted_at=AT,
                last_reason="Bổ sung",
                process_version_id=901,
            )
        ],
    ),
    (
        "nominee",
        [
            dict(
                id=901,
                proposal_id=901,
                position=0,
                kind="person",
                name="Lò Văn Thử",
                job_title="Chuyên viên",
                unit_name="Phòng Một",
                gender="male",
                achievements="Hoàn thành xuất sắc",
            )
        ],
    ),
    (
        "workflow_instance",
        [
            dict(
                id=901,
                proposal_id=901,
                round=2,
                process_version_id=901,
                serializer_version="1.5",
                state_json="{}",
                status="running",
                lock_version=3,
                created_at=AT,
                updated_at=AT,
            )
        ],
    ),
    (
        "human_task",
        [
            dict(
                id=901,
                instance_id=901,
                proposal_id=901,
                task_guid="c" * 36,
                bpmn_id="unit_head_signoff",
                name="Trưởng đơn vị ký xác nhận",
                role_code="thu_nghiem",
                org_id=902,
                stage="unit",
                form="review",
                actions="approve,return,reject",
                instructions="",
                state="ready",
                created_at=AT,
            )
        ],
    ),
    (
        "audit_event",
        [
            dict(
                id=901,
                proposal_id=901,
                at=AT,
                actor_id=901,
                action="returned",
                from_status="in_review",
                to_status="returned",
                stage="unit",
                round=1,
                comment="Bổ sung",
                data_json='{"a": 1}',
            )
        ],
    ),
]
