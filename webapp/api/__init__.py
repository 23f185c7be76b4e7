"""JSON API v1: the same rules as the web pages, bearer-token authentication.

Described by the OpenAPI document at GET /api/v1/openapi.json (webapp/api/openapi.py).
"""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import BaseConverter

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class IdConverter(BaseConverter):
    """A positive integer id that fits a database INTEGER; anything else does not match (404).

    Done by the regex alone: a converter that rejects in to_python makes Werkzeug answer 405.
    """

    regex = r"[1-9][0-9]{0,17}"
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def _add_id_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters.setdefault("id", IdConverter)


# Registered before the routes below add rules that use it.
bp.record_once(_add_id_converter)


@bp.after_request
def _no_store(response):
    # Answers are per user and change with every step: never cached by a proxy.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


from webapp.api import (  # noqa: E402, F401
    routes_attachments,
    routes_auth,
    routes_notifications,
    routes_proposals,
    routes_reference,
    routes_tasks,
)
