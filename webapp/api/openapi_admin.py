"""The administration paths and schemas of the OpenAPI document (merged by openapi.py)."""

from __future__ import annotations

from webapp.api.openapi_types import B, D, I, S, arr, obj, ok, op, ref, s

NULL_S = {"type": ["string", "null"]}
NULL_D = {"type": ["string", "null"], "format": "date"}
NULL_DT = {"type": ["string", "null"], "format": "date-time"}
DATES_DOC = (
    "Dates are the first and last day (both inclusive) in Việt Nam; null `valid_from` is since "
    "before tdkt's records, null `valid_to` still open. An assignment gives its rights only on "
    "the days it is held."
)

SCHEMAS = {
    "AdminRole": obj(
        ["id", "role", "org", "valid_from", "valid_to"],
        id=I,
        role=S,
        org=S,
        valid_from=NULL_D,
        valid_to=NULL_D,
    ),
    "AdminUser": obj(
        ["username", "full_name", "email", "locale", "active", "locked_until", "roles"],
        username=S,
        full_name=S,
        email=NULL_S,
        locale=NULL_S,
        active=B,
        locked_until={**NULL_DT, "description": "logins refused until then (the throttle)"},
        roles={**arr(ref("AdminRole")), "description": "the roles held today"},
    ),
    "AdminUserInput": obj(
        ["username", "full_name", "password"],
        username=s(64, description="3–64 of a-z 0-9 . _ -"),
        full_name=s(120),
        email=s(255),
        locale={"type": "string", "enum": ["vi", "en"]},
        password=s(200, description="the first password; the password policy applies"),
    ),
    "PasswordReset": obj(
        ["username", "password"],
        username=S,
        password={
            **NULL_S,
            "description": "the generated password, shown once; null when the request gave one",
        },
    ),
    "Assignment": obj(
        ["id", "username", "role", "org", "valid_from", "valid_to", "held_today"],
        id=I,
        username=S,
        role=S,
        org=S,
        valid_from=NULL_D,
        valid_to=NULL_D,
        held_today=B,
    ),
    "AssignmentInput": obj(
        ["username", "role", "org", "valid_from"],
        username=S,
        role={**S, "description": "a role code (GET /api/v1/me lists yours)"},
        org={**S, "description": "an organisation code of the kind the role's scope needs"},
        valid_from=D,
        valid_to=D,
    ),
    "LastDay": obj(["last_day"], last_day={**D, "description": "the last day it holds"}),
    "Membership": obj(
        ["id", "grouping", "member", "valid_from", "valid_to"],
        id=I,
        grouping=S,
        member=S,
        valid_from=NULL_D,
        valid_to=NULL_D,
    ),
    "MembershipInput": obj(["member", "valid_from"], member=S, valid_from=D, valid_to=D),
    "GroupingYear": obj(
        ["code", "name", "kind", "year", "members", "head", "deputy", "basis", "head_holders"],
        code=S,
        name=S,
        kind={"type": "string", "enum": ["bloc", "cluster"]},
        year=I,
        members=arr(ref("Membership")),
        head=NULL_S,
        deputy=NULL_S,
        basis=NULL_S,
        head_holders={**arr(ref("Assignment")), "description": "who holds grouping_head there"},
    ),
    "GroupingHeadInput": obj(["head"], head=S, deputy=S, basis=s(255)),
    "GroupingHead": obj(
        ["grouping", "year", "head", "deputy", "basis"],
        grouping=S,
        year=I,
        head=S,
        deputy=NULL_S,
        basis=NULL_S,
    ),
}


def _op(summary: str, responses: dict, errors: str, body: str | None = None) -> dict:
    """An administrators' operation: 401 and 403 always, and the dates' convention."""
    extra = {}
    if body:
        extra["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(body)}},
        }
    description = "Administrators only (role `admin`); others get 403. " + DATES_DOC
    return op(summary, "admin", responses, f"401 403 {errors}", description=description, **extra)


def _path(*names: str, integer: tuple[str, ...] = ()) -> list[dict]:
    return [
        {"name": n, "in": "path", "required": True, "schema": I if n in integer else S}
        for n in names
    ]


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def paths(prefix: str) -> dict:
    base = f"{prefix}/admin"
    user = f"{base}/users/{{username}}"
    out: dict = {
        f"{base}/users": {
            "get": {
                **_op(
                    "Accounts, searched by username or full name",
                    ok("OK", arr(ref("AdminUser"))),
                    "",
                ),
                "parameters": [
                    _query("q", S, "text in the username or full name (no accents needed)")
                ],
            },
            "post": _op(
                "Create an account", ok("OK", ref("AdminUser"), "201"), "400 409", "AdminUserInput"
            ),
        },
        f"{user}/disable": {
            "parameters": _path("username"),
            "post": _op(
                "Disable an account: its sessions and tokens end (refused for the last "
                "administrator, oneself, or the last holder of a role with steps waiting)",
                ok("OK", ref("AdminUser")),
                "404 409",
            ),
        },
        f"{user}/enable": {
            "parameters": _path("username"),
            "post": _op("Enable an account again", ok("OK", ref("AdminUser")), "404"),
        },
        f"{user}/reset-password": {
            "parameters": _path("username"),
            "post": {
                **_op(
                    "A new password (the body's `password`, or a generated one shown once); "
                    "sessions and tokens end, throttled logins are forgotten",
                    ok("OK", ref("PasswordReset")),
                    "400 404",
                ),
                "requestBody": {
                    "required": False,
                    "content": {"application/json": {"schema": obj([], password=s(200))}},
                },
            },
        },
        f"{user}/unlock": {
            "parameters": _path("username"),
            "post": _op("Forget the account's throttled logins", ok("OK", ref("AdminUser")), "404"),
        },
        f"{base}/assignments": {
            "get": {
                **_op(
                    "Role assignments, held or not (history)",
                    ok("OK", arr(ref("Assignment"))),
                    "404",
                ),
                "parameters": [
                    _query("user", S, "only this account's"),
                    _query("org", S, "only those at this organisation (code)"),
                ],
            },
            "post": _op(
                "Give a role at an organisation for a span of dates",
                ok("OK", ref("Assignment"), "201"),
                "400 404 409",
                "AssignmentInput",
            ),
        },
        f"{base}/assignments/{{assignment_id}}/close": {
            "parameters": _path("assignment_id", integer=("assignment_id",)),
            "post": _op(
                "End an assignment on a day (refused when it leaves waiting steps with nobody, "
                "or the province without an administrator)",
                ok("OK", ref("Assignment")),
                "400 404 409",
                "LastDay",
            ),
        },
        f"{base}/groupings": {
            "get": {
                **_op(
                    "Blocs and clusters of a year: members, head, deputy",
                    ok("OK", arr(ref("GroupingYear"))),
                    "400",
                ),
                "parameters": [_query("year", I, "the emulation year (this year when absent)")],
            },
        },
        f"{base}/groupings/{{code}}/members": {
            "parameters": _path("code"),
            "post": _op(
                "A department joins the bloc or cluster for a span of dates",
                ok("OK", ref("Membership"), "201"),
                "400 404 409",
                "MembershipInput",
            ),
        },
        f"{base}/memberships/{{membership_id}}/close": {
            "parameters": _path("membership_id", integer=("membership_id",)),
            "post": _op(
                "End a membership on a day", ok("OK", ref("Membership")), "400 404 409", "LastDay"
            ),
        },
        f"{base}/groupings/{{code}}/heads/{{year}}": {
            "parameters": _path("code", "year", integer=("year",)),
            "put": _op(
                "The year's head and deputy (members of the grouping that year)",
                ok("OK", ref("GroupingHead")),
                "400 404",
                "GroupingHeadInput",
            ),
        },
    }
    return out
