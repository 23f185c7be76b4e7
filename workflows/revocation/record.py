"""The board records the revoking decision received from the authority outside tdkt that
decided the award (a ministry, the Prime Minister, or whoever decided one recorded from
outside): its number, date and signer, and its document, kept through the attachment store's
checks (type by content, size) under its SHA-256 like every attachment. Or it records that the
authority did not revoke it (with the reason).

The whole body is checked, then the document stored and named on the revocation's row, then
the step completed by the case runtime (workflows.revocation.kind does what follows); a refusal
at any point leaves the database as it was once the caller rolls back (the file, kept by its
hash, is harmless and shared)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from models import Revocation, User
from workflows.errors import N_, Conflict, Forbidden, ValidationFailed
from workflows.process.registry import ProcessRegistry
from workflows.proposals.uploads import Limits, Upload, hold
from workflows.revocation import inputs, service
from workflows.revocation.diagram import RECORD

SIGNER_MAX = 255


def record_received(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    revocation_id: int,
    payload: object,
    upload: Upload | None,
    directory: Path,
    limits: Limits,
) -> Revocation:
    action, comment = inputs.action(payload)
    step: dict[str, str] = {"action": action, "reason": comment}
    if action == "approve":
        number, day = inputs.decision(payload)
        wrong: dict = {}
        signer = inputs.text(inputs.body(payload), "decision_signer", SIGNER_MAX, wrong)
        if wrong:
            raise ValidationFailed("invalid_revocation_step", wrong)
        if upload is None or not upload.filename:
            raise ValidationFailed(
                "no_decision_document", {"document": N_("chưa chọn tệp văn bản quyết định")}
            )
        step |= {
            "decision_no": number,
            "decision_date": day.strftime("%d/%m/%Y"),
            "decision_signer": signer,
        }
    revocation, _ = service.get_visible(session, user, revocation_id)
    task = service.ready_task(session, revocation)
    if task is None or task.form != RECORD:
        raise Conflict(
            "revocation_step_done",
            N_("Đề nghị hủy bỏ số %(id)s không còn ở bước này", id=revocation.id),
        )
    if not service.may_act(session, user, task):
        raise Forbidden("role_not_held", N_("Bạn không có vai trò xử lý bước này tại đơn vị này"))
    if action == "approve" and upload is not None:
        try:
            (stored,) = hold([upload], directory, limits)
        except ValidationFailed as exc:
            refused = next(iter(exc.fields.values()), exc.text)
            raise ValidationFailed("attachment_refused", {"document": refused}) from None
        revocation.document_sha256 = stored.sha256
        revocation.document_name = stored.name
        revocation.document_type = stored.content_type
        revocation.document_size = stored.size
    return service.take_step(session, registry, user, revocation_id, RECORD, step)
