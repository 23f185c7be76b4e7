"""Attachments of a proposal (hồ sơ đính kèm): checked, stored by SHA-256, listed, removed.

Each file is checked as workflows.proposals.uploads checks every received file (extension and
first bytes). The bytes go to `directory/<sha256>` (the data directory, outside the web root);
the content type stored is the one the server decided, never the client's.
Files are added or removed only while the nominator may still edit the proposal; a file is
removed only by whoever uploaded it or the proposal's author (`may_remove`): another nominator
of the unit may add files to a colleague's draft but not take away what the colleague put there.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Attachment,
    AuditAction,
    AwardRecord,
    BlocEvidence,
    HumanTask,
    Proposal,
    Revocation,
    TaskState,
    User,
)
from workflows.awards import dossier
from workflows.directory.access import can_see, check_can_act
from workflows.errors import N_, Conflict, Forbidden, NotFound, ValidationFailed
from workflows.process import audit, forms, higher_decision, review
from workflows.proposals.filing import editable
from workflows.proposals.uploads import Limits, Pending, Staged, Upload, refusal, stage


def _editable(session: Session, user: User, proposal_id: int) -> Proposal:
    """The proposal, if `user` is its nominator and it is a draft or returned (locked)."""
    refusal = N_("Chỉ thêm hoặc xóa tệp đính kèm khi hồ sơ đang soạn hoặc bị trả lại")
    return editable(session, user, proposal_id, refusal)[1]


@dataclass(frozen=True)
class Added:
    """What `add_files` did: the rows it wrote, and the files the proposal already had (same
    bytes, by SHA-256), given as the rows that hold them."""

    rows: list[Attachment]
    duplicates: list[Attachment]


def add(
    session: Session,
    user: User,
    proposal_id: int,
    uploads: Sequence[Upload],
    directory: Path,
    limits: Limits,
    kind: str | None = None,
) -> list[Attachment]:
    """add_files' rows, new and already there: uploading the same file twice answers the same."""
    added = add_files(session, user, proposal_id, uploads, directory, limits, kind=kind)
    return added.rows + added.duplicates


def add_files(
    session: Session,
    user: User,
    proposal_id: int,
    uploads: Sequence[Upload],
    directory: Path,
    limits: Limits,
    pending: Sequence[Pending] = (),
    kind: str | None = None,
) -> Added:
    """Check every file, then store them all or none (ValidationFailed names each bad one).

    A file the proposal already has (the same SHA-256) for the same checklist item is not added
    again; under another item it is (one scan may be both the minutes and the report, and each
    item is ticked by an attachment of its own). `kind`: the dossier checklist item the files
    satisfy (workflows.awards.dossier), if any."""
    proposal = _editable(session, user, proposal_id)
    kind = dossier.check_kind(session, proposal, kind, dossier.reading_day(proposal))
    if not uploads and not pending:
        raise ValidationFailed("no_attachment", {"attachments": N_("chưa chọn tệp nào")})
    if len(uploads) > limits.per_request:
        wrong = N_("tối đa %(max)s tệp mỗi lần", max=limits.per_request)
        raise ValidationFailed("too_many_attachments", {"attachments": wrong})
    present = session.scalars(select(Attachment).where(Attachment.proposal_id == proposal.id))
    rows_before = list(present)
    existing = {row.sha256: row for row in rows_before if row.kind == kind}
    directory.mkdir(parents=True, exist_ok=True)
    staged: list[Staged] = []
    errors: dict[str, str] = {}
    try:
        for i, upload in enumerate(uploads):
            try:
                staged.append(stage(upload, directory, limits.max_bytes))
            except ValueError as exc:
                errors[f"attachments[{i}]"] = refusal(upload, exc)
        for held in pending:
            if not (directory / held.sha256).is_file():
                errors[f"attachments[{len(uploads)}]"] = N_(
                    "%(file)s: tệp đã chọn không còn trên máy chủ; hãy chọn lại", file=held.name
                )
        if errors:
            raise ValidationFailed("attachment_refused", errors)
        items = [_Item(s.name, s.file_type.content_type, s.size, s.sha256, s.tmp) for s in staged]
        items += [_Item(p.name, p.content_type, p.size, p.sha256, None) for p in pending]
        rows: list[Attachment] = []
        duplicates: list[Attachment] = []
        new: dict[str, _Item] = {}
        for item in items:
            if item.sha256 in existing:
                duplicates.append(existing[item.sha256])
            else:
                new.setdefault(item.sha256, item)
        if len(rows_before) + len(new) > limits.per_proposal:
            wrong = N_(
                "một hồ sơ có tối đa %(max)s tệp (đã có %(present)s)",
                max=limits.per_proposal,
                present=len(rows_before),
            )
            raise ValidationFailed("too_many_attachments", {"attachments": wrong})
        rows = [_keep(session, user, proposal, item, directory, kind) for item in new.values()]
        session.flush()
        return Added(rows, duplicates)
    finally:
        for staged_item in staged:
            staged_item.tmp.unlink(missing_ok=True)


def check_may_record_decision(session: Session, user: User, proposal_id: int) -> review.Locked:
    """The locked step "Chờ quyết định cấp trên" of the proposal, if `user` may act on it."""
    task_id = session.scalar(
        select(HumanTask.id).where(
            HumanTask.proposal_id == proposal_id,
            HumanTask.state == TaskState.READY,
            HumanTask.form == forms.HIGHER_DECISION_FORM,
        )
    )
    if task_id is None:
        if not can_see(session, user, proposal_id):
            raise NotFound(
                "proposal_not_found", N_("Không tìm thấy hồ sơ số %(id)s", id=proposal_id)
            )
        raise Conflict(
            "not_awaiting_decision",
            N_("Hồ sơ không ở bước chờ quyết định cấp trên: chưa đính kèm được văn bản quyết định"),
        )
    locked = review.locked_task(session, user, task_id)
    check_can_act(session, user, locked.task, locked.proposal, locked.nominated)
    return locked


def add_decision_document(
    session: Session,
    user: User,
    proposal_id: int,
    upload: Upload,
    directory: Path,
    limits: Limits,
) -> Attachment:
    """The document of a ministry's or the Prime Minister's decision, attached by whoever may
    record it: the proposal must wait at "Chờ quyết định cấp trên" and `user` must be able to
    act on that step (role and organisation). Audited as every attachment."""
    locked = check_may_record_decision(session, user, proposal_id)
    staged = None
    directory.mkdir(parents=True, exist_ok=True)
    try:
        try:
            staged = stage(upload, directory, limits.max_bytes)
        except ValueError as exc:
            wrong = refusal(upload, exc)
            raise ValidationFailed("attachment_refused", {"document": wrong}) from None
        item = _Item(
            staged.name, staged.file_type.content_type, staged.size, staged.sha256, staged.tmp
        )
        row = _keep(session, user, locked.proposal, item, directory, higher_decision.DOCUMENT_KIND)
        session.flush()
        return row
    finally:
        if staged is not None:
            staged.tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Item:
    """A file to attach: staged now (tmp) or held from an earlier post (tmp None)."""

    name: str
    content_type: str
    size: int
    sha256: str
    tmp: Path | None


def _keep(
    session: Session,
    user: User,
    proposal: Proposal,
    item: _Item,
    directory: Path,
    kind: str | None,
) -> Attachment:
    target = directory / item.sha256
    if item.tmp is not None and not target.exists():
        # Atomic on one file system: a reader never sees half a file under its final name.
        os.replace(item.tmp, target)
    row = Attachment(
        proposal_id=proposal.id,
        original_name=item.name,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        kind=kind,
        uploaded_by_id=user.id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        proposal,
        user,
        AuditAction.ATTACHMENT_ADDED,
        from_status=proposal.status,
        comment=item.name,
        data={"attachment_id": row.id, "size": item.size, "sha256": item.sha256, "kind": kind},
    )
    return row


def may_remove(user: User, proposal: Proposal, row: Attachment) -> bool:
    """Whether `user` may remove `row` once the proposal is editable by them (remove checks it)."""
    return user.id in (row.uploaded_by_id, proposal.created_by_id)


def remove(session: Session, user: User, attachment_id: int) -> Attachment:
    """Delete the row; the caller discards the bytes after committing (discard_unreferenced)."""
    row = get_readable(session, user, attachment_id)
    proposal = _editable(session, user, row.proposal_id)
    if not may_remove(user, proposal, row):
        refusal = N_("Chỉ người đã tải tệp lên hoặc người lập hồ sơ được xóa tệp này")
        raise Forbidden("attachment_not_yours", refusal)
    session.delete(row)
    audit.record(
        session,
        proposal,
        user,
        AuditAction.ATTACHMENT_DELETED,
        from_status=proposal.status,
        comment=row.original_name,
        data={"attachment_id": row.id, "size": row.size, "sha256": row.sha256},
    )
    session.flush()
    return row


def discard_unreferenced(session: Session, directory: Path, sha256: str) -> bool:
    """Remove a stored file no row refers to any more (two rows may share one file)."""
    still_used = session.scalar(select(Attachment.id).where(Attachment.sha256 == sha256).limit(1))
    # An award record's decision document (workflows.proposals.outside_awards) keeps the same store.
    as_document = select(AwardRecord.id).where(AwardRecord.document_sha256 == sha256).limit(1)
    # So does a revoking decision received from the authority that decided an award, and a
    # bloc member's evidence (workflows.blocs.evidence).
    as_revoking = select(Revocation.id).where(Revocation.document_sha256 == sha256).limit(1)
    as_evidence = select(BlocEvidence.id).where(BlocEvidence.sha256 == sha256).limit(1)
    if still_used is not None or session.scalar(as_document) is not None:
        return False
    if session.scalar(as_revoking) is not None or session.scalar(as_evidence) is not None:
        return False
    path = directory / sha256
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def get_readable(
    session: Session, user: User, attachment_id: int, proposal_id: int | None = None
) -> Attachment:
    """An attachment of a proposal `user` may read; unknown and hidden look the same (404)."""
    row = session.get(Attachment, attachment_id)
    if (
        row is None
        or (proposal_id is not None and row.proposal_id != proposal_id)
        or not can_see(session, user, row.proposal_id)
    ):
        raise NotFound(
            "attachment_not_found",
            N_("Không tìm thấy tệp đính kèm số %(id)s", id=attachment_id),
        )
    return row


def list_for(session: Session, proposal_id: int) -> list[Attachment]:
    return list(
        session.scalars(
            select(Attachment).where(Attachment.proposal_id == proposal_id).order_by(Attachment.id)
        )
    )


def stored_path(directory: Path, row: Attachment) -> Path:
    return directory / row.sha256
