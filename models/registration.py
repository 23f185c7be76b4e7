"""Emulation registrations (đăng ký thi đua): what a unit's collective and each of its people aim
for in a year, registered through the registration case (workflows.registration)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.org import Organisation


class RegistrationStatus(StrEnum):
    OPEN = "open"  #: waiting for the unit to register
    SUBMITTED = "submitted"  #: sent, waiting for the department's secretariat
    APPROVED = "approved"  #: approved by the secretariat
    RETURNED = "returned"  #: returned with a reason; the unit registers again


class Registration(Base):
    """One unit's registration for a movement's year (the subject of a registration case)."""

    __tablename__ = "registration"
    __table_args__ = (
        one_of("status", RegistrationStatus),
        Index("ix_registration_movement_org", "movement_id", "org_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=RegistrationStatus.OPEN)
    #: the reason of the last return
    reason: Mapped[str] = mapped_column(Text, default="")
    #: "plausible demo data, not published" and the like
    note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    org: Mapped["Organisation"] = relationship()
    lines: Mapped[list["RegistrationLine"]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="RegistrationLine.id",
    )


class RegistrationLine(Base):
    """One title aimed for: by the unit as a collective (person_id NULL) or by one person."""

    __tablename__ = "registration_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    award_code: Mapped[str] = mapped_column(ForeignKey("award.code"))

    registration: Mapped[Registration] = relationship(back_populates="lines")
