"""Reference data: the award catalogue with its routes, and the OpenAPI document."""

from __future__ import annotations

import threading

from flask import current_app, jsonify
from sqlalchemy import select

from models import Award
from webapp.api import bp, serialize
from webapp.api.auth import token_required
from webapp.api.openapi import document
from webapp.extensions import db
from workflows.movements import registry as movements

#: (diagram content hash, award code) -> route; the DMN answer never changes for one version
_routes: dict[tuple[str, str], dict] = {}
_routes_lock = threading.Lock()


def route_of(code: str) -> dict:
    registry = current_app.extensions["tdkt_registry"]
    key = (registry.diagrams.content_hash, code)
    with _routes_lock:
        cached = _routes.get(key)
    if cached is None:
        cached = registry.route_for(db.session, code)
        with _routes_lock:
            _routes[key] = cached
    return cached


@bp.get("/awards")
@token_required
def awards():
    rows = db.session.scalars(select(Award).order_by(Award.level, Award.code))
    # The routing table has no row for ministry and state awards: the chain stops at the province.
    return jsonify(
        [serialize.award(row, route_of(row.code) if row.fileable else {}) for row in rows]
    )


@bp.get("/movements")
@token_required
def list_movements():
    rows = movements.all_movements(db.session)
    return jsonify([serialize.movement(m) for m in rows])


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
