"""The Flask application: create_app wires extensions, blueprints and error handling."""

from __future__ import annotations

from flask import Flask

from webapp import i18n, numbers, transaction
from webapp.config import from_environment
from webapp.extensions import bootstrap, csrf, db, login_manager
from webapp.session_cookie import SessionCookie
from workflows.process.registry import ProcessRegistry
from workflows.reference import role_codes


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(from_environment())
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "No secret key: set TDKT_SECRET_KEY or run `tdkt init`, which writes one "
            "into the data directory"
        )
    app.session_interface = SessionCookie()  # Flask's signed cookie, its signer built once
    numbers.register(app)  # before the blueprints: `<id:…>` and `<id:…>` ids are bounded
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)
    i18n.init_app(app)
    # Every diagram is read and validated now: a broken file stops start-up with its name and line.
    app.extensions["tdkt_registry"] = ProcessRegistry.load(role_codes())

    from webapp import auth, errors, filters, form_stash, once, security

    errors.register(app)
    form_stash.register(app)
    filters.register(app)
    security.register(app)
    app.register_blueprint(auth.bp)
    _register_features(app)
    # Last: its after_request (the one commit of a request) runs before the others.
    transaction.register(app)
    # After the edge: its lock comes first, and the token's record is written before the commit.
    once.register(app)
    return app


def _register_features(app: Flask) -> None:
    from webapp.api import bp as api_bp
    from webapp.attachments import bp as attachments_bp
    from webapp.board import bp as board_bp
    from webapp.dashboard import bp as dashboard_bp
    from webapp.diagram import bp as diagram_bp
    from webapp.documents import bp as documents_bp
    from webapp.inbox import bp as inbox_bp
    from webapp.proposals import bp as proposals_bp

    csrf.exempt(api_bp)  # token-authenticated; no cookies are accepted there
    for bp in (inbox_bp, proposals_bp, board_bp, api_bp, diagram_bp, documents_bp):
        app.register_blueprint(bp)
    app.register_blueprint(attachments_bp)
    app.register_blueprint(dashboard_bp)
    _register_deadlines(app)
    from webapp.history import bp as history_bp  # award history, initiatives, import (issue 5)

    app.register_blueprint(history_bp)
    from webapp import cases  # cases other than proposals: registration, scoring, revocation

    cases.register_kinds()
    app.register_blueprint(cases.bp)
    from webapp.revocations import bp as revocations_bp  # pages of workflows.revocation

    app.register_blueprint(revocations_bp)


def _register_deadlines(app: Flask) -> None:
    from webapp.admin import bp as admin_bp
    from webapp.admin.catalogue import bp as catalogue_bp
    from webapp.admin.processes import bp as processes_bp
    from webapp.admin.province_rules import bp as province_rules_bp
    from webapp.blocs import bp as blocs_bp
    from webapp.notifications import bp as notifications_bp

    app.register_blueprint(notifications_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(catalogue_bp)  # /admin/awards: administrators and the board
    from webapp.admin.people import bp as people_bp  # accounts, roles, councils, groupings

    app.register_blueprint(people_bp)
    from webapp.admin.organisations import bp as organisations_bp

    app.register_blueprint(organisations_bp)  # /admin/organisations: administrators and board
    app.register_blueprint(blocs_bp)  # /blocs: a bloc's year, its pledge, scores, ranking
    app.register_blueprint(province_rules_bp)  # /admin/rules: the board and administrators
    app.register_blueprint(processes_bp)  # /admin/processes: versions, moving proposals
