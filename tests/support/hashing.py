"""A cheap password hash for the whole test session, so that logins cost microseconds.

The application's Argon2id (7 MiB, t=5) takes ~20 ms of CPU per hash and per check: the
template database hashes every demo account, and the suite logs in thousands of times
(every `login_as`, every API token), live servers included. The suite stores Werkzeug's
scrypt at a tiny cost instead (a method the application still checks, for hashes stored before
Argon2id), salted, with its parameters stored in it, so a check reads the cost from the stored
hash: the demo accounts copied from the template are as cheap to check in a gunicorn server
as in the app under test, without the application knowing anything of it.

tests/security/test_passwords.py proves that the application's own hashing is Argon2id at
OWASP's cost.
"""

from __future__ import annotations

from functools import partial

import pytest
from werkzeug.security import generate_password_hash

from workflows.directory import passwords, tokens

#: the application's own, before the suite replaces it
REAL_NEW_HASH = passwords.new_hash
#: scrypt with N=256: 0.6 ms of CPU instead of Argon2id's 25 ms
#: (below N=128 OpenSSL needs more memory than Werkzeug allows it and refuses)
TEST_METHOD = "scrypt:256:8:1"
cheap_hash = partial(generate_password_hash, method=TEST_METHOD)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    # Autouse and session-scoped: in place before the template database is seeded.
    with pytest.MonkeyPatch.context() as patch:
        # Also the hash checked for unknown names (tokens._dummy_hash), so that they cost what
        # a wrong password does.
        patch.setattr(passwords, "new_hash", cheap_hash)
        tokens._dummy_hash.cache_clear()
        yield
        tokens._dummy_hash.cache_clear()
