"""Every award of the catalogue run through API v1 on a server holding the demo of Điện Biên,
as an outside client would: no access to the database or the code, only the API and the demo's
accounts (their password and the administrator's name, as `tdkt demo` prints them).

    python scripts/all_awards_client.py http://127.0.0.1:5000 [--password P] [--award CODE ...]

For each award of GET /awards: the nominator files a proposal (two nominees), attaches one file
per required item of its dossier checklist and submits it; then every step the answers'
`next_steps` name is completed by an account that holds the step's role at the step's
organisation today (read from GET /admin/users as the administrator), a council member's ballot
by its member; the upward awards' decision of the Ministry or the Prime Minister is recorded by
the board officer with its document (the first nominee granted, the second not, with a reason).
Prints award → steps walked → decision, and exits 1 when any award did not reach its decision.
Standard library only, so that it runs from any checkout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field

#: the demo's accounts (workflows/ops/demo.py prints them): its administrator, and the
#: nominator of a unit of Sở KH&CN, the department that took over the TT&TT sector on 1/3/2025
ADMIN = "quantri"
NOMINATOR = "vanthu.cntt"
DEMO_PASSWORD = "DienBien@2025"
#: a file the server accepts as a PDF (checked by extension and content)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REFUSAL = "Chưa đủ tiêu chuẩn theo quy định tại thời điểm xét"
JUSTIFICATION = "Đã xem xét thành tích, đề nghị chuyển cấp trên"
PEOPLE = [
    {"name": "Nguyễn Thị Hương", "job_title": "Chuyên viên", "gender": "female"},
    {"name": "Đặng Văn Đức", "job_title": "Phó Trưởng phòng", "gender": "male"},
]
COLLECTIVES = [{"name": "Phòng Công nghệ thông tin"}, {"name": "Trung tâm Chuyển đổi số"}]
HIGHER_SIGNER = {"minister": "Bộ trưởng", "prime_minister": "Thủ tướng Chính phủ"}


class Failed(Exception):
    """A request answered other than expected: the award stops there."""


class Api:
    def __init__(self, base: str, token: str | None = None):
        self.base, self.token = base.rstrip("/") + "/api/v1", token

    def call(self, method: str, path: str, body=None, *, expect=(200,), multipart=None):
        headers = {"Accept": "application/json", "Accept-Language": "vi"}
        data = None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if method == "POST":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        if multipart is not None:
            data, headers["Content-Type"] = _multipart(multipart)
        elif body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                status, raw = error.code, error.read()
        if status not in expect:
            raise Failed(f"{method} {path} → {status}: {raw[:600].decode(errors='replace')}")
        return json.loads(raw) if raw else None


def _multipart(parts: dict) -> tuple[bytes, str]:
    """parts: name → str, or (filename, bytes)."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in parts.items():
        out += f"--{boundary}\r\n".encode()
        if isinstance(value, tuple):
            filename, content = value
            out += (
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            out += content
        else:
            out += f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}'.encode()
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


@dataclass
class Demo:
    """The accounts of the server, logged in once each, and who holds which role today."""

    base: str
    password: str
    sessions: dict[str, Api] = field(default_factory=dict)
    holders: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def as_user(self, username: str) -> Api:
        if username not in self.sessions:
            answer = Api(self.base).call(
                "POST",
                "/auth/token",
                {"username": username, "password": self.password},
                expect=(200, 201),
            )
            self.sessions[username] = Api(self.base, answer["token"])
        return self.sessions[username]

    def load_roles(self, today: dt.date) -> None:
        for user in self.as_user(ADMIN).call("GET", "/admin/users"):
            if not user["active"]:
                continue
            self.names[user["username"]] = user["full_name"]
            for role in user["roles"]:
                start, end = role["valid_from"], role["valid_to"]
                if (start is None or start <= today.isoformat()) and (
                    end is None or end >= today.isoformat()
                ):
                    key = (role["role"], role["org"])
                    self.holders.setdefault(key, []).append(user["username"])

    def holder(self, step: dict) -> str:
        if step.get("assignee"):
            return step["assignee"]
        found = self.holders.get((step["role"], step["org"]))
        if not found:
            raise Failed(f"nobody holds {step['role']} at {step['org']} today ({step['element']})")
        return found[0]


@dataclass
class Run:
    award: str
    route: str
    proposal: int | None = None
    walked: list[str] = field(default_factory=list)
    decision: str = ""
    error: str = ""


def today_vn() -> dt.date:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).date()


def fill(field_: dict, step: dict, actor: str, demo: Demo, day: dt.date) -> object:
    """A plausible value for one field of a step's form, by its name and type."""
    name, kind = field_["name"], field_["type"]
    if field_.get("choices"):
        return field_["choices"][0]
    if kind == "date":
        return day.strftime("%d/%m/%Y")
    if kind == "integer":
        return field_.get("maximum") or field_.get("minimum") or 1
    if name == "signer":
        return demo.names.get(actor, actor)
    if name.endswith("_no"):
        issuer = "UBND" if step["role"] == "chairman" else step["org"].upper()
        kind_no = "TTr" if "submission" in name else "QĐ"
        return f"{100 + step['id'] % 900}/{kind_no}-{issuer}"
    if name == "sent_reference":
        return f"H12.36-{day:%y%m%d}-{step['id']:04d}"
    return "Theo hồ sơ"


def payload(step: dict, task: dict, actor: str, demo: Demo, day: dt.date) -> dict:
    if step["form"] == "ballot":
        return {"action": "vote", "choices": {str(n["id"]): "yes" for n in step["nominees"]}}
    body: dict = {"action": "approve", "justification": JUSTIFICATION}
    for field_ in task["fields"]:
        if field_["required"] or "approve" in field_["required_for"]:
            body[field_["name"]] = fill(field_, step, actor, demo, day)
    return body


def higher_decision(api: Api, pid: int, decider: str, day: dt.date) -> dict:
    """What the board officer records at await_decision: the decision's document first."""
    document = api.call(
        "POST",
        f"/proposals/{pid}/decision-document",
        multipart={"document": ("quyet-dinh-cap-tren.pdf", PDF + b"qd")},
        expect=(201,),
    )
    nominees = api.call("GET", f"/proposals/{pid}")["nominees"]
    results = [{"nominee_id": nominees[0]["id"], "granted": True}]
    results += [{"nominee_id": n["id"], "granted": False, "reason": REFUSAL} for n in nominees[1:]]
    number = "77/QĐ-TTg" if decider == "prime_minister" else "215/QĐ-BKHCN"
    return {
        "decision_no": number,
        "decision_date": day.strftime("%d/%m/%Y"),
        "signer": HIGHER_SIGNER.get(decider, decider),
        "document_id": document["id"],
        "results": results,
    }


def run_award(demo: Demo, award: dict, day: dt.date) -> Run:
    route = award["route"]
    run = Run(award["code"], "→".join(f"{k}={v}" for k, v in route.items()))
    nominator = demo.as_user(NOMINATOR)
    try:
        people = PEOPLE if award["target"] == "person" else COLLECTIVES
        created = nominator.call(
            "POST",
            "/proposals",
            {
                "award_code": award["code"],
                "year": day.year,
                "title": f"Đề nghị {award['name']} năm {day.year}",
                "summary": "Hoàn thành xuất sắc nhiệm vụ được giao",
                "nominees": people,
            },
            expect=(201,),
        )
        run.proposal = pid = created["id"]
        detail = nominator.call("GET", f"/proposals/{pid}")
        for item in detail["checklist"]:
            if item["required"] and not item["satisfied"]:
                nominator.call(
                    "POST",
                    f"/proposals/{pid}/attachments",
                    multipart={"kind": item["code"], "attachments": (f"{item['code']}.pdf", PDF)},
                    expect=(201,),
                )
        answer = nominator.call("POST", f"/proposals/{pid}/submit", {"comment": "Kính trình"})
        run.walked.append("file_proposal")
        steps = answer["next_steps"]
        for _ in range(40):
            if not steps:
                break
            step = steps[0]
            actor = demo.holder(step)
            api = demo.as_user(actor)
            task = api.call("GET", f"/tasks/{step['id']}")
            body = payload(step, task, actor, demo, day)
            if step["form"] == "higher_decision":
                body.update(higher_decision(api, pid, route["decider"], day))
            answer = api.call("POST", f"/tasks/{step['id']}/complete", body)
            if not run.walked or run.walked[-1] != step["element"]:
                run.walked.append(step["element"])
            # The other ready steps (a council's other ballots) stay; the answer lists them all.
            steps = answer["next_steps"]
        final = nominator.call("GET", f"/proposals/{pid}")
        if final["status"] != "approved":
            raise Failed(f"ended {final['status']} with steps {final['current_tasks']}")
        decision = final.get("decision") or {}
        run.decision = f"{decision.get('number')} {decision.get('date')}"
    except Failed as error:
        run.error = str(error)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("--password", default=os.environ.get("TDKT_DEMO_PASSWORD", DEMO_PASSWORD))
    parser.add_argument("--award", action="append", help="only these award codes")
    args = parser.parse_args(argv)
    day = today_vn()
    demo = Demo(args.base_url, args.password)
    try:
        demo.load_roles(day)
        awards = demo.as_user(NOMINATOR).call("GET", "/awards")
    except (Failed, urllib.error.URLError) as error:
        print(f"cannot start: {error}", file=sys.stderr)
        return 2
    runs = [run_award(demo, a, day) for a in awards if not args.award or a["code"] in args.award]
    width = max(len(r.award) for r in runs)
    for r in runs:
        outcome = r.decision if not r.error else f"FAILED: {r.error}"
        print(f"{r.award:<{width}}  #{r.proposal}  {' → '.join(r.walked)}  ⇒ {outcome}")
    failed = [r.award for r in runs if r.error]
    print(f"{len(runs) - len(failed)} awards decided, {len(failed)} not")
    return 1 if failed or not runs else 0


if __name__ == "__main__":
    sys.exit(main())
