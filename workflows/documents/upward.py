"""The documents of the upward path: the province's submission (tờ trình of UBND tỉnh) to the
sector's ministry or, through the Ministry of Home Affairs, to the Prime Minister, and the
achievement report of the nominees, each as .docx and PDF.

The submission is numbered and dated from the Chairman's step "ký tờ trình lên cấp trên" once
it is done; before (the bundle downloaded to be signed) it is a draft with the number left
blank and the day's date. Where it goes is dated data (workflows.awards.upward)."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate
from fpdf.enums import Align
from sqlalchemy.orm import Session

from models import Proposal
from workflows.awards import upward
from workflows.deadlines import calendar
from workflows.documents import TEMPLATE_DIR, citations, context, issuers, pdf, vn

#: the Chairman's step whose completion numbers the submission
SUBMIT_STEP = "chairman_submit"
#: a draft's number before the Chairman signs: left blank to be written in
DRAFT_NUMBER = "      /TTr-UBND"


def submission_values(session: Session, proposal: Proposal, decider: str) -> dict:
    """The province's submission as the to_trinh layout reads it."""
    event, data = context.step_event(session, proposal.id, (SUBMIT_STEP,))
    signed = event is not None and bool(data.get("submission_no"))
    day = date.fromisoformat(data["submission_date"]) if signed else calendar.today()
    issuer = issuers.committee_issuer(session, proposal.department)
    to = upward.recipient(decider, day)
    name = vn.award_title(proposal.award.name_vi)
    number = vn.with_symbol(data["submission_no"], "TTr", issuer.full_name) if signed else None
    body = citations.bases([proposal.award.legal_basis or ""], day)
    body.append(
        f"Căn cứ tờ trình của {proposal.department.name} và kết quả thẩm định của "
        "Ban Thi đua – Khen thưởng tỉnh;"
    )
    body.append(
        f"{issuer.full_name} kính trình {to.addressee_vi} xem xét, "
        f"{'trình Thủ tướng Chính phủ ' if to.via_vi else ''}tặng “{name}” năm {proposal.year} "
        f"cho {len(proposal.nominees)} {context.TARGET_WORD[proposal.award.target]} "
        "có tên trong danh sách dưới đây:"
    )
    rows, notes = context.lowered_rows(session, proposal, day)
    return {
        **context._header(issuer, number or DRAFT_NUMBER, day),
        "subtitle": f"Về việc đề nghị tặng “{name}” năm {proposal.year}",
        "addressee": to.via_vi or to.recipient_vi,
        "body": body,
        "nominees": rows,
        "closing": [
            *notes,
            f"Thành tích: {proposal.summary}",
            f"{issuer.full_name} kính trình {to.addressee_vi} xem xét, quyết định./.",
        ],
        "recipients": ["Như trên;", "Ban Thi đua – Khen thưởng tỉnh;", "Lưu: VT."],
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": event.actor.full_name if signed and event.actor else "",
    }


def submission_docx(values: dict) -> bytes:
    template = DocxTemplate(TEMPLATE_DIR / "to_trinh.docx")
    template.render(values, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def submission_pdf(values: dict) -> bytes:
    return pdf.render("to_trinh", values)


def achievements_text(proposal: Proposal) -> list[tuple[str, list[str]]]:
    """Per nominee: a heading line and the paragraphs of the achievements as filed."""
    out = []
    for i, n in enumerate(proposal.nominees, start=1):
        head = f"{i}. {n.name}"
        if n.job_title:
            head += f" – {n.job_title}"
        if n.unit_name:
            head += f", {n.unit_name}"
        lines = [line.strip() for line in (n.achievements or "").splitlines() if line.strip()]
        out.append((head, lines or [proposal.summary]))
    return out


def achievements_docx(proposal: Proposal) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BÁO CÁO THÀNH TÍCH").bold = True
    sub = document.add_paragraph(
        f"Đề nghị tặng “{vn.award_title(proposal.award.name_vi)}” năm {proposal.year}"
    )
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for head, lines in achievements_text(proposal):
        document.add_paragraph().add_run(head).bold = True
        for line in lines:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def achievements_pdf(proposal: Proposal) -> bytes:
    page = pdf.new_page()
    page.text_line("BÁO CÁO THÀNH TÍCH", size=14, bold=True)
    page.text_line(
        f"Đề nghị tặng “{vn.award_title(proposal.award.name_vi)}” năm {proposal.year}", size=13
    )
    page.ln(3)
    for head, lines in achievements_text(proposal):
        page.text_line(head, bold=True, align=Align.L)
        for line in lines:
            page.paragraph(line)
    return bytes(page.output())
