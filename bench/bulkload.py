"""Writing the generator's rows: COPY on PostgreSQL, executemany in one transaction on SQLite."""

from __future__ import annotations

import time

from sqlalchemy import Engine, text

from bench.generate import TABLES, Generator

COLUMNS = {
    "organisation": "id, code, name, short_name, kind, parent_id",
    "group_membership": "id, grouping_id, member_id",
    "user_account": "id, username, full_name, email, password_hash, active, created_at",
    "role_assignment": "id, user_id, role_code, org_id",
    "proposal": "id, org_id, department_id, award_code, year, title, summary, status, stage, "
    "round, resume_stage, created_by_id, created_at, updated_at, submitted_at, closed_at, "
    "last_reason, decision_no, decision_date, decision_signer, process_version_id",
    "nominee": "id, proposal_id, position, kind, name, job_title, unit_name, gender, "
    "achievements, user_id",
    "workflow_instance": "id, proposal_id, round, process_version_id, serializer_version, "
    "state_json, status, end_event, lock_version, created_at, updated_at",
    "human_task": "id, instance_id, proposal_id, task_guid, bpmn_id, name, role_code, org_id, "
    "stage, form, actions, instructions, state, claimed_by_id, claimed_at, created_at, "
    "completed_at, completed_by_id, action",
    "audit_event": "id, proposal_id, at, actor_id, action, from_status, to_status, stage, "
    "round, element_id, task_name, comment, data_json",
}


class PostgresWriter:
    def __init__(self, engine: Engine) -> None:
        self.raw = engine.raw_connection()
        self.cur = self.raw.cursor()
        # Rows are consistent by construction: skip the per-row foreign-key triggers.
        self.cur.execute("SET session_replication_role = replica")

    def write(self, table: str, rows: list[tuple]) -> None:
        with self.cur.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        self.cur.execute("SET session_replication_role = origin")
        for table in TABLES:
            self.cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        self.raw.commit()
        # VACUUM (for index-only scans) and fresh statistics, as a live database would have.
        driver = self.raw.driver_connection
        driver.autocommit = True
        driver.execute("VACUUM ANALYZE")
        driver.autocommit = False
        self.raw.close()


class SqliteWriter:
    def __init__(self, engine: Engine) -> None:
        self.raw = engine.raw_connection()
        self.raw.execute("PRAGMA foreign_keys=OFF")
        self.raw.execute("BEGIN")

    def write(self, table: str, rows: list[tuple]) -> None:
        marks = ", ".join("?" for _ in COLUMNS[table].split(","))
        self.raw.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)

    def finish(self) -> None:
        self.raw.execute("COMMIT")
        self.raw.execute("PRAGMA foreign_keys=ON")
        self.raw.execute("ANALYZE")
        self.raw.close()


def fill(engine: Engine, tasks: int, seed: int = 2025) -> dict[str, float]:
    """Generate about `tasks` human-task rows (and everything around them) into an empty schema."""
    with engine.connect() as conn:
        pv = conn.execute(text("SELECT id FROM process_version ORDER BY id LIMIT 1")).scalar()
        if conn.execute(text("SELECT count(*) FROM proposal")).scalar():
            raise RuntimeError("fill() expects a database without proposals")
    t0 = time.perf_counter()
    writer = PostgresWriter(engine) if engine.dialect.name == "postgresql" else SqliteWriter(engine)
    gen = Generator(tasks, writer, seed, pv)
    ids = gen.run()
    writer.finish()
    out: dict[str, float] = {f"{t} rows": float(n) for t, n in ids.items()}
    out["ready tasks"] = float(gen.ready)
    out["seconds"] = time.perf_counter() - t0
    return out
