"""Cases other than proposals: a registration, a bloc's year-end scoring, a revocation — each a
run of its own diagram in bpmn/ (workflows.cases), with inbox rows, timer rows and an audit
trail of its own, beside the proposal's (models.process, models.task, models.audit)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.org import Organisation
from models.process import InstanceStatus, ProcessVersion
from models.task import TaskState


class CaseInstance(Base):
    """One run of a case's diagram: what it is about (subject table and id), whose it is (org),
    the version it runs on, the engine state, and the state the feature names (e.g. "approved").
    """

    __tablename__ = "case_instance"
    __table_args__ = (
        one_of("status", InstanceStatus),
        Index("ix_case_instance_subject", "subject_table", "subject_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the kind of case (workflows.cases.kinds), e.g. "registration"
    kind: Mapped[str] = mapped_column(String(40))
    #: the row the case is about, e.g. ("registration", 12)
    subject_table: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    #: the organisation the case belongs to (where its unit-level steps land)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    title: Mapped[str] = mapped_column(String(255), default="")
    process_version_id: Mapped[int] = mapped_column(ForeignKey("process_version.id"))
    serializer_version: Mapped[str] = mapped_column(String(10))
    #: serialized workflow without its spec; emptied once the case has ended
    state_json: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=InstanceStatus.RUNNING)
    #: the feature's word for where the case stands, kept in step with the engine (kinds.state_of)
    state: Mapped[str] = mapped_column(String(30), default="")
    end_event: Mapped[str | None] = mapped_column(String(100))
    #: JSON list of the BPMN ids passed, in order; kept when state_json is dropped
    path_json: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    org: Mapped[Organisation] = relationship(lazy="joined")
    process_version: Mapped[ProcessVersion] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}


class CaseTask(Base):
    """An inbox row of a case: one per READY user task, written when the case is saved."""

    __tablename__ = "case_task"
    __table_args__ = (
        one_of("state", TaskState),
        Index("ix_case_task_inbox", "state", "role_code", "org_id"),
        Index("ix_case_task_case", "case_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_instance.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    task_guid: Mapped[str] = mapped_column(String(36))
    bpmn_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(255))
    role_code: Mapped[str] = mapped_column(ForeignKey("role.code"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    stage: Mapped[str] = mapped_column(String(20))
    form: Mapped[str] = mapped_column(String(40))
    actions: Mapped[str] = mapped_column(String(100))
    instructions: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default=TaskState.READY)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str | None] = mapped_column(String(20))
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    remind_at: Mapped[datetime | None] = mapped_column(DateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(DateTime)

    org: Mapped[Organisation] = relationship(lazy="joined")
    case: Mapped[CaseInstance] = relationship(lazy="joined")

    @property
    def action_list(self) -> list[str]:
        return [a for a in self.actions.split(",") if a]


class CaseTimer(Base):
    """A timer a case waits on, as models.deadline.InstanceTimer is for a proposal's round."""

    __tablename__ = "case_timer"
    __table_args__ = (Index("ix_case_timer_due", "fired_at", "fire_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_instance.id", ondelete="CASCADE"), index=True
    )
    bpmn_id: Mapped[str] = mapped_column(String(100))
    fire_at: Mapped[datetime] = mapped_column(DateTime)
    fired_at: Mapped[datetime | None] = mapped_column(DateTime)


class CaseAction(StrEnum):
    """What a case's audit event records."""

    STARTED = "started"  #: the case was opened
    COMPLETED = "completed"  #: a person completed a step (action says which)
    REMINDED = "reminded"  #: a step's reminder timer fired
    OVERDUE = "overdue"  #: a step's deadline timer fired
    ENDED = "ended"  #: the case reached an end event


class CaseEvent(Base):
    """The audit trail of a case: one row per change of its state, never updated."""

    __tablename__ = "case_event"
    __table_args__ = (one_of("action", CaseAction), Index("ix_case_event_case", "case_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_instance.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str | None] = mapped_column(String(30))
    element_id: Mapped[str | None] = mapped_column(String(100))
    task_name: Mapped[str | None] = mapped_column(String(255))
    #: the action a person took on the step (approve, return …)
    step_action: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
