"""Attachments of proposals on the pages: download (to readers only) and delete (nominator, while
editable). Uploading is part of the proposal form and page (webapp/proposals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import Proposal
from webapp.attachments.files import discard_after_commit, limits, send
from webapp.extensions import db
from webapp.labels import in_reader_language
from workflows.awards import dossier
from workflows.proposals import attachments, uploads

bp = Blueprint("attachments", __name__, url_prefix="/attachments", template_folder="templates")


@bp.app_template_global("attachments_of")
def attachments_of(proposal_id: int):
    """The attachments of a proposal, for the pages that already show that proposal."""
    return attachments.list_for(db.session, proposal_id)


@bp.app_template_global("attachment_removable")
def attachment_removable(proposal, row) -> bool:
    """Whether the delete button is shown: the server checks it again (attachments.remove)."""
    return current_user.is_authenticated and attachments.may_remove(current_user, proposal, row)


@dataclass(frozen=True)
class ChecklistLine:
    code: str
    label: str
    required: bool
    satisfied: bool


@dataclass(frozen=True)
class Checklist:
    lines: list[ChecklistLine]
    #: the act the list rests on and the first day it applied (None: no list, or a new form)
    basis: str | None
    valid_from: date | None


@bp.app_template_global("dossier_checklist")
def dossier_checklist(proposal: Proposal | None) -> Checklist:
    """The documents the proposal's dossier needs, each ticked by an attachment of its kind,
    with the list's basis; for a proposal not yet saved, every item (the award decides which
    are needed)."""
    if proposal is not None:
        items, row = dossier.applied(db.session, proposal, dossier.reading_day(proposal))
    else:
        items, row = dossier.all_items(), None
    lines = [
        ChecklistLine(i.code, in_reader_language(i.label_vi, i.label_en), i.required, i.satisfied)
        for i in items
    ]
    return Checklist(lines, row.basis if row else None, row.valid_from if row else None)


@bp.app_template_global("dossier_label")
def dossier_label(code: str | None) -> str:
    found = [i for i in dossier.all_items() if i.code == code]
    return in_reader_language(found[0].label_vi, found[0].label_en) if found else ""


@bp.app_context_processor
def _upload_rules() -> dict:
    rules = limits()
    return {
        "attachment_accept": ",".join("." + ext for ext in uploads.TYPES),
        "attachment_rules": _(
            "Nhận tệp %(types)s; tối đa %(size)s mỗi tệp, %(n)d tệp mỗi lần.",
            types=uploads.ALLOWED,
            size=file_size(rules.max_bytes),
            n=rules.per_request,
        ),
    }


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """1 234 567 → "1,2 MB", with the Vietnamese decimal comma."""
    if size < 1024:
        return f"{size} byte"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024**2, "MB")
    return f"{value:.1f} {unit}".replace(".0 ", " ").replace(".", ",")


@bp.get("/<id:attachment_id>")
@login_required
def download(attachment_id: int):
    return send(attachments.get_readable(db.session, current_user, attachment_id))


@bp.post("/<id:attachment_id>/delete")
@login_required
def delete(attachment_id: int):
    row = attachments.remove(db.session, current_user, attachment_id)
    proposal_id, name = row.proposal_id, row.original_name
    # The bytes go only once the row is gone for good, and only if no other row shares them.
    discard_after_commit(row.sha256)
    flash(_("Đã xóa tệp đính kèm: %(name)s", name=name), "info")
    return redirect(url_for("proposals.detail", proposal_id=proposal_id))
