"""The people paths and schemas of the OpenAPI document (merged by openapi.py): the facts the
award criteria read, their verdict for one person, and history imports."""

from __future__ import annotations

from webapp.api.openapi_types import I, S, arr, obj, ok, op, ref

NULL_S = {"type": ["string", "null"]}
DATE_NULL = {"type": ["string", "null"], "format": "date"}

SCHEMAS = {
    "Person": obj(
        [
            "id",
            "full_name",
            "staff_code",
            "unit",
            "recruited_on",
            "job_title",
            "is_leader",
            "gender",
            "task_group",
            "moves",
        ],
        id=I,
        full_name=S,
        staff_code=NULL_S,
        unit={**S, "description": "code of the person's unit"},
        recruited_on={**DATE_NULL, "description": "read by LĐTT's six months of service"},
        job_title=S,
        is_leader={"type": "boolean"},
        gender={"type": ["string", "null"], "enum": ["male", "female", None]},
        task_group={**S, "description": "group of similar tasks the HTXSNV cap counts in"},
        moves={
            **arr(
                obj(
                    ["from_unit", "to_unit", "moved_on"],
                    from_unit=S,
                    to_unit=S,
                    moved_on={**S, "format": "date"},
                )
            ),
            "description": "moves between units, oldest first (read by LĐTT and unit members)",
        },
    ),
    "PersonFacts": obj(
        (),
        recruited_on={
            **NULL_S,
            "description": "dd/mm/yyyy or yyyy-mm-dd, not in the future; null or '' clears it",
        },
        job_title={**S, "maxLength": 120},
        is_leader={"type": ["boolean", "string"], "description": "true/false, 'có'/'không'"},
        gender={**NULL_S, "description": "male/female, 'nam'/'nữ'; null when unknown"},
        task_group={**S, "maxLength": 80},
        moved_to={
            **S,
            "description": "code of the unit the person moved to (with moved_on); "
            "the caller must edit its history",
        },
        moved_on={
            **S,
            "description": "dd/mm/yyyy or yyyy-mm-dd: first day at the new unit, after the "
            "last move and the recruitment, not in the future",
        },
    ),
    "PersonVerdict": obj(
        ["person", "award", "year", "passed", "rule_set", "legal_basis", "criteria"],
        True,
        person=ref("Person"),
        award=S,
        year=I,
        passed={"type": "boolean"},
        rule_set={**S, "description": "the rule set the law assigns (decision date, transition)"},
        legal_basis=S,
        rule_set_reason=S,
        criteria=arr(
            obj(
                ["code", "label", "passed", "reason"],
                code=S,
                label=S,
                passed={"type": "boolean"},
                reason=S,
            )
        ),
    ),
    "ImportReport": obj(
        ["rows", "accepted", "rejected", "created_people", "dry_run", "lines"],
        rows=I,
        accepted=arr(I),
        rejected=arr(obj(["row", "reason"], row=I, reason=S)),
        created_people=I,
        dry_run={"type": "boolean"},
        lines=arr(S),
    ),
}


def _query(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema,
        "description": description,
    }


PERSON_ID = {
    "name": "person_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}


def paths(prefix: str) -> dict:
    base = f"{prefix}/people"
    return {
        base: {
            "get": op(
                "The people of a staff code the caller may read",
                "people",
                ok("Found", obj(["items"], items=arr(ref("Person")))),
                "400 401",
                parameters=[_query("staff_code", S, "the staff code", True)],
            )
        },
        f"{base}/{{person_id}}": {
            "parameters": [PERSON_ID],
            "get": op("One person's facts", "people", ok("The person", ref("Person")), "401 404"),
            "patch": op(
                "Change the facts the criteria read (department secretariat and Director)",
                "people",
                ok("Changed", ref("Person")),
                "400 401 403 404",
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": ref("PersonFacts")}},
                },
            ),
        },
        f"{base}/{{person_id}}/eligibility": {
            "parameters": [PERSON_ID],
            "get": op(
                "The award's criteria for this person, under the rule set the law assigns",
                "people",
                ok("The verdict", ref("PersonVerdict")),
                "400 401 404",
                parameters=[
                    _query("award", S, "code of an award to persons", True),
                    _query("year", I, "award year (default: this year)"),
                    _query(
                        "decision_date",
                        {**S, "format": "date"},
                        "the decision's date (default: today)",
                    ),
                ],
            ),
        },
        f"{prefix}/history/import": {
            "post": op(
                "Import history (or initiatives) from .xlsx or .csv: each row written or "
                "rejected with its reason",
                "people",
                {
                    **ok("Imported", ref("ImportReport"), "201"),
                    **ok("Checked only (dry_run)", ref("ImportReport")),
                },
                "400 401 403 413",
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": obj(
                                ["file"],
                                file={"type": "string", "format": "binary"},
                                kind={"type": "string", "enum": ["history", "initiatives"]},
                                dry_run={"type": "string", "enum": ["0", "1"]},
                            )
                        }
                    },
                },
            )
        },
    }
