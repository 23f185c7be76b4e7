"""The login throttle's counters: one row per account, and one per account and address."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

#: the `ip` of the row that counts an account's failures from every address
ANY_ADDRESS = ""


class LoginThrottle(Base):
    """Failures of one username (from one address, or from any when `ip` is ANY_ADDRESS).

    A row, not a count of LoginAttempt rows, so that the check and the count are one locked
    row (workflows.directory.throttle): concurrent guesses wait for each other instead of all
    reading the same count. No address-only row: a shared address (a reverse proxy, an office's
    NAT) must never lock accounts nobody attacked.
    """

    __tablename__ = "login_throttle"

    #: as typed, lower-cased and trimmed; the account need not exist
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    ip: Mapped[str] = mapped_column(String(45), primary_key=True)
    #: failures since `since`, including a guess being checked right now
    failures: Mapped[int] = mapped_column(Integer, default=0)
    since: Mapped[datetime | None] = mapped_column(DateTime)
    #: the locks this row has served in a row; each one twice as long as the one before
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    #: the last change, for pruning rows nobody has touched in a long time
    touched_at: Mapped[datetime] = mapped_column(DateTime, index=True)
