"""The province's rules as the process reads them, through the API under a frozen clock: a
ballot keeps the quorum in force the day its box opened, a dossier the list in force on its
first submission, a filing meets the year-end deadline; only the board and administrators
write rules, and bad values are refused with the field named."""

from __future__ import annotations

import io
import json
from datetime import datetime

from sqlalchemy import select

from models import BallotBox
from tests.support.deadlines import VN, file_and_submit, unit_head_overdue_at
from tests.support.dossier import complete_dossier

SOURCE = "Quyết định số 12/2026/QĐ-UBND của UBND tỉnh Điện Biên, Điều 5"
OFFICER = "chuyenvien.btdkt"
ALL_MEMBERS = {"quorum": "1/1", "approval": {"share": "1/2", "of": "cast", "strict": True}}


def _rule(api_now, kind, key, value, valid_from, status=201, user=OFFICER):
    body = {"kind": kind, "key": key, "value": value, "valid_from": valid_from, "source": SOURCE}
    return api_now(user).ok("POST", "/province-rules", status, json=body)


def _to_council(api_now) -> int:
    pid = file_and_submit(api_now)
    api_now("truongphong.cntt").act(pid)
    api_now("thuongtruc.tttt").act(pid)
    return pid


def _box_quorum(session, pid) -> tuple[int, int]:
    box = session.scalar(select(BallotBox).where(BallotBox.proposal_id == pid))
    session.expire_all()
    rule = json.loads(box.rules_json)
    return rule["quorum_num"], rule["quorum_den"]


def test_a_ballot_reads_the_quorum_in_force_the_day_its_box_opens(clock, api_now, session):
    clock(datetime(2026, 1, 5, 9, 0, tzinfo=VN))
    written = _rule(api_now, "council", "department", ALL_MEMBERS, "2026-01-06")
    assert written["value"]["quorum"] == {"num": 1, "den": 1}
    before = _to_council(api_now)
    clock(datetime(2026, 1, 6, 9, 0, tzinfo=VN))
    after = _to_council(api_now)
    assert _box_quorum(session, before) == (2, 3)
    assert _box_quorum(session, after) == (1, 1)
    shown = api_now("thuongtruc.tttt").ok("GET", f"/proposals/{after}")["ballots"]
    assert "1/1" in shown[0]["rule"]
    # What applies on each day, as the API tells it.
    on_5 = api_now(OFFICER).ok("GET", "/province-rules?on=2026-01-05")["rules"]
    on_6 = api_now(OFFICER).ok("GET", "/province-rules?on=2026-01-06")["rules"]
    dept_5 = [r for r in on_5 if r["kind"] == "council" and r["key"] == "department"]
    dept_6 = [r for r in on_6 if r["kind"] == "council" and r["key"] == "department"]
    assert [r["origin"] for r in dept_5] == ["shipped"]
    assert [(r["origin"], r["source"]) for r in dept_6] == [("province", SOURCE)]
    assert any(r["kind"] == "criteria" and r["source"] for r in on_6)


def test_a_dossier_keeps_the_list_in_force_on_its_first_submission(clock, api_now, client):
    clock(datetime(2026, 1, 5, 9, 0, tzinfo=VN))
    new_list = {
        "required": ["bien_ban_binh_xet", "danh_gia_xep_loai", "xac_nhan_cong_doan"],
        "optional": ["tai_lieu_khac"],
        "items": {
            "xac_nhan_cong_doan": {
                "label_vi": "Xác nhận của Công đoàn cơ sở",
                "label_en": "Confirmation by the grassroots trade union",
            }
        },
    }
    _rule(api_now, "dossier", "normal:LDTT", new_list, "2026-01-06")
    filed_before = file_and_submit(api_now)
    clock(datetime(2026, 1, 6, 9, 0, tzinfo=VN))
    nominator = api_now("vanthu.cntt")
    kept = nominator.ok("GET", f"/proposals/{filed_before}")["checklist"]
    assert "xac_nhan_cong_doan" not in [i["code"] for i in kept]

    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị LĐTT theo danh mục mới",
        "summary": "Hoàn thành tốt nhiệm vụ",
        "nominees": [{"name": "Lò Văn Mới", "job_title": "Chuyên viên"}],
    }
    pid = nominator.ok("POST", "/proposals", 201, json=body)["id"]
    codes = [i["code"] for i in nominator.ok("GET", f"/proposals/{pid}")["checklist"]]
    assert codes[:3] == new_list["required"]
    # The two old documents only: refused, naming the new one in the reader's language.
    for code in ("bien_ban_binh_xet", "danh_gia_xep_loai"):
        nominator.ok(
            "POST",
            f"/proposals/{pid}/attachments",
            201,
            data={
                "kind": code,
                "attachments": (
                    io.BytesIO(b"%PDF-1.4 " + code.encode()),
                    f"{code}.pdf",
                ),
            },
            content_type="multipart/form-data",
        )
    refused = nominator.ok("POST", f"/proposals/{pid}/submit", 400, json={})
    assert refused["code"] == "dossier_incomplete"
    assert "Xác nhận của Công đoàn cơ sở" in refused["fields"]["checklist"]
    complete_dossier(nominator, pid)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})


def test_the_year_end_deadline_refuses_a_late_normal_filing(clock, api_now):
    clock(datetime(2025, 12, 1, 9, 0, tzinfo=VN))
    _rule(api_now, "year_deadline", "normal", {"day": 10, "month": 12}, "2025-12-01")
    clock(datetime(2025, 12, 10, 20, 0, tzinfo=VN))
    file_and_submit(api_now)  # the last day still counts
    clock(datetime(2025, 12, 11, 9, 0, tzinfo=VN))
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị nộp muộn",
        "summary": "Hoàn thành tốt nhiệm vụ",
        "nominees": [{"name": "Nguyễn Văn Muộn", "job_title": "Chuyên viên"}],
    }
    refused = api_now("vanthu.cntt").ok("POST", "/proposals", 400, json=body)
    assert refused["code"] == "year_deadline_passed"
    assert "10/12/2025" in refused["fields"]["year"] and SOURCE in refused["fields"]["year"]
    # A proposal of the next year is not late.
    api_now("vanthu.cntt").ok("POST", "/proposals", 201, json={**body, "year": 2026})


def test_only_the_board_and_administrators_write_rules_and_bad_values_name_their_field(
    clock, api_now
):
    clock(datetime(2026, 1, 5, 9, 0, tzinfo=VN))
    nominator = api_now("vanthu.cntt")
    body = {
        "kind": "council",
        "key": "department",
        "value": ALL_MEMBERS,
        "valid_from": "2026-01-06",
        "source": SOURCE,
    }
    assert (
        nominator.ok("POST", "/province-rules", 403, json=body)["code"]
        == "province_rules_forbidden"
    )
    assert nominator.ok("GET", "/province-rules", 403)["code"] == "province_rules_hidden"
    # The director of a department is no board member either, whatever the role's name.
    api_now("giamdoc.tttt").ok("POST", "/province-rules", 403, json=body)
    bad = api_now(OFFICER).ok(
        "POST",
        "/province-rules",
        400,
        json={**body, "value": {**ALL_MEMBERS, "quorum": 1.5}, "valid_from": "2026-02-30"},
    )
    assert bad["code"] == "invalid_province_rule"
    assert set(bad["fields"]) == {"valid_from"}
    bad = api_now(OFFICER).ok(
        "POST", "/province-rules", 400, json={**body, "value": {**ALL_MEMBERS, "quorum": 1.5}}
    )
    assert set(bad["fields"]) == {"value.quorum"}
    assert api_now(OFFICER).ok("GET", "/province-rules?on=2026-13-01", 400)["fields"].keys() == {
        "on"
    }
    api_now("quantri").ok("POST", "/province-rules", 201, json=body)


def test_a_step_deadline_reads_the_version_in_force_the_day_the_step_starts(
    clock, api_now, session
):
    clock(datetime(2026, 1, 5, 9, 0, tzinfo=VN))  # a Monday
    one_day = {
        "duration": 1,
        "unit": "working",
        "remind_before": 0,
        "escalate_to": {"role": "director", "scope": "department"},
    }
    _rule(api_now, "step_deadline", "unit_head_signoff", one_day, "2026-01-06")
    before = file_and_submit(api_now)
    clock(datetime(2026, 1, 6, 9, 0, tzinfo=VN))
    after = file_and_submit(api_now)
    # Shipped: 3 working days from Monday 5/1, the end of Thursday 8/1 (Việt Nam time, UTC+7).
    assert unit_head_overdue_at(session, before) == datetime(2026, 1, 8, 16, 59, 59)
    # The province's: 1 working day from Tuesday 6/1, the end of Wednesday 7/1.
    assert unit_head_overdue_at(session, after) == datetime(2026, 1, 7, 16, 59, 59)
