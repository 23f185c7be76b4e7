"""Write the .docx templates of the official documents (workflows/documents/templates/).

Run after changing the layout: `.venv/bin/python scripts/make_docx_templates.py`; the
templates are committed, the generator (workflows/documents) only fills them with docxtpl.

The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm, Times
New Roman 13–14; the issuing body (and its parent) top-left over a short rule, the national
motto top-right over a short rule, the number under the body and the place and date under
the motto, the title centred, "Nơi nhận:" bottom-left and the signer bottom-right.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).resolve().parents[1] / "workflows" / "documents" / "templates"
FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    # Word picks the East Asian font slot for Vietnamese letters with some diacritics.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    return doc


def para(
    container,
    text: str = "",
    *,
    align=JUSTIFY,
    size=14,
    bold=False,
    italic=False,
    indent: bool = False,
    after: float = 6,
    before: float = 0,
):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after, p.paragraph_format.space_before = Pt(after), Pt(before)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.27)
    if text:
        run(p, text, size=size, bold=bold, italic=italic)
    return p


def run(p, text: str, *, size=14, bold=False, italic=False):
    r = p.add_run(text)
    r.font.name, r.font.size, r.bold, r.italic = FONT, Pt(size), bold, italic
    return r


def short_rule(cell, indent_cm: float) -> None:
    """The short line under the body's name and under the motto: a bottom border on an
    empty paragraph narrowed by indents."""
    p = para(cell, align=CENTER, after=0)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(indent_cm)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)
    p.paragraph_format.line_spacing = Pt(2)


def set_widths(table, widths_cm) -> None:
    """Widths on the grid and on every cell: Word reads the cells, LibreOffice the grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def layout_table(doc, widths_cm: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths_cm)
    for cell in table.rows[0].cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def heading_block(doc, number_prefix: str = "Số: ") -> None:
    table = layout_table(doc, (6.3, 10.2))
    left, right = table.rows[0].cells
    para(left, "{{ org_parent }}", align=CENTER, size=13, after=0)
    para(left, "{{ org_name }}", align=CENTER, size=13, bold=True, after=0)
    short_rule(left, 2.0)
    para(left, number_prefix + "{{ number }}", align=CENTER, size=13, before=6, after=0)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=CENTER, size=13, bold=True, after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", align=CENTER, size=14, bold=True, after=0)
    short_rule(right, 2.4)
    para(right, "{{ place_date }}", align=CENTER, size=14, italic=True, before=6, after=0)


def title_block(doc, title: str) -> None:
    para(doc, title, align=CENTER, size=14, bold=True, before=18, after=0)
    para(doc, "{{ subtitle }}", align=CENTER, size=14, bold=True, after=0)
    short_rule(doc, 6.5)


def paragraphs_loop(container, var: str, *, italic=False, size=14) -> None:
    """{%p for %} … {%p endfor %}: one justified, indented paragraph per item of `var`."""
    para(container, "{%p for text in " + var + " %}", after=0)
    para(container, "{{ text }}", indent=True, italic=italic, size=size)
    para(container, "{%p endfor %}", after=0)


def data_table(
    doc, headers: list[str], cells: list[str], loop: str, total: list[str] | None, widths_cm
):
    """A bordered table: a header row, one row per item of `loop`, an optional total row.

    docxtpl repeats the rows between the {%tr for %} row and the {%tr endfor %} row and
    drops those two marker rows.
    """
    table = doc.add_table(rows=5 if total else 4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, start, item, end = table.rows[:4]
    for cell, text in zip(header.cells, headers, strict=True):
        cell.paragraphs[0].alignment = CENTER
        run(cell.paragraphs[0], text, size=12, bold=True)
    run(start.cells[0].paragraphs[0], "{%tr for n in " + loop + " %}", size=12)
    for cell, text in zip(item.cells, cells, strict=True):
        cell.paragraphs[0].alignment = _align_for(text)
        run(cell.paragraphs[0], text, size=12)
    run(end.cells[0].paragraphs[0], "{%tr endfor %}", size=12)
    if total:
        for cell, text in zip(table.rows[4].cells, total, strict=True):
            cell.paragraphs[0].alignment = _align_for(text)
            run(cell.paragraphs[0], text, size=12, bold=True)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
    set_widths(table, widths_cm)
    return table


def _align_for(text: str):
    if "stt" in text:
        return CENTER
    if "amount" in text or "total" in text:
        return WD_ALIGN_PARAGRAPH.RIGHT
    return LEFT


def signature_block(doc, left_kind: str = "recipients") -> None:
    table = layout_table(doc, (7.4, 8.6))
    left, right = table.rows[0].cells
    if left_kind == "recipients":
        para(left, "Nơi nhận:", align=LEFT, size=12, bold=True, italic=True, before=12, after=0)
        para(left, "{%p for r in recipients %}", after=0)
        para(left, "- {{ r }}", align=LEFT, size=11, after=0)
        para(left, "{%p endfor %}", after=0)
    else:
        para(left, "{{ left_title }}", align=CENTER, size=14, bold=True, before=12, after=0)
        for _ in range(4):
            para(left, "", align=CENTER, after=0)
        para(left, "{{ left_name }}", align=CENTER, size=14, bold=True, after=0)
    # "TM." / "KT." lines only when there is one, so both signers' titles stay level.
    para(right, "{%p if signer_authority %}", after=0)
    para(right, "{{ signer_authority }}", align=CENTER, size=14, bold=True, before=12, after=0)
    para(right, "{%p endif %}", after=0)
    para(right, "{{ signer_title }}", align=CENTER, size=14, bold=True, before=12, after=0)
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, "{{ signer_name }}", align=CENTER, size=14, bold=True, after=0)


NOMINEE_HEADERS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức đề nghị"]
NOMINEE_CELLS = [
    "{{ n.stt }}",
    "{{ n.name }}",
    "{{ n.job_title }}",
    "{{ n.unit }}",
    "{{ n.award }}",
]
NOMINEE_WIDTHS = (1.2, 4.4, 3.3, 3.6, 4.0)


def submission() -> Document:
    """Tờ trình of the Director, with the list of nominees."""
    doc = new_document()
    heading_block(doc)
    title_block(doc, "TỜ TRÌNH")
    para(doc, "Kính gửi: {{ addressee }}", align=CENTER, size=14, before=12)
    paragraphs_loop(doc, "body")
    data_table(doc, NOMINEE_HEADERS, NOMINEE_CELLS, "nominees", None, NOMINEE_WIDTHS)
    paragraphs_loop(doc, "closing")
    signature_block(doc)
    return doc


def minutes() -> Document:
    """Biên bản of the council meeting, with the tally."""
    doc = new_document()
    heading_block(doc)
    title_block(doc, "BIÊN BẢN")
    paragraphs_loop(doc, "body")
    para(doc, "Kết quả bỏ phiếu kín:", align=LEFT, size=14, bold=True)
    tally = doc.add_table(rows=3, cols=2)
    tally.style = "Table Grid"
    tally.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(tally, (8.0, 8.5))
    run(tally.rows[0].cells[0].paragraphs[0], "{%tr for t in tally %}", size=12)
    run(tally.rows[1].cells[0].paragraphs[0], "{{ t.label }}", size=13)
    tally.rows[1].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run(tally.rows[1].cells[1].paragraphs[0], "{{ t.value }}", size=13, bold=True)
    run(tally.rows[2].cells[0].paragraphs[0], "{%tr endfor %}", size=12)
    para(doc, "{{ list_intro }}", indent=True, before=6)
    data_table(doc, NOMINEE_HEADERS, NOMINEE_CELLS, "nominees", None, NOMINEE_WIDTHS)
    paragraphs_loop(doc, "closing")
    signature_block(doc, left_kind="signer")
    return doc


def decision() -> Document:
    """Quyết định, then its annex: the list with the bonus amounts."""
    doc = new_document()
    heading_block(doc)
    title_block(doc, "QUYẾT ĐỊNH")
    para(doc, "{{ authority }}", align=CENTER, size=14, bold=True, before=12)
    paragraphs_loop(doc, "bases", italic=True)
    para(doc, "QUYẾT ĐỊNH:", align=CENTER, size=14, bold=True, before=6)
    para(doc, "{%p for a in articles %}", after=0)
    p = para(doc, indent=True)
    run(p, "{{ a.head }}", bold=True)
    run(p, " {{ a.text }}")
    para(doc, "{%p endfor %}", after=0)
    signature_block(doc)
    # A paragraph of its own: the {%p %} marker paragraphs above are dropped when filled.
    para(doc, after=0).add_run().add_break(WD_BREAK.PAGE)
    para(doc, "{{ annex_title }}", align=CENTER, size=14, bold=True, after=0)
    para(doc, "{{ annex_subtitle }}", align=CENTER, size=14, italic=True, after=12)
    data_table(
        doc,
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức", "Số tiền (đồng)"],
        NOMINEE_CELLS + ["{{ n.amount }}"],
        "nominees",
        ["", "Tổng cộng", "", "", "", "{{ total }}"],
        (1.2, 4.0, 3.0, 3.2, 3.0, 2.1),
    )
    para(doc, "{{ amount_note }}", align=LEFT, size=12, italic=True, before=6)
    return doc


TEMPLATES = {"to_trinh.docx": submission, "bien_ban.docx": minutes, "quyet_dinh.docx": decision}


def main(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in TEMPLATES.items():
        doc = build()
        # Fixed metadata, so re-running the script on unchanged code gives the same text.
        doc.core_properties.author = "tdkt"
        doc.core_properties.title = name.removesuffix(".docx")
        doc.save(out / name)
        written.append(out / name)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
