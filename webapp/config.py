"""Configuration from the environment; a missing secret stops start-up, not the first request."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from models.database import DEFAULT_DATA_DIR, database_url


def data_dir() -> Path:
    """The data directory, absolute: `make run` leaves it relative (instance/), and Flask's
    send_file resolves a relative path against the app's package, not the working directory."""
    path = Path(os.environ.get("TDKT_DATA_DIR", DEFAULT_DATA_DIR)).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(create: bool = False) -> str | None:
    """TDKT_SECRET_KEY, else the key `tdkt init` wrote into the data directory."""
    key = os.environ.get("TDKT_SECRET_KEY")
    if key:
        return key
    path = data_dir() / "secret_key"
    if not path.exists() and create:
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip() if path.exists() else None


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise RuntimeError(f"{name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise RuntimeError(f"{name} must be positive, not {raw!r}")
    return value


def from_environment() -> dict:
    attachment_mb = _number("TDKT_ATTACHMENT_MAX_MB", 10)
    return {
        # Login throttling (workflows.directory.throttle): so many failures at one account from
        # one address (or, more, from any) within the window lock that account (from that
        # address) for the lockout time, doubled at each new lock up to the longest lockout.
        "LOGIN_MAX_FAILURES": int(_number("TDKT_LOGIN_MAX_FAILURES", 5)),
        # unset: three times LOGIN_MAX_FAILURES (webapp.auth.throttle)
        "LOGIN_ACCOUNT_MAX_FAILURES": (
            int(_number("TDKT_LOGIN_ACCOUNT_MAX_FAILURES", 1))
            if os.environ.get("TDKT_LOGIN_ACCOUNT_MAX_FAILURES", "").strip()
            else None
        ),
        "LOGIN_WINDOW": timedelta(minutes=_number("TDKT_LOGIN_WINDOW_MINUTES", 15)),
        "LOGIN_LOCKOUT": timedelta(minutes=_number("TDKT_LOGIN_LOCKOUT_MINUTES", 15)),
        "LOGIN_MAX_LOCKOUT": timedelta(hours=_number("TDKT_LOGIN_MAX_LOCKOUT_HOURS", 24)),
        # Attachments: stored under the data directory, outside anything the server serves.
        "ATTACHMENTS_DIR": str(data_dir() / "attachments"),
        "ATTACHMENT_MAX_BYTES": int(attachment_mb * 1024 * 1024),
        "ATTACHMENTS_PER_REQUEST": 10,
        "ATTACHMENTS_PER_PROPOSAL": 50,
        "SECRET_KEY": secret_key(),
        "DATABASE_URL": database_url(),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        #: served behind HTTPS only: cookies are Secure and browsers are told to stay on HTTPS
        "HTTPS": os.environ.get("TDKT_HTTPS", "") == "1",
        "SESSION_COOKIE_SECURE": os.environ.get("TDKT_HTTPS", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": os.environ.get("TDKT_HTTPS", "") == "1",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "API_TOKEN_LIFETIME": timedelta(hours=int(os.environ.get("TDKT_TOKEN_HOURS", "12"))),
        "BOOTSTRAP_SERVE_LOCAL": True,
        "WTF_CSRF_TIME_LIMIT": None,
        # Bodies other than uploads; the upload views raise it for themselves to
        # ATTACHMENTS_PER_REQUEST × ATTACHMENT_MAX_BYTES + this (webapp/attachments/files.py).
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }
