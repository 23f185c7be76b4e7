"""Users, the roles they hold at organisations, and API tokens."""

from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.org import Organisation

#: Việt Nam keeps UTC+7 all year, without summer time
VN_OFFSET = timedelta(hours=7)


def vn_today() -> date:
    """Today in Việt Nam: the day a role assignment is held on when none is named (the same day
    as workflows.deadlines.calendar.today, which the models cannot import)."""
    return (utcnow() + VN_OFFSET).date()


class RoleCode(StrEnum):
    """The codes of the `role` rows (workflows/data/roles.json, loaded by `tdkt init`); a lane
    of the diagram is named for one. Not a CHECK on the columns: the foreign key to `role`
    already holds them to the loaded rows."""

    NOMINATOR = "nominator"  #: files proposals for a unit
    UNIT_HEAD = "unit_head"
    DEPT_SECRETARIAT = "dept_secretariat"  #: the department council's standing secretariat
    DEPT_COUNCIL = "dept_council"  #: a member of the department's council (votes)
    DIRECTOR = "director"  #: Giám đốc Sở
    GROUPING_HEAD = "grouping_head"  #: head of an emulation bloc or cluster
    BOARD_OFFICER = "board_officer"  #: officer of the provincial emulation board
    PROVINCE_COUNCIL = "province_council"  #: a member of the provincial council (votes)
    CHAIRMAN = "chairman"  #: Chủ tịch UBND tỉnh
    BOARD = "board"  #: reads every proposal, acts on none
    ADMIN = "admin"


class Role(Base):
    """A role code with its labels and the organisation a task of that role belongs to."""

    __tablename__ = "role"
    __table_args__ = (
        CheckConstraint(
            "scope IN ('unit','department','grouping','board','council','committee','any')",
            name="scope_known",
        ),
    )

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    #: which organisation of a proposal's chain a task in this role's lane belongs to
    scope: Mapped[str] = mapped_column(String(20))
    #: True for roles that review (approve/return/reject) tasks
    reviewer: Mapped[bool] = mapped_column(Boolean, default=False)


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: interface language chosen by the user ("vi" or "en"); None means the default, Vietnamese
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: raised by a logout, a new password and a disable: every web session carries the value it
    #: was opened with (in get_id) and ends when they differ, on every worker at once
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Loaded when read, not with every user: a proposal's author or a task's claimer is
    # loaded far more often than their roles are needed (a statement per load otherwise).
    # In the order they were given, whichever way they are loaded (lazily, or joined to the
    # user as a page's and the API's lookups do): the menu lists them.
    assignments: Mapped[list["RoleAssignment"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="RoleAssignment.id"
    )

    # Flask-Login protocol, kept here because it is three trivial properties.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # Flask-Login keeps this in the session cookie; the user loader compares the epoch.
        return f"{self.id}:{self.session_epoch or 0}"

    def held_assignments(self, day: date | None = None) -> list["RoleAssignment"]:
        """The assignments held on `day` (today in Việt Nam when None): a closed or future one
        gives no right. `assignments` keeps them all, as the record of who held what when."""
        day = day or vn_today()
        return [a for a in self.assignments if a.held_on(day)]

    def has_role(self, role: str, org_id: int | None = None, day: date | None = None) -> bool:
        return any(
            a.role_code == role and (org_id is None or a.org_id == org_id)
            for a in self.held_assignments(day)
        )

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class RoleAssignment(Base):
    """A user holds a role *at* an organisation (e.g. unit head of one unit)."""

    __tablename__ = "role_assignment"
    __table_args__ = (UniqueConstraint("user_id", "role_code", "org_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role_code: Mapped[str] = mapped_column(ForeignKey("role.code"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    #: first and last day the role is held (inclusive); None: open-ended. A closed assignment
    #: stays as the record of who held the role when.
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    def held_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    user: Mapped[User] = relationship(back_populates="assignments")
    role: Mapped[Role] = relationship(lazy="joined")
    org: Mapped[Organisation] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a leaked database leaks no tokens."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
