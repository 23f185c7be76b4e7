"""The login throttle's limits from the configuration, and the address a request comes from."""

from __future__ import annotations

from flask import current_app, request

from workflows.directory.throttle import Limits


def limits() -> Limits:
    config = current_app.config
    return Limits(
        max_failures=int(config["LOGIN_MAX_FAILURES"]),
        window=config["LOGIN_WINDOW"],
        lockout=config["LOGIN_LOCKOUT"],
    )


def client_ip() -> str:
    # The peer address. Behind a reverse proxy, wrap the app in werkzeug's ProxyFix so that
    # this is the client's address and not the proxy's (README, "Security").
    return request.remote_addr or "unknown"
