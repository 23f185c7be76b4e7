"""The administrators' trail: one row per change to accounts, roles, councils and groupings,
never updated. Proposals keep their own trail (models.audit), which needs a proposal."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.people import User


class AdminAction(StrEnum):
    USER_CREATED = "user_created"
    USER_DISABLED = "user_disabled"  #: its sessions and tokens ended with it
    USER_ENABLED = "user_enabled"
    PASSWORD_RESET = "password_reset"  #: never the password itself
    ACCOUNT_UNLOCKED = "account_unlocked"  #: the login throttle's counters forgotten
    ROLE_ASSIGNED = "role_assigned"
    ROLE_CLOSED = "role_closed"
    MEMBERSHIP_ADDED = "membership_added"  #: a department joins a bloc or cluster
    MEMBERSHIP_CLOSED = "membership_closed"
    GROUPING_HEAD_SET = "grouping_head_set"  #: the year's head and deputy of a grouping


class AdminEvent(Base):
    __tablename__ = "admin_event"
    __table_args__ = (
        one_of("action", AdminAction),
        Index("ix_admin_event_target_user", "target_user_id", "id"),
        Index("ix_admin_event_org", "org_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    #: the account changed, or whose role changed
    target_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: the organisation concerned (the role's, the grouping's)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    #: what changed, in plain values (role, dates, members); no password ever
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id])
