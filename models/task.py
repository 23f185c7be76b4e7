"""Inbox rows: one per human task, written in the transaction that saves the instance."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.org import Organisation
from models.people import User
from models.proposal import Stage


class TaskState(StrEnum):
    READY = "ready"  #: in the inbox, waiting for a person
    COMPLETED = "completed"  #: a person acted on it (action, completed_by set)
    CANCELLED = "cancelled"  #: the engine no longer waits for it (the round took another path)


class Action(StrEnum):
    """What a person does to complete a step; a diagram's user task lists the ones it offers
    (property `actions`)."""

    SUBMIT = "submit"  #: the nominator files (or refiles) the proposal
    APPROVE = "approve"  #: forward to the next step, or decide when the step is the last
    RETURN = "return"  #: back to the nominator for revision, with a reason
    REJECT = "reject"  #: refuse, with a reason; final
    VOTE = "vote"  #: a council member's secret ballot (workflows.council.ballots)
    ABSENT = "absent"  #: a council member answers "không tham dự"


class HumanTask(Base):
    __tablename__ = "human_task"
    __table_args__ = (
        one_of("state", TaskState),
        one_of("stage", Stage),
        one_of("action", Action),
        Index("ix_human_task_inbox", "state", "role_code", "org_id"),
        Index("ix_human_task_claimed", "claimed_by_id", "state"),
        Index("ix_human_task_proposal", "proposal_id", "state"),
        # The ready rows of one instance, read at every step (workflows.process.rounds.sync_tasks).
        Index("ix_human_task_instance", "instance_id", "state"),
        # Which proposals reached a (role, organisation), whatever their state: who may read them.
        Index("ix_human_task_role_org", "role_code", "org_id", "proposal_id"),
        # The inbox's "đã xử lý" tab: what one user completed, newest first.
        Index("ix_human_task_completed", "completed_by_id", "completed_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("workflow_instance.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    #: the SpiffWorkflow task id (UUID) inside the instance
    task_guid: Mapped[str] = mapped_column(String(36))
    #: the BPMN element id, e.g. council_vote
    bpmn_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(255))
    #: the lane of the task, which is a role code
    role_code: Mapped[str] = mapped_column(ForeignKey("role.code"))
    #: the organisation whose holders of role_code are the candidates
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    stage: Mapped[str] = mapped_column(String(20))
    form: Mapped[str] = mapped_column(String(40))
    #: comma-separated actions the step offers, e.g. "approve,return,reject"
    actions: Mapped[str] = mapped_column(String(100))
    instructions: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default=TaskState.READY)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: the action taken when completed (one of actions)
    action: Mapped[str | None] = mapped_column(String(20))
    #: when the step is due and when its candidates are reminded (naive UTC), from the fire
    #: times of its boundary timers (workflows.deadlines.due_dates); None when no rule applies
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    remind_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: set when the deadline timer fired: marked overdue, the supervisor and the board told
    overdue_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: the one user who may see and act on this task (a council member's ballot); None: any
    #: holder of role_code at org_id
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)

    org: Mapped[Organisation] = relationship(lazy="joined")
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id], lazy="joined")
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])

    @property
    def action_list(self) -> list[str]:
        return [a for a in self.actions.split(",") if a]
