"""The certificate and bonus-report paths of the OpenAPI document (merged by openapi.py)."""

from __future__ import annotations

from webapp.api.openapi_types import I, S, arr, null, obj

SCHEMAS = {
    "BonusesPaid": obj(
        ["year", "rolled_up", "currency", "years"],
        year=null(I),
        rolled_up={"type": "boolean"},
        currency={**S, "description": "always VND"},
        years=arr(
            obj(
                ["year", "total", "count", "by_payer", "lines"],
                year={**I, "description": "the year of the decision date (budget year)"},
                total={**I, "description": "VND paid that year in the caller's scope"},
                count={**I, "description": "awards with an amount"},
                by_payer={
                    "type": "object",
                    "additionalProperties": I,
                    "description": "VND per fund: the deciding department's or the province's",
                },
                lines=arr(
                    obj(
                        [
                            "department",
                            "award_code",
                            "award",
                            "payer",
                            "source",
                            "estimated",
                            "count",
                            "amount",
                        ],
                        department={
                            **S,
                            "description": "as named on its latest decision of the year, or "
                            "the successor with the ones it includes when rolled up",
                        },
                        award_code=S,
                        award=S,
                        payer=S,
                        source={
                            "enum": ["decision", "outside", "import"],
                            "description": "decision: decided in tdkt; outside: recorded from "
                            "a decision taken outside tdkt; import: imported history",
                        },
                        estimated={
                            "type": "boolean",
                            "description": "the amounts are estimates from the rules of the "
                            "decision day (the demo's imported history), not stated by a decision",
                        },
                        count=I,
                        amount={**I, "description": "VND, as the records state"},
                    )
                ),
            )
        ),
    ),
}

PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def _errors(codes: str) -> dict:
    return {code: {"$ref": f"#/components/responses/E{code}"} for code in codes.split()}


def _ids(*names: str) -> list[dict]:
    return [
        {"name": n, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
        for n in names
    ]


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}  # fmt: skip


def paths(prefix: str) -> dict:
    security: list[dict[str, list[str]]] = [{"bearer": []}]
    who = (
        " Printed by the province's board and its officers, and for awards a department decided "
        "by that department's (or its successor's) Director and council secretariat; others "
        "who may read the proposal get 403 `certificate_print_not_allowed`. 404 before the "
        "decision (`certificate_no_decision`) and for awards the province does not print "
        "(`certificate_no_layout`)."
    )
    return {
        f"{prefix}/proposals/{{proposal_id}}/certificates.pdf": {
            "parameters": _ids("proposal_id"),
            "get": {
                "summary": "Every certificate of the decision, one page per granted nominee "
                "whose award is in force, as one PDF",
                "description": "Names, the unit and its department as on the decision date, the "
                "decision's number and date, the signer." + who,
                "tags": ["certificates"],
                "security": security,
                "responses": {
                    "200": {"description": "PDF", "content": PDF},
                    **_errors("401 403 404"),
                },
            },  # fmt: skip
        },
        f"{prefix}/proposals/{{proposal_id}}/nominees/{{nominee_id}}/certificate.pdf": {
            "parameters": _ids("proposal_id", "nominee_id"),
            "get": {
                "summary": "One granted nominee's certificate as PDF",
                "description": "404 `certificate_not_granted` for a nominee the decision did not "
                "grant; 409 `certificate_award_revoked` once the award was revoked." + who,
                "tags": ["certificates"],
                "security": security,
                "responses": {
                    "200": {"description": "PDF", "content": PDF},
                    **_errors("401 403 404 409"),
                },
            },  # fmt: skip
        },
        f"{prefix}/reports/bonuses": {
            "get": {
                "summary": "Emulation bonuses paid per decision year, by department and award",
                "description": "Every award record with an amount: decided in tdkt, recorded from "
                "a decision outside tdkt, or imported (each line says which), from the amounts "
                "recorded (never recomputed). The "
                "board sees the province; a Director his department (and those it took over); "
                "a unit head his unit.",
                "tags": ["reports"],
                "security": security,
                "parameters": [
                    _query("year", I, "only decisions dated in this year (all years when absent)"),
                    _query(
                        "rollup",
                        {"type": "integer", "enum": [0, 1], "default": 1},
                        "1: a department taken over counts in its successor; 0: as recorded",
                    ),
                ],
                "responses": {
                    "200": {
                        "description": "Amounts",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/BonusesPaid"}
                            }
                        },
                    },
                    **_errors("400 401 403"),
                },
            },
        },
    }
