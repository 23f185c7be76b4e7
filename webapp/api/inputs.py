"""Reading request bodies and query parameters; every problem names the field concerned."""

from __future__ import annotations

import json
import re

from flask import request

from webapp.numbers import query_int  # noqa: F401  (the API's modules import it from here)
from workflows.errors import N_, ValidationFailed

#: nested deeper than this, a body is not a proposal but an attack on the parser
_DEPTH_ERROR = (RecursionError, MemoryError)


def _reject_constant(name: str):
    raise ValueError(f"{name} không phải là số JSON hợp lệ")


def json_body(required: bool = True) -> dict:
    """The request body as a JSON object; 400 naming `body` when it is anything else."""
    raw = request.get_data(cache=True)  # raises 413 above MAX_CONTENT_LENGTH
    if not raw.strip():
        if required:
            wrong = N_("cần một đối tượng JSON trong thân yêu cầu")
            raise ValidationFailed("body_required", {"body": wrong})
        return {}
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise ValidationFailed("body_not_utf8", {"body": N_("phải được mã hóa UTF-8")}) from None
    except ValueError as exc:
        wrong = N_("không phải JSON hợp lệ (%(reason)s)", reason=str(exc))
        raise ValidationFailed("body_not_json", {"body": wrong}) from None
    except _DEPTH_ERROR:
        raise ValidationFailed("body_too_deep", {"body": N_("JSON lồng nhau quá sâu")}) from None
    if not isinstance(data, dict):
        wrong = N_("phải là một đối tượng JSON ({...}), không phải mảng/giá trị")
        raise ValidationFailed("body_not_object", {"body": wrong})
    unstorable = _unstorable_text(data)
    if unstorable is not None:
        wrong = N_("chứa ký tự không hợp lệ (NUL hoặc UTF-16 lẻ cặp)")
        raise ValidationFailed("unstorable_text", {unstorable: wrong})
    return data


#: what no database column can hold: NUL (PostgreSQL) and lone surrogates (UTF-8 of neither)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable_text(data: dict) -> str | None:
    """The path (e.g. `nominees[0].name`) of the first string that cannot be stored, or None.

    Walked with a stack, not recursion: the body may be nested as deep as the parser allowed.
    """
    stack: list[tuple[str | None, object]] = [(None, data)]  # None: the body itself
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                return path or "body"
        elif isinstance(value, dict):
            for key, item in value.items():
                if _UNSTORABLE.search(key):
                    return path or "body"
                stack.append((key if path is None else f"{path}.{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{path or 'body'}[{i}]", item) for i, item in enumerate(value))
    return None


def optional_str(data: dict, key: str, max_length: int = 255) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationFailed("not_a_string", {key: N_("phải là chuỗi ký tự")})
    if len(value) > max_length:
        raise _too_long(key, max_length)
    return value


def query_choice(name: str, choices) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if raw not in choices:
        wrong = N_("phải là một trong: %(choices)s", choices=", ".join(choices))
        raise ValidationFailed("invalid_query_parameter", {name: wrong})
    return raw


def query_str(name: str, max_length: int = 64) -> str | None:
    raw = request.args.get(name, "").strip()
    if len(raw) > max_length:
        raise _too_long(name, max_length)
    return raw or None


def _too_long(name: str, max_length: int) -> ValidationFailed:
    return ValidationFailed("too_long", {name: N_("dài quá %(max)s ký tự", max=max_length)})
