"""The outcome of checking a proposal's nominees against the award criteria (eligibility.dmn).

One row per nominee per check: at filing and at every approval of a review step. A row keeps
what the reviewer saw (the criteria with their reasons, as JSON) and, when a failing nominee
was forwarded anyway, the justification written for it.
"""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class EligibilityCheck(Base):
    __tablename__ = "eligibility_check"
    __table_args__ = (Index("ix_eligibility_check_proposal", "proposal_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    nominee_id: Mapped[int | None] = mapped_column(
        ForeignKey("nominee.id", ondelete="SET NULL"), index=True
    )
    #: the nominee's name at the time, readable after the nominee row is edited away
    nominee_name: Mapped[str] = mapped_column(String(120))
    round: Mapped[int] = mapped_column(Integer)
    #: the review step (BPMN element id) the check was made at; "file" at filing
    bpmn_id: Mapped[str] = mapped_column(String(100))
    #: code of the rule set in force on the day of the check (workflows/data/rule_sets.json)
    rule_set: Mapped[str] = mapped_column(String(20))
    passed: Mapped[bool] = mapped_column(Boolean)
    #: JSON list of {code, label, passed, reason}
    results_json: Mapped[str] = mapped_column(Text)
    #: why a failing nominee was forwarded anyway; NULL when none was needed
    justification: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
