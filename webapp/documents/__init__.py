"""Downloading the official documents of a proposal (.docx and PDF)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import Proposal
from webapp.attachments import files
from webapp.extensions import db
from workflows import documents
from workflows.directory.access import get_visible_proposal
from workflows.documents import bundle

bp = Blueprint("documents", __name__, url_prefix="/proposals", template_folder="templates")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class DocumentButton:
    kind: documents.Kind
    ready: bool


@bp.app_template_global()
def proposal_documents(proposal: Proposal) -> list[DocumentButton]:
    ready = documents.available(db.session, proposal)
    return [DocumentButton(kind, ready[code]) for code, kind in documents.KINDS.items()]


def _document_or_404(proposal_id: int, code: str, pdf: bool = False) -> tuple[Proposal, bytes]:
    # Whoever may read the proposal may read its documents; others get the same 404.
    proposal = get_visible_proposal(db.session, current_user, proposal_id)
    if code not in documents.KINDS:
        abort(404, _("Không có loại văn bản này."))
    render = documents.render_pdf if pdf else documents.render_docx
    data = render(db.session, proposal, code)
    if data is None:
        abort(
            404, _("Chưa có dữ liệu để lập văn bản: %(what)s.", what=documents.KINDS[code].missing)
        )
    return proposal, data


def _download(data: bytes, mimetype: str, name: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/<id:proposal_id>/documents/<code>.docx")
@login_required
def docx(proposal_id: int, code: str):
    proposal, data = _document_or_404(proposal_id, code)
    return _download(data, DOCX, documents.file_name(proposal, code, "docx"))


@bp.route("/<id:proposal_id>/documents/<code>.pdf")
@login_required
def as_pdf(proposal_id: int, code: str):
    proposal, data = _document_or_404(proposal_id, code, pdf=True)
    return _download(data, "application/pdf", documents.file_name(proposal, code, "pdf"))


@bp.route("/<id:proposal_id>/bundle.zip")
@login_required
def bundle_zip(proposal_id: int):
    """The dossier bundle sent upward (workflows.documents.bundle): for the Chairman and the
    provincial board, on a proposal whose award goes beyond the province."""
    built = bundle.for_proposal(
        db.session,
        current_app.extensions["tdkt_registry"],
        current_user,
        proposal_id,
        files.directory(),
    )
    return _download(built.data, "application/zip", built.file_name)
