"""Password policy and hashing, applied wherever a password is set (CLI, demo data, admin).

Hashing is Argon2id at one of OWASP's recommended settings (Password Storage Cheat Sheet:
m=7 MiB, t=5, p=1, which the sheet rates equal to its other lines): salted, slow, with its
parameters stored in the hash. It replaced Werkzeug's
default scrypt (N=32768, r=8, p=1), which held 32 MiB for each check — a third of a web worker's
peak memory when someone logs in, and four times that with four logins on one worker's threads
at once (issue 19, "Memory") — and spent four times the CPU (~95 ms against ~25 ms). Hashes
stored before (scrypt, or any method Werkzeug reads) are still checked as they were, and so are
Argon2 hashes made at another cost (they carry it: m=12 MiB, t=3 until round eight of issue 19,
which took the least memory of OWASP's lines for the same CPU, ~20 ms: a login's 12 MiB was the
largest single rise of a worker's peak memory).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

from workflows.errors import N_, Text, ValidationFailed

MIN_LENGTH = 10
#: the login form and the API accept no more, so a longer one could never be typed in
MAX_LENGTH = 200
#: a few of the passwords tried first by anyone guessing, Vietnamese habits included;
#: compared without regard to case
COMMON = frozenset(
    {
        "0123456789",
        "1234567890",
        "12345678910",
        "123456789a",
        "123456789@",
        "1qaz2wsx3edc",
        "1q2w3e4r5t",
        "a123456789",
        "aa123456789",
        "abc1234567",
        "abcd123456",
        "abcd@12345",
        "admin12345",
        "admin@1234",
        "admin@12345",
        "administrator",
        "anhyeuem123",
        "asdfghjkl1",
        "dienbien2025",
        "dienbien@123",
        "iloveyou123",
        "matkhau123",
        "matkhau@123",
        "password1",
        "password12",
        "password123",
        "password@123",
        "p@ssw0rd123",
        "qwerty1234",
        "qwertyuiop",
        "qwerty@123",
        "thiduakhenthuong",
        "vietnam123",
        "vietnam@123",
        "zxcvbnm123",
    }
)


def problem(password: str, username: str = "") -> Text | None:
    """What is wrong with `password` for `username`, in Vietnamese, or None."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        return N_("mật khẩu cần ít nhất %(min)s ký tự", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return N_("mật khẩu dài tối đa %(max)s ký tự", max=MAX_LENGTH)
    lowered = password.casefold()
    if username and lowered == username.strip().casefold():
        return N_("mật khẩu không được trùng tên đăng nhập")
    if lowered in COMMON or len(set(password)) < 3:
        return N_("mật khẩu quá phổ biến, dễ đoán; hãy chọn mật khẩu khác")
    return None


def check(password: str, username: str = "") -> None:
    reason = problem(password, username)
    if reason:
        raise ValidationFailed("weak_password", {"password": reason})


#: OWASP's "m=7168 (7 MiB), t=5, p=1", equivalent to its m=19 MiB, t=2 first line
ARGON2 = PasswordHasher(time_cost=5, memory_cost=7168, parallelism=1)
ARGON2_PREFIX = "$argon2"


def new_hash(password: str) -> str:
    """The hash of `password`, without the policy check (the check of unknown names uses it)."""
    return ARGON2.hash(password)


def hash_password(password: str, username: str = "") -> str:
    """The hash to store, after the policy check (ValidationFailed naming `password`)."""
    check(password, username)
    return new_hash(password)


def matches(password_hash: str, password: str) -> bool:
    if password_hash.startswith(ARGON2_PREFIX):
        try:
            return ARGON2.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
    # Werkzeug's methods (scrypt, pbkdf2) for hashes stored before Argon2id.
    return check_password_hash(password_hash, password)
