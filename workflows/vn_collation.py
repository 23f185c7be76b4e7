"""Vietnamese alphabetical order, for lists of people, organisations and awards.

Code-point order puts "Đ" after "Z" and "Ă" after every plain letter; Vietnamese dictionaries
order the letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z, foreign,
in their Latin places), and compare tones only between words equal without them, in the order
no mark, huyền, hỏi, ngã, sắc, nặng; numbers compare by value ("Cụm số 2" before "Cụm số 10").
`sort_key` gives that order to Python's sort; neither SQLite nor a PostgreSQL cluster made with
the C locale can, so short lists (people, organisations, awards) are sorted after the query.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
#: combining marks that make a letter of their own: ă â ê ô ơ ư
_LETTER_MARKS = ("\u0306", "\u0302", "\u031b")
#: tone marks in dictionary order; no mark sorts before all of them
TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_RANK = {unicodedata.normalize("NFD", letter): rank for rank, letter in enumerate(ALPHABET)}
#: what a character sorts as: space and punctuation, then numbers, letters, other scripts
_GAP, _NUMBER, _LETTER, _OTHER = range(4)
_PARTS = re.compile(r"\d+|\D")


def _letters(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """(what each letter or number is, tone of each) of `text`; numbers compare by value."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for part in _PARTS.findall(text.lower()):
        tone = 0
        if part.isdigit():
            letters.append((_NUMBER, int(part)))
        elif part in ("đ", "ð"):
            letters.append((_LETTER, _RANK["đ"]))
        else:
            decomposed = unicodedata.normalize("NFD", part)
            base, marks = decomposed[0], decomposed[1:]
            letter = base + "".join(m for m in marks if m in _LETTER_MARKS)
            tone = next((TONES.index(m) + 1 for m in marks if m in TONES), 0)
            if letter in _RANK:
                letters.append((_LETTER, _RANK[letter]))
            elif base.isalpha():
                letters.append((_OTHER, ord(base)))
            else:
                letters.append((_GAP, 0))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(text: str | None) -> tuple:
    """Letters first, then tones, then the exact text (so equal keys mean equal strings)."""
    text = " ".join((text or "").split())
    letters, tones = _letters(text)
    return letters, tones, text


def person_key(full_name: str | None) -> tuple:
    """People by given name (the last word), then by the family and middle names, as in Vietnam."""
    words = (full_name or "").split()
    if not words:
        return sort_key("")
    return sort_key(words[-1]), sort_key(" ".join(words[:-1]))


def sorted_vi(items: Iterable[T], key: Callable[[T], str | None] = str) -> list[T]:
    return sorted(items, key=lambda item: sort_key(key(item)))
