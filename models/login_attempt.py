"""Failed logins, kept in the database so that every worker counts the same failures."""

from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class LoginAttempt(Base):
    """One failed login (web form or API token request); pruned once older than the window."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username", "username", "at"),
        Index("ix_login_attempt_ip", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    #: as typed, lower-cased and trimmed; the account need not exist
    username: Mapped[str] = mapped_column(String(64))
    #: the client address the request came from (IPv4 or IPv6)
    ip: Mapped[str] = mapped_column(String(45))
