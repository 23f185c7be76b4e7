"""A cheap password hash for the whole test session, so that logins cost microseconds.

Werkzeug's default scrypt (N=32768) takes 0.05–0.15 s of CPU per hash and per check: the
template database hashes every demo account, and the suite logs in thousands of times
(every `login_as`, every API token), live servers included. The hash stays scrypt, salted,
with its parameters stored in it, so a check reads the cost from the stored hash: the demo
accounts copied from the template are as cheap to check in a gunicorn server as in the app
under test, without the application knowing anything of it.

tests/security/test_passwords.py proves that the application's own hashing keeps Werkzeug's
default cost.
"""

from __future__ import annotations

from functools import partial

import pytest
from werkzeug.security import generate_password_hash

from workflows.directory import passwords, tokens

#: scrypt with N=256 instead of 32768: the same code path, 0.6 ms of CPU instead of 100 ms
#: (below N=128 OpenSSL needs more memory than Werkzeug allows it and refuses)
TEST_METHOD = "scrypt:256:8:1"
cheap_hash = partial(generate_password_hash, method=TEST_METHOD)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    # Autouse and session-scoped: in place before the template database is seeded.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "generate_password_hash", cheap_hash)
        # The hash checked for unknown names, so that they cost what a wrong password does.
        patch.setattr(tokens, "generate_password_hash", cheap_hash)
        tokens._dummy_hash.cache_clear()
        yield
        tokens._dummy_hash.cache_clear()
