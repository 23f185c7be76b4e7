"""The migration chain on the suite's database (SQLite or PostgreSQL).

It builds exactly the schema the models declare, goes down and up again, and `tdkt init`
upgrades a database filled at the first revision in place, keeping every row.
"""

from __future__ import annotations

from datetime import date, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, MetaData, insert, inspect

from models import Base
from models.database import make_engine
from models.migrate import alembic_config, upgrade
from tests.reliability.tables import snapshot

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
            dict(
                id=901,
                process_id="proposal",
                content_hash="b" * 64,
                serializer_version="1.5",
                spec_json="{}",
                sources_json="{}",
                created_at=AT,
            )
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


def test_models_and_migrations_agree_on_this_database(empty_db_url):
    upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_migrations_make_the_check_constraints_the_models_declare(empty_db_url):
    # compare_metadata does not look at CHECK constraints: the models build theirs from the
    # vocabulary's enums, the migrations froze the lists, and the two must not drift apart.
    upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        found = inspect(engine)
        sqlite = engine.dialect.name == "sqlite"
        for table in Base.metadata.sorted_tables:
            declared = {
                c.name: str(c.sqltext)
                for c in table.constraints
                if isinstance(c, CheckConstraint) and c.name
            }
            migrated = {c["name"]: c["sqltext"] for c in found.get_check_constraints(table.name)}
            assert set(migrated) == set(declared), table.name
            if sqlite:
                # PostgreSQL rewrites the condition (= ANY (ARRAY[...])); SQLite keeps it as
                # written, so there the lists themselves are compared.
                assert migrated == declared, table.name
    finally:
        engine.dispose()


def test_down_to_base_and_up_again(empty_db_url):
    upgrade(empty_db_url)
    command.downgrade(alembic_config(empty_db_url), "base")
    engine = make_engine(empty_db_url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_init_upgrades_a_database_of_the_first_revision_in_place(empty_db_url, tdkt):
    upgrade(empty_db_url, FIRST)
    engine = make_engine(empty_db_url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table, rows in ROWS_AT_FIRST:
            conn.execute(insert(meta.tables[table]), rows)
    engine.dispose()
    before = snapshot(empty_db_url)
    assert before["alembic_version"] == [{"version_num": FIRST}]

    result = tdkt(empty_db_url, "init")
    assert result.exit_code == 0, result.output

    after = snapshot(empty_db_url)
    assert {row["version_num"] for row in after["alembic_version"]} != {FIRST}
    for table, rows in before.items():
        if table == "alembic_version":
            continue
        # A later revision may add columns (and rows); every row written at 0001 is still there
        # with the values it had.
        kept = [{key: row[key] for key in rows[0]} for row in after[table]] if rows else []
        for row in rows:
            assert row in kept, (table, row)
    assert len(before["proposal"]) == 1 and before["proposal"][0]["title"] in {
        row["title"] for row in after["proposal"]
    }
