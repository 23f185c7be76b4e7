"""SQLAlchemy models. Nothing here reads Flask: imports flow webapp → workflows → models."""

from .attachment import Attachment
from .audit import AuditEvent
from .award import Award
from .ballot import BallotBox, BallotTally, BallotVoter
from .base import Base, utcnow
from .deadline import CalendarException, InstanceTimer, Notification, OutboxMessage
from .eligibility import EligibilityCheck
from .history import INITIATIVE_SCOPES, RATINGS, AwardRecord, Initiative, Person, YearRecord
from .login_attempt import LoginAttempt
from .movement import (
    Headcount,
    Movement,
    MovementContent,
    MovementParticipant,
    MovementStatus,
    MovementTarget,
)
from .org import GROUPING_KINDS, GroupMembership, Organisation, OrgKind
from .people import ApiToken, Role, RoleAssignment, User
from .process import ProcessVersion, WorkflowInstance
from .proposal import FINAL_STATUSES, Nominee, Proposal, ProposalStatus
from .task import HumanTask

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
