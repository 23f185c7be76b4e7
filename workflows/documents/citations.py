"""What a document may print of the rule data: each legal act cited once, no internal remarks.

The rule data is written for staff: "Nghị định 152/2025/NĐ-CP, Điều 54 — giữ mức của Nghị
định 98/2023, chưa đối chiếu văn bản" tells a clerk what is unverified, and the admin pages show
it. A signed document must not: it cites the act by its title (workflows/data/legal_acts.json),
once however many rules name it, and the remarks stay out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from workflows.reference import DATA_DIR

#: "06/2022/QH15", "152/2025/NĐ-CP": the number and symbol of a legal act
_NUMBER = re.compile(r"\b\d+/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*")
#: the words naming the kind of act just before its number ("Nghị định 24/2023/NĐ-CP")
_KIND_BEFORE = re.compile(r"(Luật|Nghị định|Thông tư|Quyết định|Nghị quyết)(?:\s+[^\s,;]+)?\s*$")
#: the data writes a remark for staff after an em dash, up to the next ";" or parenthesis
_DASHED_REMARK = re.compile(r"\s+—\s+[^;()]*")
_REMARK_WORDS = (
    "chưa đối chiếu",
    "chờ văn bản",
    "theo thông tin báo chí",
    "chưa được xác nhận",
    "chưa xác nhận",
)
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")


@dataclass(frozen=True)
class Act:
    number: str
    citation: str
    valid_from: date | None
    valid_to: date | None
    order: int

    def citable_on(self, day: date) -> bool:
        # A repealed act is not cited by a document dated after its repeal.
        return self.valid_to is None or day <= self.valid_to


@cache
def acts() -> dict[str, Act]:
    rows = json.loads((DATA_DIR / "legal_acts.json").read_text(encoding="utf-8"))["acts"]
    return {
        row["number"]: Act(
            row["number"],
            row["citation"],
            date.fromisoformat(row["valid_from"]) if row.get("valid_from") else None,
            date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
            int(row.get("order", 9)),
        )
        for row in rows
    }


def printable(text: str) -> str:
    """The text without the remarks meant for staff ("chưa đối chiếu văn bản", "theo thông
    tin báo chí, chờ văn bản chính thức", "(quy định chưa được xác nhận)")."""
    text = _DASHED_REMARK.sub("", text)

    def keep(match: re.Match[str]) -> str:
        inner = match.group(1).lower()
        return "" if any(word in inner for word in _REMARK_WORDS) else match.group(0)

    text = _PARENTHESES.sub(keep, text)
    return text.strip().rstrip(",;")


def bases(texts: list[str], day: date, kept: tuple[str, ...] = ()) -> list[str]:
    """ "Căn cứ …;" lines: every act the texts name, each once, the Law first.

    An act the data does not know is cited by the words the text uses for it; a text that
    names no act (an unconfirmed base salary, say) gives no line. The acts `kept` names are
    cited even after their repeal: the proposal's rule set rests on them (a dossier received
    before 1/7/2025 is decided under Decree 98/2023 by Decree 152/2025's transitional rule).
    """
    known = acts()
    found: dict[str, tuple[int, str]] = {}
    still = {m.group(0) for text in kept for m in _NUMBER.finditer(printable(text))}
    for text in [*texts, *kept]:
        text = printable(text)
        for match in _NUMBER.finditer(text):
            number = match.group(0)
            if number in found:
                continue
            act = known.get(number)
            if act is not None:
                if act.citable_on(day) or number in still:
                    found[number] = (act.order, act.citation)
                continue
            kind = _KIND_BEFORE.search(text[: match.start()])
            found[number] = (9, f"{kind.group(1)} số {number}" if kind else number)
    ordered = sorted(found.values(), key=lambda pair: pair[0])
    return [f"Căn cứ {citation};" for _, citation in ordered]
