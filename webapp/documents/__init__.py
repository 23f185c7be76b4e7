"""Downloading the official documents of a proposal (.docx and PDF) and its certificates."""

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
from workflows.documents import bundle, certificates
from workflows.errors import DomainError

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


@dataclass(frozen=True)
class CertificateLinks:
    """What the proposal page offers to print: nothing before the decision or to those who
    may not print; else the batch and one link per granted nominee still in force."""

    nominee_ids: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.nominee_ids)


@bp.app_template_global()
def proposal_certificates(proposal: Proposal) -> CertificateLinks:
    records = certificates.printable(db.session, proposal)
    if (
        not records
        or proposal.decision_date is None
        or not certificates.may_print(db.session, current_user, proposal)
    ):
        return CertificateLinks(frozenset())
    try:
        certificates.layout_for(proposal.award_code, proposal.award.name_vi,
                                proposal.decision_date)  # fmt: skip
    except DomainError:
        return CertificateLinks(frozenset())
    return CertificateLinks(frozenset(records))


def _printable_proposal(proposal_id: int) -> Proposal:
    # Whoever may not read the proposal gets its 404; a reader who may not print, a 403.
    proposal = get_visible_proposal(db.session, current_user, proposal_id)
    certificates.check_can_print(db.session, current_user, proposal)
    return proposal


@bp.route("/<id:proposal_id>/certificates.pdf")
@login_required
def certificates_pdf(proposal_id: int):
    proposal = _printable_proposal(proposal_id)
    found = certificates.for_proposal(db.session, proposal)
    from workflows.documents import certificate_pdf  # fpdf2 at first use

    data = certificate_pdf.render(found, f"Giấy khen – hồ sơ số {proposal.id}")
    return _download(data, "application/pdf", certificates.file_name(proposal))


@bp.route("/<id:proposal_id>/nominees/<id:nominee_id>/certificate.pdf")
@login_required
def certificate_pdf_one(proposal_id: int, nominee_id: int):
    proposal = _printable_proposal(proposal_id)
    found = certificates.for_nominee(db.session, proposal, nominee_id)
    from workflows.documents import certificate_pdf  # fpdf2 at first use

    data = certificate_pdf.render([found], found.name)
    return _download(data, "application/pdf", certificates.file_name(proposal, nominee_id))


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
