"""Process versions (one per content hash of bpmn/) and workflow instances (one per round)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow

#: the deferred group of a version row's texts (undefer_group(PAYLOAD) to read them at once)
PAYLOAD = "payload"


class ProcessVersion(Base):
    """A parsed set of diagrams, stored once so that instances need not carry the spec."""

    __tablename__ = "process_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(100))
    #: SHA-256 over the names and bytes of every file the version was parsed from
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    serializer_version: Mapped[str] = mapped_column(String(10))
    # The two texts (~100 KB together) are read when first used, not with every row: filing a
    # proposal reads its version's row for the id, and a worker has the runtime built already
    # (workflows.process.versions checks a row's texts once per process).
    #: JSON of the serialized {"spec": ..., "subprocess_specs": ...}
    spec_json: Mapped[str] = mapped_column(Text, deferred=True, deferred_group=PAYLOAD)
    #: JSON {file name: XML source}, so a diagram can be drawn for an old version
    sources_json: Mapped[str] = mapped_column(Text, deferred=True, deferred_group=PAYLOAD)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class InstanceStatus(StrEnum):
    RUNNING = "running"  #: the round's instance waits on a person or a timer
    COMPLETED = "completed"  #: it reached an end event (end_event says which)


class WorkflowInstance(Base):
    """The engine state of one review round of a proposal."""

    __tablename__ = "workflow_instance"
    __table_args__ = (
        UniqueConstraint("proposal_id", "round"),
        one_of("status", InstanceStatus),
        # The running instance of a proposal, locked at every step, whatever its rounds.
        Index("ix_workflow_instance_proposal_status", "proposal_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(Integer)
    process_version_id: Mapped[int] = mapped_column(ForeignKey("process_version.id"))
    serializer_version: Mapped[str] = mapped_column(String(10))
    #: serialized workflow without its spec; emptied once the round has ended
    state_json: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=InstanceStatus.RUNNING)
    #: the end event reached, e.g. end_returned_council_vote
    end_event: Mapped[str | None] = mapped_column(String(100))
    #: JSON list of the BPMN ids passed, in order (gateways and end events too); kept after
    #: the round ends, when state_json is dropped, so the path can still be drawn
    path_json: Mapped[str | None] = mapped_column(Text)
    #: optimistic lock: an UPDATE that finds another version fails instead of overwriting
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    process_version: Mapped[ProcessVersion] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}
