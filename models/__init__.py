"""SQLAlchemy models. Nothing here reads Flask: imports flow webapp → workflows → models."""

from models.admin_audit import AdminAction, AdminEvent
from models.attachment import Attachment
from models.audit import STEP_COMPLETIONS, AuditAction, AuditEvent
from models.award import Award
from models.ballot import COUNCIL_STAGES, BallotBox, BallotTally, BallotVoter
from models.base import Base, recorded_at, utcnow
from models.bloc import (
    CRITERION_NAME_MAX,
    EVIDENCE_MAX,
    POINTS_MAX,
    REASON_MAX,
    BlocAction,
    BlocCriterion,
    BlocEntry,
    BlocEvent,
    BlocEvidence,
    BlocPledge,
    BlocScore,
    BlocVoter,
    CriterionKind,
    EntryStatus,
    PledgeStatus,
)
from models.case import CaseAction, CaseEvent, CaseInstance, CaseTask, CaseTimer
from models.deadline import (
    CalendarException,
    InstanceTimer,
    MailPreference,
    Notification,
    NotificationKind,
    OutboxMessage,
)
from models.eligibility import EligibilityCheck
from models.form_stash import FormStash
from models.history import (
    INITIATIVE_SCOPES,
    RATINGS,
    AwardRecord,
    Initiative,
    Person,
    PersonMove,
    YearRecord,
)
from models.login_attempt import LoginAttempt
from models.login_throttle import ANY_ADDRESS, LoginThrottle
from models.movement import (
    Headcount,
    Movement,
    MovementContent,
    MovementParticipant,
    MovementStatus,
    MovementTarget,
)
from models.org import (
    GROUPING_KINDS,
    GroupingHead,
    GroupMembership,
    Organisation,
    OrgEvent,
    OrgEventKind,
    OrgEventParty,
    OrgKind,
    OrgName,
    OrgPlacement,
    PartyRole,
)
from models.people import ApiToken, Role, RoleAssignment, RoleCode, User
from models.process import InstanceStatus, ProcessVersion, WorkflowInstance
from models.proposal import FINAL_STATUSES, Nominee, Proposal, ProposalStatus, Stage
from models.province_rule import ProvinceRule, RuleKind
from models.registration import Registration, RegistrationLine, RegistrationStatus
from models.request_record import RecordKind, RequestRecord
from models.revocation import OPEN_STATUSES, Revocation, RevocationStatus
from models.task import Action, HumanTask, TaskState

__all__ = [
    "CRITERION_NAME_MAX",
    "EVIDENCE_MAX",
    "POINTS_MAX",
    "REASON_MAX",
    "BlocAction",
    "BlocCriterion",
    "BlocEntry",
    "BlocEvidence",
    "BlocEvent",
    "BlocPledge",
    "BlocScore",
    "BlocVoter",
    "CriterionKind",
    "EntryStatus",
    "PledgeStatus",
    "OPEN_STATUSES",
    "Revocation",
    "RevocationStatus",
    "AdminAction",
    "AdminEvent",
    "COUNCIL_STAGES",
    "ProvinceRule",
    "RuleKind",
    "FINAL_STATUSES",
    "GROUPING_KINDS",
    "Action",
    "ApiToken",
    "Attachment",
    "INITIATIVE_SCOPES",
    "RATINGS",
    "AuditAction",
    "STEP_COMPLETIONS",
    "AuditEvent",
    "Award",
    "BallotBox",
    "BallotTally",
    "BallotVoter",
    "AwardRecord",
    "Base",
    "CalendarException",
    "CaseAction",
    "CaseEvent",
    "CaseInstance",
    "CaseTask",
    "CaseTimer",
    "EligibilityCheck",
    "FormStash",
    "GroupMembership",
    "GroupingHead",
    "OrgEvent",
    "OrgEventKind",
    "OrgEventParty",
    "OrgName",
    "OrgPlacement",
    "PartyRole",
    "Headcount",
    "HumanTask",
    "Initiative",
    "InstanceStatus",
    "InstanceTimer",
    "LoginAttempt",
    "LoginThrottle",
    "ANY_ADDRESS",
    "MailPreference",
    "Movement",
    "MovementContent",
    "MovementParticipant",
    "MovementStatus",
    "MovementTarget",
    "Nominee",
    "Notification",
    "NotificationKind",
    "OrgKind",
    "Organisation",
    "OutboxMessage",
    "Person",
    "PersonMove",
    "ProcessVersion",
    "Proposal",
    "RecordKind",
    "Registration",
    "RegistrationLine",
    "RegistrationStatus",
    "RequestRecord",
    "ProposalStatus",
    "Role",
    "RoleAssignment",
    "RoleCode",
    "Stage",
    "TaskState",
    "User",
    "WorkflowInstance",
    "YearRecord",
    "recorded_at",
    "utcnow",
]
