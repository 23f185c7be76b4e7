"""What a text field may hold: no control characters (newline and tab only where a field has
several lines). A control character is invisible on a page, breaks a spreadsheet cell (.xlsx
has no room for most of them) and no PostgreSQL text column takes NUL."""

from __future__ import annotations

import re

from workflows.errors import N_, Text

#: C0 controls but tab and line ends (a browser sends CR LF), DEL, C1 controls; lone
#: surrogates (UTF-8 of neither)
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: the same, and tab and newline too: a title or a name is one line
_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_character(value: str, multiline: bool = False) -> str | None:
    """The first character a field of that kind may not hold, written as U+XXXX; or None."""
    found = (_MULTI_LINE if multiline else _ONE_LINE).search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def problem(value: str, multiline: bool = False) -> Text | None:
    """The message for a field holding a control character, or None when it holds none."""
    code = bad_character(value, multiline)
    if code is None:
        return None
    return N_("có ký tự điều khiển không được phép (%(code)s)", code=code)
