"""Certificates drawn as PDF with fpdf2 and the shipped font (as documents.pdf), one A4
landscape page each: a batch for a decision is one file to print on the official blanks.

The blank carries the emblem and the ornamental border; the page draws a plain double frame so
that a sheet printed on plain paper still reads as a certificate, and puts every line where the
blanks in use put it: the authority at the top, the lead word and the heading large in red, the
name, the unit and the merit, then the decision bottom-left and the place, date and signer
bottom-right.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from workflows.documents.certificates import Certificate
from workflows.documents.pdf import FAMILY, FONT_DIR

RED = (180, 20, 20)
BLACK = (0, 0, 0)
MARGIN = 18.0


class _Sheets(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_margins(left=MARGIN + 10, top=MARGIN + 8, right=MARGIN + 10)
        self.set_auto_page_break(auto=False)
        self.add_font(FAMILY, "", str(FONT_DIR / "SourceSerifPro-Regular.ttf"))
        self.add_font(FAMILY, "B", str(FONT_DIR / "SourceSerifPro-Bold.ttf"))

    def centred(self, text: str, size: float, *, bold=False, color=BLACK, height=0.0) -> None:
        if not text:
            return
        self.set_text_color(*color)
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(
            0, height or size * 0.5, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(*BLACK)


def render(certificates: Sequence[Certificate], title: str = "") -> bytes:
    sheets = _Sheets()
    sheets.set_title(title or "Giấy khen, bằng khen")
    sheets.set_creator("tdkt")
    for certificate in certificates:
        _page(sheets, certificate)
    return bytes(sheets.output())


def _page(sheets: _Sheets, c: Certificate) -> None:
    sheets.add_page()
    w, h = sheets.w, sheets.h
    sheets.set_draw_color(*RED)
    sheets.set_line_width(1.2)
    sheets.rect(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN)
    sheets.set_line_width(0.3)
    sheets.rect(MARGIN + 2.5, MARGIN + 2.5, w - 2 * MARGIN - 5, h - 2 * MARGIN - 5)
    sheets.set_draw_color(*BLACK)
    sheets.set_y(MARGIN + 10)
    sheets.centred(c.authority, 15, bold=True, height=7)
    sheets.ln(3)
    sheets.centred(c.lead, 16, bold=True, height=8)
    sheets.centred(c.heading, 40, bold=True, color=RED, height=18)
    sheets.centred(c.title_line, 20, bold=True, color=RED, height=10)
    sheets.ln(4)
    who = f"{c.honorific} {c.name}".strip()
    sheets.centred(who, 24, bold=True, height=11)
    sheets.ln(1)
    sheets.centred(c.unit_line, 14, height=7)
    sheets.ln(2)
    sheets.centred(c.reason, 14, height=7)
    _bottom(sheets, c)


def _bottom(sheets: _Sheets, c: Certificate) -> None:
    top = sheets.h - MARGIN - 58
    half = (sheets.w - sheets.l_margin - sheets.r_margin) / 2
    sheets.set_font(FAMILY, "", 12)
    sheets.set_xy(sheets.l_margin, top + 20)
    sheets.multi_cell(half, 6, c.decision_line, align=Align.C)
    x_right = sheets.l_margin + half
    sheets.set_xy(x_right, top)
    sheets.set_font(FAMILY, "", 13)
    sheets.multi_cell(half, 6.5, c.place_date, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    sheets.set_font(FAMILY, "B", 13)
    sheets.multi_cell(half, 6.5, c.signer_title, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    sheets.ln(22)
    sheets.set_x(x_right)
    sheets.multi_cell(half, 6.5, c.signer_name or " ", align=Align.C)
