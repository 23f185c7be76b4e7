"""The browser's session cookie, signed as Flask signs it, with its signer built once.

Flask builds a new `URLSafeTimedSerializer` (keys, salt, key derivation) when it opens and again
when it saves every request's session, API requests without a cookie included: ~100 Python
calls a request (bench.fixed_cost, issue 19). The serializer is a function of the secret keys
alone and keeps no state between calls, so one per set of keys serves every request; a key
changed in the configuration builds a new one.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionCookie(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._signers: dict[tuple, URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (tuple(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        signer = self._signers.get(keys)
        if signer is None:
            signer = super().get_signing_serializer(app)
            if signer is None:
                return None
            # Built by Flask's own code, so signed exactly as Flask signs; a race between two
            # threads builds two equal ones, and either is right.
            self._signers = {keys: signer}
        return signer
