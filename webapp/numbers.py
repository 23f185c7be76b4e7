"""Integers from the request: URL ids, query parameters and form fields, bounded.

One place for the rule: ASCII digits only (`"²".isdigit()` is true and `int("²")` raises), and a
value a database INTEGER/BIGINT holds. A URL id that is not one matches no route (404); a bad
query or form value is a 400 naming the parameter, never a 500 from the driver.
"""

from __future__ import annotations

import re
from typing import overload

from flask import Flask, request
from werkzeug.routing import BaseConverter

from workflows.errors import N_, ValidationFailed

#: the largest id any table has room for (PostgreSQL BIGINT; SQLite's INTEGER is the same)
ID_MAX = 2**63 - 1
#: the years a page filters by (a proposal's year is checked again by its own rule)
YEAR_MIN, YEAR_MAX = 2000, 2100
#: pages of a list: far beyond any real list, small enough for an OFFSET
PAGE_MAX = 1_000_000
_DIGITS = re.compile(r"-?[0-9]{1,19}")


class IdConverter(BaseConverter):
    """A positive integer id that fits a database BIGINT; anything else does not match (404).

    Done by the regex alone: a converter that rejects in to_python makes Werkzeug answer 405.
    Registered as `id` and also as `int`, so a route written `<id:…>` is bounded all the same.
    """

    regex = r"[1-9][0-9]{0,17}"
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def register(app: Flask) -> None:
    """Before any blueprint adds its rules: converters are looked up when a rule is added."""
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["int"] = IdConverter


def parse_int(raw: str | None, minimum: int, maximum: int) -> int | None:
    """The integer written in `raw` when it lies in [minimum, maximum]; None otherwise."""
    raw = (raw or "").strip()
    if not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def _bad(name: str, minimum: int, maximum: int) -> ValidationFailed:
    wrong = N_("phải là số nguyên từ %(min)s đến %(max)s", min=minimum, max=maximum)
    return ValidationFailed("invalid_query_parameter", {name: wrong})


@overload
def query_int(name: str, default: int, minimum: int, maximum: int) -> int: ...
@overload
def query_int(name: str, default: None, minimum: int, maximum: int) -> int | None: ...
def query_int(name: str, default: int | None, minimum: int, maximum: int) -> int | None:
    """A query parameter: absent or empty gives `default`, anything else out of range a 400."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    value = parse_int(raw, minimum, maximum)
    if value is None:
        raise _bad(name, minimum, maximum)
    return value


@overload
def form_int(name: str, default: int, minimum: int, maximum: int) -> int: ...
@overload
def form_int(name: str, default: None, minimum: int, maximum: int) -> int | None: ...
def form_int(name: str, default: int | None, minimum: int, maximum: int) -> int | None:
    """A form field, as query_int; a 400 naming the field when it is not such a number."""
    raw = request.form.get(name, "").strip()
    if not raw:
        return default
    value = parse_int(raw, minimum, maximum)
    if value is None:
        wrong = N_("phải là số nguyên từ %(min)s đến %(max)s", min=minimum, max=maximum)
        raise ValidationFailed("invalid_form_field", {name: wrong})
    return value


def form_ids(name: str) -> list[int]:
    """Every value of a repeated id field; a 400 when one is not an id."""
    ids = []
    for raw in request.form.getlist(name):
        value = parse_int(raw, 1, ID_MAX)
        if value is None:
            wrong = N_("phải là số nguyên từ %(min)s đến %(max)s", min=1, max=ID_MAX)
            raise ValidationFailed("invalid_form_field", {name: wrong})
        ids.append(value)
    return ids
