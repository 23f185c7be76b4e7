"""The award catalogue (danh hiệu thi đua, hình thức khen thưởng).

Which path an award takes is not stored here: the routing decision table
bpmn/award_route.dmn decides it.
"""

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Award(Base):
    __tablename__ = "award"
    __table_args__ = (CheckConstraint("target IN ('person','collective')", name="target_known"),)

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    #: person or collective
    target: Mapped[str] = mapped_column(String(20))
    #: "title" (danh hiệu thi đua) or "form" (hình thức khen thưởng)
    kind: Mapped[str] = mapped_column(String(20))
    #: the level whose head decides: department, province, ministry or state
    level: Mapped[str] = mapped_column(String(20))
    #: who decides, as shown in the catalogue; must agree with bpmn/award_route.dmn
    decided_by_vi: Mapped[str] = mapped_column(String(120), default="", server_default="")
    #: False for ministry and state awards: the chain does not yet submit above the province
    fileable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: cross-year prerequisites in words, e.g. "2 năm liên tục đạt CSTĐCS"
    prerequisites_vi: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: where the rule comes from, e.g. "Luật TĐKT 06/2022/QH15, Điều 24"
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    #: whether the simplified procedure (thủ tục đơn giản) may be chosen for it, and why
    allows_simplified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    simplified_basis: Mapped[str] = mapped_column(Text, default="", server_default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
