"""Official documents of a proposal as .docx and PDF.

The templates in templates/ are written by scripts/make_docx_templates.py and filled
here with docxtpl; the PDF is drawn from the same values by documents.pdf (no office
suite needed). What they say comes from documents.context.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from models import Proposal
from workflows.documents import context

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  #: the button's text
    template: str
    build: Callable[[Session, Proposal], dict | None]
    #: why it is not there yet, shown beside a disabled button
    missing: str


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind(
            "to_trinh",
            "Tờ trình",
            "to_trinh.docx",
            context.submission,
            "Giám đốc Sở chưa ký tờ trình đề nghị cấp trên",
        ),
        Kind(
            "bien_ban",
            "Biên bản",
            "bien_ban.docx",
            context.minutes,
            "Hội đồng TĐKT Sở chưa ghi kết quả bỏ phiếu",
        ),
        Kind(
            "quyet_dinh",
            "Quyết định",
            "quyet_dinh.docx",
            context.decision,
            "Chưa có quyết định khen thưởng",
        ),
    )
}


def available(session: Session, proposal: Proposal) -> dict[str, bool]:
    """Which documents have their data; the builders are cheap (a query or two each)."""
    return {code: kind.build(session, proposal) is not None for code, kind in KINDS.items()}


def render_docx(session: Session, proposal: Proposal, code: str) -> bytes | None:
    """The filled document, or None when its data does not exist yet."""
    kind = KINDS[code]
    values = kind.build(session, proposal)
    if values is None:
        return None
    # Imported here, not at the top: docxtpl (with python-docx and lxml's builders) costs a web
    # worker ~18 MB of resident memory that a step's completion never needs (issue 19).
    from docxtpl import DocxTemplate

    template = DocxTemplate(TEMPLATE_DIR / kind.template)
    # Autoescape: names typed by users go into XML.
    template.render(values, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_pdf(session: Session, proposal: Proposal, code: str) -> bytes | None:
    """The document as PDF, or None when its data does not exist yet."""
    # fpdf2 with its fonts and Pillow: ~40 MB per worker, loaded on the first PDF only.
    from workflows.documents import pdf

    values = KINDS[code].build(session, proposal)
    return None if values is None else pdf.render(code, values)


def file_name(proposal: Proposal, code: str, extension: str) -> str:
    return f"{code.replace('_', '-')}-ho-so-{proposal.id}.{extension}"


__all__ = ["KINDS", "available", "file_name", "pdf", "render_docx", "render_pdf"]
