"""SQLAlchemy models. Nothing here reads Flask: imports flow webapp → workflows → models."""

from models.attachment import Attachment
from models.audit import AuditEvent
from models.award import Award
from models.ballot import BallotBox, BallotTally, BallotVoter
from models.base import Base, utcnow
from models.deadline import CalendarException, InstanceTimer, Notification, OutboxMessage
from models.eligibility import EligibilityCheck
from models.history import INITIATIVE_SCOPES, RATINGS, AwardRecord, Initiative, Person, YearRecord
from models.login_attempt import LoginAttempt
from models.movement import (
    Headcount,
    Movement,
    MovementContent,
    MovementParticipant,
    MovementStatus,
    MovementTarget,
)
from models.org import GROUPING_KINDS, GroupMembership, Organisation, OrgKind
from models.people import ApiToken, Role, RoleAssignment, User
from models.process import ProcessVersion, WorkflowInstance
from models.proposal import FINAL_STATUSES, Nominee, Proposal, ProposalStatus
from models.task import HumanTask

__all__ = [
    "FINAL_STATUSES",
    "GROUPING_KINDS",
    "ApiToken",
    "Attachment",
    "INITIATIVE_SCOPES",
    "RATINGS",
    "AuditEvent",
    "Award",
    "BallotBox",
    "BallotTally",
    "BallotVoter",
    "AwardRecord",
    "Base",
    "CalendarException",
    "EligibilityCheck",
    "GroupMembership",
    "Headcount",
    "HumanTask",
    "Initiative",
    "InstanceTimer",
    "LoginAttempt",
    "Movement",
    "MovementContent",
    "MovementParticipant",
    "MovementStatus",
    "MovementTarget",
    "Nominee",
    "Notification",
    "OrgKind",
    "Organisation",
    "OutboxMessage",
    "Person",
    "ProcessVersion",
    "Proposal",
    "ProposalStatus",
    "Role",
    "RoleAssignment",
    "User",
    "WorkflowInstance",
    "YearRecord",
    "utcnow",
]
