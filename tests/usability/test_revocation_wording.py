"""One word for revoking an award, on every page and in every message: the Law's chapter on
handling violations annuls the decision ("hủy bỏ quyết định khen thưởng", DOMAIN.md) and
recovers the money and the objects ("thu hồi tiền thưởng, hiện vật"). "Thu hồi" alone for the
award, beside "hủy bỏ" in the service's messages, read as two different procedures."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: a translatable string: _("…"), _l("…"), N_("…"), with either quote
STRING = re.compile(r"""\b(?:_|_l|N_)\(\s*(['"])(.*?)\1""", re.S)
#: what "thu hồi" may still say: the money or the objects recovered, a token withdrawn
RECOVERED = ("tiền thưởng", "hiện vật", "token")


def _strings():
    for folder in ("webapp", "workflows"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html") and path.is_file():
                for match in STRING.finditer(path.read_text(encoding="utf-8")):
                    yield path.relative_to(ROOT), match.group(2)


def test_revoking_an_award_is_worded_as_the_law_words_it():
    wrong = [
        (str(path), text)
        for path, text in _strings()
        if "thu hồi" in text.lower() and not any(word in text.lower() for word in RECOVERED)
    ]
    assert wrong == []


def test_the_scan_reads_the_revocation_pages():
    found = [text for path, text in _strings() if "revocations" in str(path)]
    assert "Đề nghị hủy bỏ" in found and "Số tiền thưởng phải thu hồi" in found
