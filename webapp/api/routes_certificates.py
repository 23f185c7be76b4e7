"""Certificates of a decided proposal (one nominee's, or the decision's batch) as PDF, and the
bonuses paid per year: the same rules as the pages (who may print by role and organisation)."""

from __future__ import annotations

from flask import Response, g, jsonify

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN, query_int
from workflows.directory.access import get_visible_proposal
from workflows.documents import certificates
from workflows.reports import bonus_paid, dashboard


def _pdf(data: bytes, name: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/proposals/<id:proposal_id>/certificates.pdf")
@token_required
def proposal_certificates(proposal_id: int):
    proposal = get_visible_proposal(db.session, g.api_user, proposal_id)
    certificates.check_can_print(db.session, g.api_user, proposal)
    found = certificates.for_proposal(db.session, proposal)
    title = f"Giấy khen – hồ sơ số {proposal.id}"
    from workflows.documents import certificate_pdf  # fpdf2 at first use

    return _pdf(certificate_pdf.render(found, title), certificates.file_name(proposal))


@bp.get("/proposals/<id:proposal_id>/nominees/<id:nominee_id>/certificate.pdf")
@token_required
def nominee_certificate(proposal_id: int, nominee_id: int):
    proposal = get_visible_proposal(db.session, g.api_user, proposal_id)
    certificates.check_can_print(db.session, g.api_user, proposal)
    found = certificates.for_nominee(db.session, proposal, nominee_id)
    from workflows.documents import certificate_pdf  # fpdf2 at first use

    data = certificate_pdf.render([found], found.name)
    return _pdf(data, certificates.file_name(proposal, nominee_id))


@bp.get("/reports/bonuses")
@token_required
def bonuses_paid():
    """Emulation bonuses paid per decision year, by department and award (`?rollup=0` as
    recorded; 1, the default, rolled up into today's successor)."""
    year = query_int("year", None, YEAR_MIN, YEAR_MAX)
    rolled_up = query_int("rollup", 1, 0, 1) == 1
    scope = dashboard.scope_for(g.api_user)
    years = bonus_paid.paid(db.session, scope, year, rolled_up, dashboard.utcnow().date())
    return jsonify(
        {
            "year": year,
            "rolled_up": rolled_up,
            "currency": "VND",
            "years": [
                {
                    "year": y.year,
                    "total": y.total,
                    "count": y.count,
                    "by_payer": y.by_payer(),
                    "lines": [
                        {
                            "department": line.department,
                            "award_code": line.award_code,
                            "award": line.award,
                            "payer": line.payer,
                            "source": line.source,
                            "estimated": line.estimated,
                            "count": line.count,
                            "amount": line.amount,
                        }
                        for line in y.lines
                    ],
                }
                for y in years
            ],
        }
    )
