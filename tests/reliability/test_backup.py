"""tdkt backup / restore: a round trip gives back every row of every table."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.support.tables import snapshot

COUNCIL = {"members_total": 7, "members_present": 6, "votes_for": 6, "votes_against": 0}


def test_backup_then_restore_gives_back_every_row(app, api, db_url, empty_db_url, tdkt, tmp_path):
    nominator, head = api("vanthu.cntt"), api("truongphong.cntt")
    decided = nominator.file("LDTT", title="Đề nghị <b>LĐTT</b> – Điện Biên")
    nominator.ok("POST", f"/proposals/{decided}/submit")
    head.act(decided)
    api("thuongtruc.tttt").act(decided)
    api("hoidong.tttt").act(decided, **COUNCIL)
    api("giamdoc.tttt").act(
        decided, decision_no="12/QĐ-STTTT", decision_date="15/12/2025", signer="Vũ Đức Thắng"
    )
    waiting = nominator.file("CSTDCS")
    nominator.ok("POST", f"/proposals/{waiting}/submit")
    head.act(waiting, "return", comment="Bổ sung sáng kiến")
    nominator.file("LDTT", title="Bản nháp")
    board = api("theodoi.btdkt")
    app.extensions["tdkt_engine"].dispose()
    before = snapshot(db_url)
    assert len(before["audit_event"]) >= 8 and len(before["human_task"]) >= 6

    backup_file = tmp_path / "tdkt.backup"
    made = tdkt(db_url, "backup", str(backup_file))
    assert made.exit_code == 0, made.output
    assert backup_file.stat().st_size > 0
    again = tdkt(db_url, "backup", str(backup_file))
    assert again.exit_code == 1 and "đã tồn tại" in again.output

    # Life goes on after the backup: a resubmission, a new proposal, a token revoked.
    nominator.ok("POST", f"/proposals/{waiting}/submit")
    nominator.file("GK_CN", title="Đề nghị sau khi sao lưu")
    assert board.post("/auth/revoke").status_code == 204
    app.extensions["tdkt_engine"].dispose()
    changed = snapshot(db_url)
    assert changed != before

    refused = tdkt(db_url, "restore", str(backup_file))
    assert refused.exit_code == 1 and "--yes" in refused.output
    assert snapshot(db_url) == changed

    restored = tdkt(db_url, "restore", str(backup_file), "--yes")
    assert restored.exit_code == 0, restored.output
    assert snapshot(db_url) == before

    # Into an empty database (a new machine) no --yes is needed.
    fresh = tdkt(empty_db_url, "restore", str(backup_file))
    assert fresh.exit_code == 0, fresh.output
    assert snapshot(empty_db_url) == before

    if empty_db_url.startswith("postgresql"):
        # The planner's statistics came back too: gathered by the restore, not left to
        # autovacuum's next pass (the first requests after a restore were planned blind).
        unanalyzed = _scalar(
            empty_db_url,
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN "
            "('proposal', 'human_task', 'year_record', 'award_record') AND last_analyze IS NULL",
        )
        assert unanalyzed == 0

    # The restored database takes new rows (its id sequences came back too).
    nominator.ok("POST", f"/proposals/{waiting}/submit")
    newest = max(row["id"] for row in before["proposal"])
    assert nominator.file("LDTT", title="Sau khi khôi phục") > newest


def _scalar(url: str, sql: str):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def test_restore_refuses_a_file_that_is_no_backup(db_url, tdkt, tmp_path):
    bogus = tmp_path / "not-a-backup"
    bogus.write_bytes(b"\x00" * 4096 + "không phải bản sao lưu".encode())
    before = snapshot(db_url)
    result = tdkt(db_url, "restore", str(bogus), "--yes")
    assert result.exit_code == 1 and "sao lưu" in result.output
    missing = tdkt(db_url, "restore", str(tmp_path / "absent"), "--yes")
    assert missing.exit_code == 1 and "Không có tệp" in missing.output
    assert snapshot(db_url) == before
