"""The session cookie's signer, built once per set of keys (webapp.session_cookie), signs and
checks as Flask's own does, and follows the keys of the configuration."""

from __future__ import annotations

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

from webapp.session_cookie import SessionCookie


def test_cookies_are_signed_as_flask_signs_them_and_follow_the_keys(app):
    ours, flasks = SessionCookie(), SecureCookieSessionInterface()
    signed = ours.get_signing_serializer(app).dumps({"lang": "en"})
    assert flasks.get_signing_serializer(app).loads(signed) == {"lang": "en"}
    assert ours.get_signing_serializer(app) is ours.get_signing_serializer(app)
    old_key = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another key"
    with pytest.raises(BadSignature):
        ours.get_signing_serializer(app).loads(signed)
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    assert ours.get_signing_serializer(app).loads(signed) == {"lang": "en"}


def test_the_app_signs_its_sessions_with_it(app):
    assert isinstance(app.session_interface, SessionCookie)
