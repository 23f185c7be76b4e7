"""Requests already acted on, so a repeated one answers what the first did instead of acting
again: an API call's `Idempotency-Key` and a web form's one-time token."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, one_of, utcnow


class RecordKind(StrEnum):
    API = "api"  #: an Idempotency-Key header of the JSON API
    FORM = "form"  #: the one-time token of a web form


class RequestRecord(Base):
    """Written in the transaction of the action it records, before the action runs: a second
    request with the same key waits on the unique constraint until the first commits (then
    answers its result) or rolls back (then acts itself). Pruned once older than a day."""

    __tablename__ = "request_record"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "key", name="uq_request_record_user_key"),
        one_of("kind", RecordKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    #: as the client sent it (API) or as the form was rendered with (web)
    key: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of method, path and body: the same key with another request is refused
    fingerprint: Mapped[str] = mapped_column(String(64))
    #: the first answer: status, media type and body (API) or the page redirected to (web)
    status: Mapped[int | None] = mapped_column(default=None)
    content_type: Mapped[str | None] = mapped_column(String(100), default=None)
    body: Mapped[str | None] = mapped_column(Text, default=None)
    location: Mapped[str | None] = mapped_column(String(1000), default=None)
    #: the view that acted (the web's "already done" sentence depends on it)
    endpoint: Mapped[str | None] = mapped_column(String(100), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
