"""Organisations as of a date, their events, and events applied by administrators."""

from __future__ import annotations

from flask import g, jsonify, request

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body
from webapp.extensions import db
from workflows.directory import org_history
from workflows.directory.access import ADMIN
from workflows.directory.orgs import today
from workflows.errors import N_, Forbidden, NotFound, ValidationFailed
from workflows.reorg import events, listing
from workflows.reorg.inputs import parse_day, plan_from_data


def _on():
    try:
        day = parse_day(request.args.get("on"))
    except ValueError:
        raise ValidationFailed("invalid_date", {"on": N_("phải là ngày dạng YYYY-MM-DD")}) from None
    return day or today()


def _org(code: str):
    org = listing.by_code(db.session, code)
    if org is None:
        raise NotFound("org_not_found", N_("Không có tổ chức mã '%(code)s'", code=code))
    return org


@bp.get("/organisations")
@token_required
def list_organisations():
    day = _on()
    include_gone = request.args.get("all") in ("1", "true")
    return jsonify(
        {"on": day.isoformat(), "items": listing.organisations_on(db.session, day, include_gone)}
    )


@bp.get("/organisations/<code>")
@token_required
def get_organisation(code: str):
    return jsonify(listing.org_data(db.session, _org(code), _on()))


@bp.get("/organisations/<code>/events")
@token_required
def organisation_events(code: str):
    org = _org(code)
    return jsonify(
        [listing.event_data(db.session, e) for e in org_history.events_of(db.session, org)]
    )


@bp.post("/organisations/events")
@token_required
@idempotent
def apply_event():
    if not g.api_user.has_role(ADMIN):
        raise Forbidden(
            "org_events_admin_only", N_("Chỉ quản trị hệ thống mới ghi được sự kiện tổ chức")
        )
    plan = plan_from_data(db.session, json_body())
    if request.args.get("preview") in ("1", "true"):
        found = events.preview(db.session, plan)
        return jsonify({"preview": True, "counts": found.counts, "moves": found.moves.rows})
    event = events.apply(db.session, plan, g.api_user)
    return jsonify(listing.event_data(db.session, event)), 201
