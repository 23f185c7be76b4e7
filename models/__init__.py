"""SQLAlchemy models. Nothing here reads Flask: imports flow webapp → workflows → models."""

from .audit import AuditEvent
from .award import Award
from .base import Base, utcnow
from .org import GROUPING_KINDS, GroupMembership, Organisation, OrgKind
from .people import ApiToken, Role, RoleAssignment, User
from .process import ProcessVersion, WorkflowInstance
from .proposal import FINAL_STATUSES, Nominee, Proposal, ProposalStatus
from .task import HumanTask

__all__ = [
    "FINAL_STATUSES",
    "GROUPING_KINDS",
    "ApiToken",
    "AuditEvent",
    "Award",
    "Base",
    "GroupMembership",
    "HumanTask",
    "Nominee",
    "OrgKind",
    "Organisation",
    "ProcessVersion",
    "Proposal",
    "ProposalStatus",
    "Role",
    "RoleAssignment",
    "User",
    "WorkflowInstance",
    "utcnow",
]
