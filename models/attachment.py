"""Files attached to a proposal (hồ sơ đính kèm): minutes, achievement reports, scans.

The bytes live outside the database and the web root, under the data directory,
named by their SHA-256; a row says which proposal a file belongs to and who gave it.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.people import User

ORIGINAL_NAME_MAX = 255


class Attachment(Base):
    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint("size >= 0", name="size_not_negative"),
        Index("ix_attachment_proposal", "proposal_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    #: the file name as uploaded (path parts removed); shown, never used as a path
    original_name: Mapped[str] = mapped_column(String(ORIGINAL_NAME_MAX))
    #: decided by the server from the checked type, not taken from the client
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    #: hex digest of the bytes, which is also the stored file's name
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: the dossier checklist item it satisfies (workflows/data/dossier_checklists.json), if any
    kind: Mapped[str | None] = mapped_column(String(40))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    uploaded_by: Mapped[User] = relationship(lazy="joined")
