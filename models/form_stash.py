"""What a user typed into a form whose post failed because the session had expired."""

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class FormStash(Base):
    """The posted fields (never files, never passwords), kept until the user has logged in
    again and is back on the form; the token is in a cookie of its own, so only the browser
    that typed them gets them back. Pruned after a few hours."""

    __tablename__ = "form_stash"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: random, URL-safe; also the value of the browser's stash cookie
    token: Mapped[str] = mapped_column(String(64), unique=True)
    #: the path the form was posted to, where the fields are given back
    path: Mapped[str] = mapped_column(String(1000))
    #: JSON list of [name, value] pairs, in the order posted (repeated names kept)
    fields: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
