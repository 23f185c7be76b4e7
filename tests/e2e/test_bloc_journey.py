"""A bloc's year in a real browser against a gunicorn server of its own, through the inbox: a
member's Director finds the signature among their steps and signs, then the self-score and, on
the pledge's page, self-scores (a score above the maximum refused, naming the criterion); the
head finds the ballot's opening in the inbox, closes the ballot on the page and reads the
ranking (docs/screenshots/91-*.png). Sở Y tế's Cờ thi đua proposal, filed and walked through
API v1 as an outside client would (scripts/all_awards_client), waits at the bloc's endorsement
step meanwhile; the ranking endorses it and its page shows it gone on to the province."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from scripts.all_awards_client import PDF, Demo, payload
from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD
from workflows.deadlines.calendar import today

MEMBERS = ("bhxh", "sogddt", "soldtbxh", "sotttt", "sovhttdl", "soyte", "sokhcn", "daipttt")
DIRECTORS = {"sotttt": "giamdoc.tttt", "soyte": "giamdoc.yte"}
NEW_PASSWORD = "Giam-doc-2026!"
TABLE = [
    {"kind": "criterion", "name": "Thực hiện nhiệm vụ được giao", "max_points": 60},
    {"kind": "criterion", "name": "Tổ chức phong trào thi đua", "max_points": 40},
]


@pytest.fixture(scope="module")
def live_server(databases, template_db, tmp_path_factory) -> Iterator[LiveServer]:
    url = databases.create(template=template_db)
    server = LiveServer(url, tmp_path_factory.mktemp("bloc-server"), workers=1, threads=4)
    server.start()
    yield server
    server.stop()
    databases.drop(url)


def _ok(server: LiveServer, method: str, path: str, token: str, body=None, status=200):
    got, answer = server.request(method, f"/api/v1{path}", body, token=token)
    assert got == status, (path, got, answer)
    return answer


def _directors(server: LiveServer) -> dict[str, str]:
    """A Director account, from today, for each member without one in the demo."""
    admin = server.token("quantri", PASSWORD)
    tokens = {}
    for code in MEMBERS:
        if code in DIRECTORS:
            tokens[code] = server.token(DIRECTORS[code], PASSWORD)
            continue
        name = f"gd.{code}"
        body = {"username": name, "full_name": f"Giám đốc {code}", "password": NEW_PASSWORD}
        _ok(server, "POST", "/admin/users", admin, body, 201)
        role = {"username": name, "role": "director", "org": code,
                "valid_from": today().isoformat()}  # fmt: skip
        _ok(server, "POST", "/admin/assignments", admin, role, 201)
        tokens[code] = server.token(name, NEW_PASSWORD)
    return tokens


def _cờ_thi_đua_at_the_bloc(server: LiveServer) -> int:
    """Văn phòng Sở Y tế proposed for the Cờ thi đua of the provincial People's Committee, walked
    by whoever holds each step today until the bloc's endorsement."""
    demo = Demo(f"http://127.0.0.1:{server.port}", PASSWORD)
    day = today()
    demo.load_roles(day)
    nominator = demo.as_user("vanthu.yte")
    body = {
        "award_code": "CO_THI_DUA_TINH",
        "year": day.year,
        "title": f"Đề nghị tặng Cờ thi đua của UBND tỉnh năm {day.year}",
        "summary": "Dẫn đầu Khối thi đua Văn hóa – Xã hội",
        "nominees": [{"name": "Văn phòng Sở Y tế"}],
    }
    pid = nominator.call("POST", "/proposals", body, expect=(201,))["id"]
    for item in nominator.call("GET", f"/proposals/{pid}")["checklist"]:
        if item["required"] and not item["satisfied"]:
            part = {"kind": item["code"], "attachments": (f"{item['code']}.pdf", PDF)}
            nominator.call("POST", f"/proposals/{pid}/attachments", multipart=part, expect=(201,))
    steps = nominator.call("POST", f"/proposals/{pid}/submit", {"comment": "Kính trình"})[
        "next_steps"
    ]
    while steps and steps[0]["element"] != "grouping_endorse":
        step = steps[0]
        actor = demo.holder(step)
        api = demo.as_user(actor)
        task = api.call("GET", f"/tasks/{step['id']}")
        answer = api.call(
            "POST", f"/tasks/{step['id']}/complete", payload(step, task, actor, demo, day)
        )
        steps = answer["next_steps"]
    assert steps and steps[0]["org"] == "khoi-vhxh", steps
    return pid


def test_members_self_score_and_the_head_ranks(live_server, visit):
    server = live_server
    year = today().year
    head = server.token("truongkhoi.vhxh", PASSWORD)
    body = {"grouping": "khoi-vhxh", "year": year, "title": f"Giao ước thi đua năm {year}",
            "criteria": TABLE}  # fmt: skip
    pledge = _ok(server, "POST", "/blocs/pledges", head, body, 201)
    pid, ids = pledge["id"], [c["id"] for c in pledge["criteria"]]
    proposal = _cờ_thi_đua_at_the_bloc(server)
    tokens = _directors(server)
    member = visit("giamdoc.yte")
    page = member.goto("/")
    page.get_by_role("link", name="Thành viên ký giao ước thi đua").click()
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã xử lý")
    for code, token in tokens.items():
        if code != "soyte":
            _ok(server, "POST", f"/blocs/pledges/{pid}/actions", token, {"action": "sign"})
    _ok(server, "POST", f"/blocs/pledges/{pid}/actions", head, {"action": "open_scoring"})
    for n, (code, token) in enumerate(tokens.items()):
        if code != "soyte":
            scores = [
                {"criterion_id": ids[0], "points": 50 - n},
                {"criterion_id": ids[1], "points": 30},
            ]
            _ok(server, "PUT", f"/blocs/pledges/{pid}/scores", token, {"scores": scores})

    page = member.goto("/")
    page.get_by_role("link", name="Thành viên tự chấm điểm, kèm minh chứng").click()
    page.get_by_role("link", name="Mở trang giao ước thi đua của Khối/Cụm").click()
    page.get_by_label("Điểm tự chấm – Thực hiện nhiệm vụ được giao").fill("65")
    page.get_by_label("Điểm tự chấm – Tổ chức phong trào thi đua").fill("38")
    page.get_by_role("button", name="Gửi điểm tự chấm").click()
    expect(page.get_by_role("alert")).to_contain_text("65 điểm vượt mức tối đa 60 điểm")
    page.get_by_label("Điểm tự chấm – Thực hiện nhiệm vụ được giao").fill("58")
    page.get_by_label("Điểm tự chấm – Tổ chức phong trào thi đua").fill("38")
    page.get_by_role("button", name="Gửi điểm tự chấm").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi")

    for code in MEMBERS:
        body = {"member": code, "action": "accept"}
        _ok(server, "POST", f"/blocs/pledges/{pid}/checks", head, body)
    boss = visit("truongkhoi.vhxh")
    page = boss.goto("/")
    page.get_by_role("link", name="Mở bỏ phiếu khi mọi điểm đã chấm chéo").click()
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã xử lý")
    page = boss.goto(f"/blocs/{pid}")
    for token in tokens.values():
        choices = dict.fromkeys(MEMBERS, "yes")
        _ok(server, "POST", f"/blocs/pledges/{pid}/votes", token, {"choices": choices})
    page.reload()
    page.get_by_role("button", name="Kết thúc bỏ phiếu, xếp hạng và suy tôn").click()
    forwarded = "Đã chuyển 1 hồ sơ đề nghị lên cấp tỉnh theo kết quả suy tôn"
    expect(page.get_by_role("alert").filter(has_text=forwarded)).to_be_visible()
    page = boss.goto(f"/blocs/{pid}/ranking")
    first = page.locator("#ranking tbody tr").first
    expect(first).to_contain_text("Sở Y tế")
    expect(first).to_contain_text("Cờ thi đua của UBND tỉnh")
    boss.check("91-bloc-ranking")
    # The ranking was the Cờ thi đua proposal's endorsement: it has gone on to the province.
    page = visit("vanthu.yte").goto(f"/proposals/{proposal}")
    expect(page.locator("main")).to_contain_text("Ban Thi đua")
    detail = _ok(server, "GET", f"/proposals/{proposal}", server.token("vanthu.yte", PASSWORD))
    assert detail["stage"] == "province", detail["stage"]
