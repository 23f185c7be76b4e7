"""The official documents as PDF, drawn with fpdf2 from the same context as the .docx.

No office suite: fpdf2 is pure Python and the font ships in a pip package
(font-source-serif-pro, SIL OFL 1.1), so every installation that ran `make run` can make a
PDF. Source Serif Pro's upright faces cover Vietnamese; its italics do not (2018 release),
so the lines Decree 30/2020 sets in italics (the date line, "Căn cứ", the annex note) are
drawn upright rather than with missing letters.

The layout follows Decree 30/2020/NĐ-CP, Appendix I: A4, margins 20/15/20/30 mm, the issuing
body top-left over its number, the national motto top-right over the place and date, the
title centred, "Nơi nhận" bottom-left and the signer bottom-right.
"""

from __future__ import annotations

from pathlib import Path

import font_source_serif_pro
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

FONT_DIR = Path(font_source_serif_pro.font_directory)
FAMILY = "SourceSerif"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TITLES = {"to_trinh": "TỜ TRÌNH", "bien_ban": "BIÊN BẢN", "quyet_dinh": "QUYẾT ĐỊNH"}
NOMINEE_HEADERS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức đề nghị"]
NOMINEE_WIDTHS = (12, 44, 33, 36, 35)
ANNEX_HEADERS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức", "Số tiền (đồng)"]
ANNEX_WIDTHS = (12, 40, 28, 32, 26, 22)
LINE = 6.5  #: mm per line of 13 pt text


class _Page(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(left=30, top=20, right=15)
        self.set_auto_page_break(auto=True, margin=20)
        self.add_font(FAMILY, "", str(FONT_DIR / "SourceSerifPro-Regular.ttf"))
        self.add_font(FAMILY, "B", str(FONT_DIR / "SourceSerifPro-Bold.ttf"))
        self.add_page()

    def text_line(self, text: str, *, size=13.0, bold=False, align=Align.C, width=0.0) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(width, LINE, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, *, bold_head: str = "", size=13.0) -> None:
        """A justified paragraph with the first line indented, as the decree sets the body;
        `bold_head` ("Điều 1.") in bold before it. Written as text, never read as markup."""
        with (
            self.text_columns(
                text_align=Align.J, l_margin=self.l_margin, r_margin=self.r_margin, line_height=1.25
            ) as columns,
            columns.paragraph(first_line_indent=10, bottom_margin=1.5) as paragraph,
        ):
            if bold_head:
                self.set_font(FAMILY, "B", size)
                paragraph.write(bold_head + " ")
            self.set_font(FAMILY, "", size)
            paragraph.write(text)


def new_page() -> _Page:
    """A blank A4 page in the decree's margins and font, for documents of another layout."""
    return _Page()


def render(code: str, values: dict) -> bytes:
    page = _Page()
    _heading(page, values)
    page.ln(4)
    page.text_line(TITLES[code], size=14, bold=True)
    if values.get("subtitle"):
        page.text_line(values["subtitle"], size=13, bold=True)
    page.ln(3)
    if code == "to_trinh":
        page.text_line(f"Kính gửi: {values['addressee']}", size=13)
        page.ln(2)
        for text in values["body"]:
            page.paragraph(text)
        _table(page, NOMINEE_HEADERS, NOMINEE_WIDTHS, _nominee_cells(values["nominees"]))
        for text in values["closing"]:
            page.paragraph(text)
        _signatures(page, values)
    elif code == "bien_ban":
        for text in values["body"]:
            page.paragraph(text)
        page.text_line("Kết quả bỏ phiếu kín:", bold=True, align=Align.L)
        _table(page, None, (80, 80), [[t["label"], t["value"]] for t in values["tally"]])
        page.paragraph(values["list_intro"])
        _table(page, NOMINEE_HEADERS, NOMINEE_WIDTHS, _nominee_cells(values["nominees"]))
        for text in values["closing"]:
            page.paragraph(text)
        _signatures(page, values, left="signer")
    else:
        page.text_line(values["authority"], bold=True)
        page.ln(2)
        for text in values["bases"]:
            page.paragraph(text)
        page.text_line("QUYẾT ĐỊNH:", bold=True)
        page.ln(1)
        for article in values["articles"]:
            page.paragraph(article["text"], bold_head=article["head"])
        _signatures(page, values)
        page.add_page()
        page.text_line(values["annex_title"], bold=True)
        page.text_line(values["annex_subtitle"])
        page.ln(3)
        rows = [
            [*cells, n["amount"]]
            for cells, n in zip(_nominee_cells(values["nominees"]), values["nominees"], strict=True)
        ]
        rows.append(["", "Tổng cộng", "", "", "", values["total"]])
        _table(page, ANNEX_HEADERS, ANNEX_WIDTHS, rows)
        if values.get("amount_note"):
            page.text_line(values["amount_note"], size=11, align=Align.L)
    return bytes(page.output())


def _heading(page: _Page, values: dict) -> None:
    """Two columns: the issuer and its number on the left, the motto and date on the right."""
    top, left_w, right_w = page.get_y(), 75.0, 90.0
    x_left, x_right = page.l_margin, page.l_margin + left_w
    page.set_xy(x_left, top)
    page.set_font(FAMILY, "", 12)
    page.multi_cell(left_w, 5.5, values["org_parent"], align=Align.C, new_x=XPos.LEFT)
    page.set_font(FAMILY, "B", 12)
    page.multi_cell(left_w, 5.5, values["org_name"], align=Align.C, new_x=XPos.LEFT)
    _short_rule(page, x_left, left_w, 20)
    page.ln(2)
    page.set_font(FAMILY, "", 12)
    page.multi_cell(left_w, 5.5, f"Số: {values['number']}", align=Align.C, new_x=XPos.LEFT)
    left_bottom = page.get_y()
    page.set_xy(x_right, top)
    page.set_font(FAMILY, "B", 12)
    page.multi_cell(right_w, 5.5, MOTTO[0], align=Align.C, new_x=XPos.LEFT)
    page.set_font(FAMILY, "B", 13)
    page.multi_cell(right_w, 5.5, MOTTO[1], align=Align.C, new_x=XPos.LEFT)
    _short_rule(page, x_right, right_w, 55)
    page.ln(2)
    page.set_x(x_right)  # ln() went back to the margin: the date stood over the number (seen)
    page.set_font(FAMILY, "", 13)
    page.multi_cell(right_w, 5.5, values["place_date"], align=Align.C, new_x=XPos.LEFT)
    page.set_xy(page.l_margin, max(left_bottom, page.get_y()))


def _short_rule(page: _Page, x: float, width: float, length: float) -> None:
    y = page.get_y() + 0.5
    start = x + (width - length) / 2
    page.line(start, y, start + length, y)


def _nominee_cells(nominees: list[dict]) -> list[list[str]]:
    return [[str(n["stt"]), n["name"], n["job_title"], n["unit"], n["award"]] for n in nominees]


def _table(
    page: _Page, headers: list[str] | None, widths: tuple[int, ...], rows: list[list[str]]
) -> None:
    page.ln(1)
    page.set_font(FAMILY, "", 11)
    with page.table(
        col_widths=widths,
        width=sum(widths),
        first_row_as_headings=headers is not None,
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5.5,
        text_align="LEFT",
    ) as table:
        if headers is not None:
            heading = table.row()
            for text in headers:
                heading.cell(text)
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text or "")
    page.ln(2)


def _signatures(page: _Page, values: dict, left: str = "recipients") -> None:
    page.ln(4)
    top, left_w, right_w = page.get_y(), 75.0, 90.0
    if top > page.h - 75:
        page.add_page()
        top = page.get_y()
    x_left, x_right = page.l_margin, page.l_margin + left_w
    page.set_xy(x_left, top)
    if left == "recipients":
        page.set_font(FAMILY, "B", 12)
        page.multi_cell(left_w, 5.5, "Nơi nhận:", align=Align.L, new_x=XPos.LEFT)
        page.set_font(FAMILY, "", 11)
        for line in values["recipients"]:
            page.multi_cell(left_w, 5, f"- {line}", align=Align.L, new_x=XPos.LEFT)
    else:
        _signer(page, left_w, "", values["left_title"], values["left_name"])
    page.set_xy(x_right, top)
    authority, title = values["signer_authority"], values["signer_title"]
    _signer(page, right_w, authority, title, values["signer_name"])


def _signer(page: _Page, width: float, authority: str, title: str, name: str) -> None:
    x = page.get_x()
    page.set_font(FAMILY, "B", 13)
    for text in (authority, title):
        if text:
            page.multi_cell(width, 6, text, align=Align.C, new_x=XPos.LEFT)
    page.ln(24)
    page.set_x(x)
    page.multi_cell(width, 6, name or " ", align=Align.C, new_x=XPos.LEFT)
