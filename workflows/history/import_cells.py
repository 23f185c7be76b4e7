"""One cell of an imported row (workflows.history.importer): read as the spreadsheet's people
write it (dd/mm/yyyy dates, "có"/"không", the ratings' common abbreviations) or refused with
a RowError that names the column and the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from workflows import plain_text
from workflows.errors import N_, Text, ValidationFailed
from workflows.history import records, spreadsheet


class RowError(Exception):
    """What is wrong with one row: a catalogue message (`N_`), shown in the reader's language;
    `str()` of it is the Vietnamese text."""

    def __init__(self, reason: Text | Iterable[Text | str]):
        if not isinstance(reason, str):
            reason = joined(list(reason))
        super().__init__(reason)
        self.reason = reason


def labelled(label: str, message: Text | str) -> Text:
    """`message` about the column `label` (the file's own heading, as written)."""
    return N_("%(label)s: %(message)s", label=label, message=message)


def joined(reasons: list[Text | str]) -> Text | str:
    """Several reasons as one, each still rendered in the reader's language."""
    first, *rest = reasons
    return N_("%(first)s; %(rest)s", first=first, rest=joined(rest)) if rest else first


RATING_WORDS = {
    "htxsnv": "xuat_sac",
    "hoan thanh xuat sac nhiem vu": "xuat_sac",
    "hoan thanh xuat sac": "xuat_sac",
    "xuat sac": "xuat_sac",
    "httnv": "tot",
    "hoan thanh tot nhiem vu": "tot",
    "hoan thanh tot": "tot",
    "tot": "tot",
    "htnv": "hoan_thanh",
    "hoan thanh nhiem vu": "hoan_thanh",
    "hoan thanh": "hoan_thanh",
    "khtnv": "khong_hoan_thanh",
    "khong hoan thanh nhiem vu": "khong_hoan_thanh",
    "khong hoan thanh": "khong_hoan_thanh",
}
YES = {"co", "x", "1", "yes", "true", "dang xem xet"}
NO = {"", "khong", "0", "no", "false", "-"}
SCOPE_WORDS = {
    "co so": "co_so",
    "cap co so": "co_so",
    "tinh": "tinh",
    "cap tinh": "tinh",
    "toan quoc": "toan_quoc",
}


def check_characters(cells: dict) -> None:
    """A control character in a cell would break every spreadsheet the row later goes into."""
    for name, value in cells.items():
        code = plain_text.bad_character(value) if isinstance(value, str) else None
        if code is not None:
            label = spreadsheet.FIELD_LABELS[name]
            raise RowError(
                N_(
                    "%(label)s: có ký tự điều khiển không được phép (%(code)s)",
                    label=label,
                    code=code,
                )
            )


def cell(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def year_of(value: object, label: str = "Năm") -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        wrong = N_("%(label)s '%(value)s' không hợp lệ", label=label, value=value or "")
        raise RowError(wrong) from None
    try:
        return records.check_year(year, label)
    except ValidationFailed as exc:
        raise RowError(exc.fields["year"]) from None


def date_of(value: object, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise RowError(
            N_("%(label)s '%(value)s' không phải ngày dd/mm/yyyy", label=label, value=value)
        ) from None


def flag_of(value: object, label: str) -> bool:
    key = spreadsheet.key(value)
    if key in YES:
        return True
    if key in NO:
        return False
    raise RowError(
        N_("%(label)s '%(value)s' không hợp lệ: ghi 'có' hoặc 'không'", label=label, value=value)
    )


def discipline_of(value: object) -> tuple[bool, str | None]:
    """The "Kỷ luật" cell: 'có'/'không' as before, or the measure ("khiển trách", "cảnh
    cáo", …), which the collective titles' criteria need."""
    key = spreadsheet.key(value)
    for level, label in records.DISCIPLINE_LEVELS.items():
        if key == spreadsheet.key(label):
            return True, level
    try:
        return flag_of(value, "Kỷ luật"), None
    except RowError:
        levels = ", ".join(label.lower() for label in records.DISCIPLINE_LEVELS.values())
        raise RowError(
            N_(
                "Kỷ luật '%(value)s' không hợp lệ: ghi 'có', 'không' hoặc hình thức (%(levels)s)",
                value=value,
                levels=levels,
            )
        ) from None


def rating_of(value: object) -> str | None:
    key = spreadsheet.key(value)
    if not key:
        return None
    if key not in RATING_WORDS:
        raise RowError(N_("Xếp loại '%(value)s' không hợp lệ", value=value))
    return RATING_WORDS[key]


def text_of(cells: dict, name: str, limit: int = 255) -> str:
    value = cells.get(name)
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise RowError(
            N_(
                "%(label)s dài quá %(limit)s ký tự",
                label=spreadsheet.FIELD_LABELS[name],
                limit=limit,
            )
        )
    return text
