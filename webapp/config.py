"""Configuration from the environment; a missing secret stops start-up, not the first request."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from models.database import DEFAULT_DATA_DIR, database_url


def data_dir() -> Path:
    path = Path(os.environ.get("TDKT_DATA_DIR", DEFAULT_DATA_DIR))
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


def from_environment() -> dict:
    return {
        "SECRET_KEY": secret_key(),
        "DATABASE_URL": database_url(),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("TDKT_HTTPS", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "API_TOKEN_LIFETIME": timedelta(hours=int(os.environ.get("TDKT_TOKEN_HOURS", "12"))),
        "BOOTSTRAP_SERVE_LOCAL": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }
