"""Deadlines: the province's calendar exceptions, the timers instances wait on, notifications
and the mail outbox."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.people import User


class NotificationKind(StrEnum):
    """What a notification tells; each kind has its text template and its mail switch."""

    #: a step's reminder before its due date
    REMINDER = "reminder"
    #: an overdue step, to its supervisor and the board
    ESCALATION = "escalation"
    #: a step is now waiting for the user or their role at their organisation
    TASK_ARRIVED = "task_arrived"
    #: a council's secret ballot opened for the member
    BALLOT_OPENED = "ballot_opened"
    #: the user's proposal was returned for revision (with the reason)
    RETURNED = "returned"
    #: the user's proposal was rejected (with the reason)
    REJECTED = "rejected"
    #: the user's proposal was decided (the award granted)
    DECIDED = "decided"
    #: the council approved none of the user's proposal's nominees
    VOTED_DOWN = "voted_down"
    #: an organisation event moved the user's role to the successor, or closed it
    ROLE_CHANGED = "role_changed"


class CalendarException(Base):
    """A day the province declares off (extra holiday) or working (make-up day, e.g. a
    Saturday worked to bridge Tết), on top of weekends and the official holidays."""

    __tablename__ = "calendar_exception"
    __table_args__ = (CheckConstraint("kind IN ('off','work')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    #: off: not a working day although it would be; work: a working day although it would not be
    kind: Mapped[str] = mapped_column(String(10))
    #: the announcement, e.g. "Thông báo số 12/TB-UBND ngày 05/01/2026"
    note: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class InstanceTimer(Base):
    """A timer event an instance waits on (workflow.waiting_events()), written when it is saved.

    The worker fires the due ones; a row stays with `fired_at` set once its timer fired, and
    unfired rows are replaced at every save, so they always match the engine's state.
    """

    __tablename__ = "instance_timer"
    __table_args__ = (Index("ix_instance_timer_due", "fired_at", "fire_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(
        ForeignKey("workflow_instance.id", ondelete="CASCADE"), index=True
    )
    #: the boundary event's BPMN id, e.g. overdue_board_appraise
    bpmn_id: Mapped[str] = mapped_column(String(100))
    #: when it fires, naive UTC like every stored time
    fire_at: Mapped[datetime] = mapped_column(DateTime)
    fired_at: Mapped[datetime | None] = mapped_column(DateTime)


class Notification(Base):
    """An in-app message to one user (the bell); mail, when configured, goes via the outbox."""

    __tablename__ = "notification"
    __table_args__ = (
        one_of("kind", NotificationKind),
        Index("ix_notification_user_unread", "user_id", "read_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id", ondelete="SET NULL"))
    #: reminder (before the due date), escalation (to a supervisor or the board: it is overdue)
    kind: Mapped[str] = mapped_column(String(20))
    #: the Vietnamese text as written (the mail's body, and what rows older than `params` show)
    text: Mapped[str] = mapped_column(Text)
    #: JSON of the values of the kind's template: the bell renders the template in the reader's
    #: language at display time (None on rows written before, which show `text`)
    params: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


class OutboxMessage(Base):
    """A mail to send, written in the transaction that created its notification.

    The worker sends it; a failed attempt keeps it queued with the error and a later
    next_attempt_at, so nothing is lost while the server is down.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("status IN ('queued','sent','failed')", name="status_known"),
        Index("ix_outbox_message_queue", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification.id", ondelete="SET NULL")
    )
    to_address: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    #: queued until sent; failed only when the server refused the message for good (5xx)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class MailPreference(Base):
    """A user's choice of mail for one kind of notification; no row means mail is on.

    The bell always gets the notification: only the mail is turned off."""

    __tablename__ = "mail_preference"
    __table_args__ = (one_of("kind", NotificationKind),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    mail: Mapped[bool] = mapped_column(Boolean, default=True)
