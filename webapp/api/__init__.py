"""JSON API v1: the same rules as the web pages, bearer-token authentication.

Described by the OpenAPI document at GET /api/v1/openapi.json (webapp/api/openapi.py).
"""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.after_request
def _no_store(response):
    # Answers are per user and change with every step: never cached by a proxy.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


from webapp.api import (  # noqa: E402, F401
    routes_admin,
    routes_attachments,
    routes_auth,
    routes_award_records,
    routes_blocs,
    routes_cases,
    routes_certificates,
    routes_notifications,
    routes_organisations,
    routes_people,
    routes_processes,
    routes_proposals,
    routes_province_rules,
    routes_reference,
    routes_registrations,
    routes_reports,
    routes_revocations,
    routes_tasks,
    routes_upward,
)
