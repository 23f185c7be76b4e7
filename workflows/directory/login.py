"""A login attempt, web or API: the throttle's reservation, the password, the count."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import User
from workflows.directory import throttle, tokens
from workflows.directory.throttle import Limits


def attempt(session: Session, username: str, password: str, ip: str, limits: Limits) -> User | None:
    """The user when the password is right, None when wrong; LoginLocked (nothing counted)
    when the account is locked from `ip`, before the password is looked at.

    A wrong guess is written to the session: the caller must keep it even though it answers
    with a refusal (webapp.transaction.keep_despite_refusal), or the throttle never counts.
    """
    reserved = throttle.reserve(session, username, ip, limits)
    user = tokens.authenticate(session, username, password)
    if user is None:
        throttle.failed(session, reserved, limits)
    else:
        throttle.succeeded(session, reserved)
    return user
