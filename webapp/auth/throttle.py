"""The login throttle's limits from the configuration, and the address a request comes from."""

from __future__ import annotations

from flask import current_app, request

from workflows.directory.throttle import Limits


def limits() -> Limits:
    config = current_app.config
    per_address = int(config["LOGIN_MAX_FAILURES"])
    return Limits(
        max_failures=per_address,
        # From many addresses an account gets more guesses than from one, not fewer, so a
        # raised per-address limit raises it too unless it is set on its own.
        account_max_failures=int(config.get("LOGIN_ACCOUNT_MAX_FAILURES") or 3 * per_address),
        window=config["LOGIN_WINDOW"],
        lockout=config["LOGIN_LOCKOUT"],
        max_lockout=config.get("LOGIN_MAX_LOCKOUT") or Limits.max_lockout,
    )


def client_ip() -> str:
    # The peer address. Behind a reverse proxy, wrap the app in werkzeug's ProxyFix so that
    # this is the client's address and not the proxy's (README, "Security").
    return request.remote_addr or "unknown"
