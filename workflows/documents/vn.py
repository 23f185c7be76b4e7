"""Vietnamese official-document conventions (Nghị định 30/2020/NĐ-CP) as small functions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_PLACE_PREFIXES = ("Tỉnh ", "tỉnh ", "Thành phố ", "thành phố ")
#: words left out of an abbreviated name (Sở Giáo dục và Đào tạo → SGDĐT)
_SKIP_WORDS = {"và", "-", "–"}


def date_line(place: str, day: date) -> str:
    """ "Điện Biên, ngày 05 tháng 01 năm 2025": days below 10 and months 1 and 2 take a 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def local_date(moment: datetime) -> date:
    """The calendar day in Việt Nam of a moment stored naive in UTC."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TZ).date()


def place_name(province_name: str) -> str:
    for prefix in _PLACE_PREFIXES:
        if province_name.startswith(prefix):
            return province_name[len(prefix) :]
    return province_name


def money(amount: int | Decimal) -> str:
    """710000 → "710.000" (dots between thousands, as Vietnamese documents write)."""
    return f"{int(amount):,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    """7 of 9 → "77,8%"."""
    if not whole:
        return "—"
    value = Decimal(part * 100) / Decimal(whole)
    return f"{value:.1f}".replace(".", ",") + "%"


def upper(text: str) -> str:
    return text.upper()


def body_name(full_name: str) -> str:
    """ "Sở Thông tin và Truyền thông tỉnh Điện Biên" → "Sở Thông tin và Truyền thông"."""
    for marker in (" tỉnh ", " thành phố "):
        if marker in full_name:
            return full_name.split(marker)[0]
    return full_name


def abbreviation(full_name: str) -> str:
    """Initials for a number's symbol: "Sở Thông tin và Truyền thông" → "STTTT"."""
    words = [w for w in body_name(full_name).split() if w not in _SKIP_WORDS]
    return "".join(w[0] for w in words).upper()


def with_symbol(number: str, kind_symbol: str, issuer_name: str) -> str:
    """A number as entered ("45/QĐ-STTTT") or, when only digits were typed, completed."""
    number = number.strip()
    if "/" in number:
        return number
    return f"{number}/{kind_symbol}-{abbreviation(issuer_name)}"


#: the target the catalogue adds to an award's name to tell two forms apart; a document's
#: title and list say the award as the law names it
_TARGET_LABELS = (" (cá nhân)", " (tập thể)", " (Cá nhân)", " (Tập thể)")


def award_title(name: str) -> str:
    """ "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)" → "Bằng khen của Chủ tịch UBND tỉnh"."""
    for label in _TARGET_LABELS:
        if name.endswith(label):
            return name[: -len(label)]
    return name


def org_title(name: str) -> str:
    """An organisation as a document names it, without the note the directory keeps in
    parentheses: "Ban Thi đua – Khen thưởng tỉnh Điện Biên (Sở Nội vụ)" → "Ban Thi đua –
    Khen thưởng tỉnh Điện Biên"."""
    if name.endswith(")") and " (" in name:
        return name[: name.rindex(" (")]
    return name
