"""Any JSON body to any API endpoint that takes one: a 2xx, or a clear 4xx naming the field,
never a 500; and a refused request writes nothing (no row inserted, updated or deleted).

Property-based (hypothesis), bounded and derandomised so that CI tries the same examples
every time: EXAMPLES per endpoint.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.world import (
    BLOC_PLEDGE_ID,
    BLOC_SCORING_ID,
    BLOC_TABLE,
    BLOC_VOTING_ID,
    bloc_pledge_body,
    proposal_body,
)

WORLD_CASES = [("sotttt", 0), ("sotttt", 3)]  # a draft, and one at the council's vote
WORLD_TOKENS = ["vanthu.cntt", "hoidong.tttt", "quantri"]  # quantri: the admin API
#: hypothesis sends many wrong passwords; the throttle has tests of its own
WORLD_CONFIG = {"LOGIN_MAX_FAILURES": 1_000_000}
#: per endpoint: 20 in `make test`, 100 in `make test-deep` (the profiles of tests/conftest.py)
EXAMPLES = settings.default.max_examples
#: the loaded profile: bounded, derandomised, no example database
SETTINGS = settings()

#: strings no database stores: NUL (PostgreSQL), lone surrogates (UTF-8 of neither); control
#: characters no spreadsheet cell holds; numbers that are digits only to str.isdigit
UNSTORABLE = [
    "a\x00b",
    "\x00",
    "\ud800",
    "x\udfffy",
    "a\x01b",
    "\x1b[0m",
    "²",
    "99999999999999999999",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=300)
    | st.sampled_from(UNSTORABLE)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def keyed(keys: list[str], nested: dict | None = None):
    """Objects with the endpoint's real keys holding values of any type."""
    values = {k: json_values for k in keys}
    for key, strategy in (nested or {}).items():
        values[key] = strategy | json_values
    return st.fixed_dictionaries({}, optional=values)


def one_wrong(good: dict):
    """A valid body with one key replaced by any value, or removed."""
    return st.builds(
        lambda key, value, drop: (
            {k: v for k, v in good.items() if k != key} if drop else {**good, key: value}
        ),
        st.sampled_from(sorted(good)),
        json_values,
        st.booleans(),
    )


NOMINEE_KEYS = ["name", "kind", "job_title", "unit_name", "gender", "achievements", "username"]
PROPOSAL_KEYS = ["award_code", "year", "title", "summary", "nominees", "org", "movement"]
#: a council member's ballot (workflows.council.ballots): {"action": "vote", "choices": {id:
#: yes/no}}
COUNCIL_KEYS = ["action", "choices", "comment"]
nominees = st.lists(keyed(NOMINEE_KEYS), max_size=3)


def bodies(keys: list[str], good: dict | None = None, nested: dict | None = None):
    options = [json_values, keyed(keys, nested)]
    if good:
        options += [one_wrong(good), st.just(good)]
    return st.one_of(*options)


ACCOUNT_KEYS = ["username", "full_name", "email", "locale", "password"]
NEW_ACCOUNT = {"username": "gia.thuyet", "full_name": "Giả Thuyết", "password": "Gia-thuyet-2026"}
ROLE_KEYS = ["username", "role", "org", "valid_from", "valid_to"]
NEW_ROLE = {
    "username": "vanthu.yte",
    "role": "nominator",
    "org": "soyte-nvy",
    "valid_from": "2026-01-01",
}
#: the administration's changes aimed at nobody (a real account would change for the rest of
#: the world): their bodies are read before the target is looked for
NOBODY = "khong.ai.ca"
NO_ROW = 999999

#: endpoint -> (method, path, the keys it reads, a valid body)
ENDPOINTS = {
    "api.admin_user_create": ("POST", "/admin/users", ACCOUNT_KEYS, NEW_ACCOUNT),
    "api.admin_user_disable": ("POST", f"/admin/users/{NOBODY}/disable", [], None),
    "api.admin_user_enable": ("POST", "/admin/users/vanthu.cntt/enable", [], None),
    "api.admin_user_reset_password": (
        "POST",
        f"/admin/users/{NOBODY}/reset-password",
        ["password"],
        None,
    ),
    "api.admin_user_unlock": ("POST", "/admin/users/vanthu.cntt/unlock", [], None),
    "api.admin_assignment_create": ("POST", "/admin/assignments", ROLE_KEYS, NEW_ROLE),
    "api.admin_assignment_close": (
        "POST",
        f"/admin/assignments/{NO_ROW}/close",
        ["last_day"],
        None,
    ),
    "api.admin_membership_create": (
        "POST",
        "/admin/groupings/cum-2/members",
        ["member", "valid_from", "valid_to"],
        {"member": "soyte", "valid_from": "2026-01-01"},
    ),
    "api.admin_membership_close": (
        "POST",
        f"/admin/memberships/{NO_ROW}/close",
        ["last_day"],
        None,
    ),
    "api.admin_grouping_head": (
        "PUT",
        "/admin/groupings/cum-2/heads/2026",
        ["head", "deputy", "basis"],
        {"head": "sotttt", "deputy": "sokhcn"},
    ),
    "api.issue_token": ("POST", "/auth/token", ["username", "password"], None),
    "api.revoke_token": ("POST", "/auth/revoke", [], None),
    "api.create_proposal": ("POST", "/proposals", PROPOSAL_KEYS, proposal_body()),
    "api.update_proposal": ("PUT", "/proposals/{draft}", PROPOSAL_KEYS, proposal_body()),
    "api.submit_proposal": ("POST", "/proposals/{draft}/submit", ["comment"], {"comment": "x"}),
    "api.complete_task": (
        "POST",
        "/tasks/{council}/complete",
        COUNCIL_KEYS,
        None,  # the ballot names the proposal's nominees: see good_body()
    ),
    "api.claim_task": ("POST", "/tasks/{council}/claim", [], None),
    "api.lower_nominees": (
        "POST",
        "/tasks/{council}/lower",
        ["nominee_ids", "award_code", "reason", "justification"],
        None,
    ),
    "api.propose_revocation": (
        "POST",
        "/award-records/1/revocations",
        ["reason", "legal_basis", "release_initiatives"],
        None,
    ),
    "api.check_revocation": ("POST", "/revocations/1/check", ["action", "comment"], None),
    "api.decide_revocation": (
        "POST",
        "/revocations/1/decide",
        ["action", "comment", "decision_no", "decision_date"],
        None,
    ),
    # the authority's revoking decision: multipart only, so a JSON body is short of the action
    "api.record_revocation": (
        "POST",
        "/revocations/1/record",
        ["action", "comment", "decision_no", "decision_date", "decision_signer", "document"],
        None,
    ),
    "api.release_task": ("POST", "/tasks/{council}/release", [], None),
    "api.upload_attachments": ("POST", "/proposals/{draft}/attachments", ["attachments"], None),
    # the higher decision's document: only at "Chờ quyết định cấp trên" (409 for a draft)
    "api.upload_decision_document": (
        "POST",
        "/proposals/{draft}/decision-document",
        ["document"],
        None,
    ),
    # an award decided outside tdkt: multipart only, so a JSON body is short of every field
    "api.record_outside_award": (
        "POST",
        "/people/1/award-records",
        ["award_code", "year", "decision_no", "decision_date", "decided_by", "amount", "document"],
        None,
    ),
    # the same for a collective (the history's unit of person 1)
    "api.record_outside_collective_award": (
        "POST",
        "/organisations/sotttt-cntt/award-records",
        ["award_code", "year", "decision_no", "decision_date", "decided_by", "amount", "document"],
        None,
    ),
    "api.delete_attachment": ("DELETE", "/proposals/{draft}/attachments/{file}", [], None),
    "api.read_notification": ("POST", "/notifications/987654321/read", [], None),
    "api.read_all_notifications": ("POST", "/notifications/read", [], None),
    "api.set_notification_preferences": (
        "PUT",
        "/notifications/preferences",
        ["mail"],
        {"mail": {"returned": False}},
    ),
    # moving proposals to another process version (administrators): version 1 is the world's
    "api.preview_migration": (
        "POST",
        "/processes/tdkt_proposal/migrations/preview",
        ["to_version", "proposal_ids"],
        {"to_version": 1, "proposal_ids": [1]},
    ),
    "api.apply_migration": (
        "POST",
        "/processes/tdkt_proposal/migrations",
        ["to_version", "proposal_ids"],
        {"to_version": 1, "proposal_ids": [1]},
    ),
    # an organisation event (administrators): refused for want of its decision number
    "api.apply_event": (
        "POST",
        "/organisations/events",
        [
            "kind",
            "effective_on",
            "decision_no",
            "decision_date",
            "issued_by",
            "note",
            "organisations",
            "organisation",
            "successor",
            "new_org",
            "shares",
            "roles",
        ],
        None,
    ),
    # the province's own rules (the board and administrators)
    "api.add_province_rule": (
        "POST",
        "/province-rules",
        ["kind", "key", "value", "valid_from", "source"],
        None,
    ),
    # a person's facts and the history import (the department's secretariat)
    "api.update_person": (
        "PATCH",
        "/people/1",
        ["recruited_on", "job_title", "is_leader", "gender", "task_group", "moved_to", "moved_on"],
        {"gender": "female"},
    ),
    "api.import_history": ("POST", "/history/import", ["file", "kind", "dry_run"], None),
    # a bloc's year (the world's pledges: 1 a draft of Khối VHXH, 2 Cụm 2 scoring, 3 voting)
    "api.create_pledge": (
        "POST",
        "/blocs/pledges",
        ["grouping", "year", "title", "criteria"],
        bloc_pledge_body(2022),
    ),
    "api.set_criteria": (
        "PUT",
        f"/blocs/pledges/{BLOC_PLEDGE_ID}/criteria",
        ["criteria"],
        {"criteria": BLOC_TABLE},
    ),
    "api.pledge_action": (
        "POST",
        f"/blocs/pledges/{BLOC_PLEDGE_ID}/actions",
        ["action", "head", "deputy"],
        {"action": "sign"},
    ),
    "api.self_score": (
        "PUT",
        f"/blocs/pledges/{BLOC_SCORING_ID}/scores",
        ["scores"],
        {"scores": [{"criterion_id": BLOC_SCORING_ID, "points": 90, "evidence": "BC 01"}]},
    ),
    "api.check_score": (
        "POST",
        f"/blocs/pledges/{BLOC_SCORING_ID}/checks",
        ["member", "action", "reason"],
        {"member": "sotuphap", "action": "accept"},
    ),
    "api.cast_vote": (
        "POST",
        f"/blocs/pledges/{BLOC_VOTING_ID}/votes",
        ["choices"],
        {"choices": "absent"},
    ),
    # a proposal filed from a registration: the world has none (a real one in tests/registration)
    "api.file_from_registration": (
        "POST",
        f"/registrations/{NO_ROW}/proposals",
        ["award"],
        None,
    ),
    # opening a movement's registrations reads no body: any body to a missing movement is 404
    # (the world's movement, opened, in tests/registration/test_opening.py)
    "api.open_registrations": ("POST", f"/movements/{NO_ROW}/registrations", [], None),
    # a case's step (workflows.cases): the world has none; a real one in tests/cases
    "api.complete_case_task": (
        "POST",
        f"/cases/tasks/{NO_ROW}/complete",
        ["action", "reason"],
        None,
    ),
}
#: who sends to the blocs' endpoints: the head of the pledge's bloc, or a member's Director
BLOC_CALLERS = {
    "api.create_pledge": "truongkhoi.vhxh",
    "api.set_criteria": "truongkhoi.vhxh",
    "api.pledge_action": "giamdoc.tttt",
    "api.self_score": "giamdoc.tttt",
    "api.check_score": "truongcum.2",
    "api.cast_vote": "giamdoc.tttt",
}
#: who sends: the council member whose step is ready, else the draft's nominator
COUNCIL_MEMBER = ("api.complete_task", "api.claim_task", "api.release_task")
#: who sends to the administrators' endpoints
ADMINISTRATOR = (
    "api.preview_migration",
    "api.apply_migration",
    "api.apply_event",
    "api.add_province_rule",
)
#: who sends to the history registry's endpoints: the department's secretariat
SECRETARIAT = (
    "api.update_person",
    "api.import_history",
    "api.record_outside_award",
    "api.record_outside_collective_award",
)


def test_every_api_endpoint_that_writes_is_tried(world):
    writes = {
        rule.endpoint
        for rule in world.app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    }
    assert writes == set(ENDPOINTS)


def names_a_field(name: str, known: set[str]) -> bool:
    """`title`, `nominees[0].name`, `body`: a key the endpoint reads or the caller sent."""
    return any(name == k or name.startswith((k + "[", k + ".")) for k in known)


def good_body(endpoint: str, good: dict | None, council) -> dict | None:
    if endpoint == "api.complete_task":
        return {"action": "vote", "choices": dict.fromkeys(map(str, council.nominee_ids), "yes")}
    return good


@pytest.mark.slow  # hypothesis, for every endpoint
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_any_json_body(world, endpoint):
    method, path, keys, good = ENDPOINTS[endpoint]
    draft, council = world.cases[("sotttt", 0)], world.cases[("sotttt", 3)]
    good = good_body(endpoint, good, council)
    url = path.format(draft=draft.id, council=council.task_id, file=draft.attachment_id)
    administrator = endpoint in ADMINISTRATOR or endpoint.startswith("api.admin_")
    caller = world.api(
        "hoidong.tttt"
        if endpoint in COUNCIL_MEMBER
        else "quantri"
        if administrator
        else "thuongtruc.tttt"
        if endpoint in SECRETARIAT
        else BLOC_CALLERS.get(endpoint, "vanthu.cntt")
    )
    if administrator or endpoint in SECRETARIAT or endpoint in BLOC_CALLERS:
        # The world was built without the administrator: keep the token just issued, or the
        # restore after the first success would revoke it.
        world.snapshot()
    nested = {"nominees": nominees} if "nominees" in keys else None
    tried = []

    @SETTINGS
    @given(body=bodies(keys, good, nested))
    def check(body):
        raw = json.dumps(body, allow_nan=True)
        before = world.mark()
        response = caller.call(method, url, data=raw, content_type="application/json")
        response.close()
        status = response.status_code
        tried.append(status)
        assert status < 500, (raw[:300], response.get_data(as_text=True)[:300])
        if status >= 400:
            answer = response.get_json()
            assert answer["error"] == status and answer["message"], answer
            if status == 400:
                assert answer["fields"], answer
                known = {*keys, "body", *(body if isinstance(body, dict) else ())}
                assert all(names_a_field(n, known) for n in answer["fields"]), (raw[:200], answer)
                for name in answer["fields"]:
                    assert name in answer["message"]
            wrote = world.written(before)
            if endpoint == "api.issue_token" and status == 401:
                wrote -= {"login_attempt", "login_throttle"}  # a failed login is counted
            assert wrote == set(), (raw[:300], status)
        elif method != "GET":
            world.restore()

    check()
    print(f"hypothesis: {endpoint}: {len(tried)} bodies tried")  # shown with pytest -s
    assert len(tried) >= EXAMPLES // 2
    # The property held for refusals *and* for answers that went through.
    if keys:
        assert any(s >= 400 for s in tried), endpoint
    if good is not None:
        assert any(s < 400 for s in tried), endpoint


def test_an_upload_that_is_not_json_either(world):
    """The upload endpoint with a multipart body of junk fields is refused the same way."""
    draft = world.cases[("sotttt", 0)]
    caller = world.api("vanthu.cntt")
    before = world.mark()
    response = caller.call(
        "POST",
        f"/proposals/{draft.id}/attachments",
        data={"khac": "giá trị", "attachments": "không phải tệp"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "attachments" in response.get_json()["fields"]
    assert world.written(before) == set()


def test_strings_no_database_can_store_are_refused_naming_the_field(world):
    nominator = world.api("vanthu.cntt")
    before = world.mark()
    cases = [
        ({**proposal_body(), "title": "a\x00b"}, "title"),
        ({**proposal_body(), "nominees": [{"name": "x\udfffy"}]}, "nominees[0].name"),
        ({**proposal_body(), "nominees": [{"name": "An", "unit_name": "\x00"}]}, "nominees[0]"),
    ]
    for body, field in cases:
        raw = json.dumps(body)
        response = nominator.call("POST", "/proposals", data=raw, content_type="application/json")
        assert response.status_code == 400, (field, response.get_json())
        assert any(name.startswith(field) for name in response.get_json()["fields"]), field
    token = world.app.test_client().post(
        "/api/v1/auth/token",
        data='{"username": "van\\u0000thu", "password": "\\ud800"}',
        content_type="application/json",
    )
    assert token.status_code == 400 and token.get_json()["fields"]
    login = world.app.test_client().post("/login", data={"username": "van\x00thu", "password": "x"})
    assert login.status_code == 401 and "ký tự không hợp lệ" in login.get_data(as_text=True)
    assert world.written(before) == set()
