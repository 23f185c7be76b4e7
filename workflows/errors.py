"""Domain errors: a stable code and a translatable message each, mapped to one HTTP status in one
place (webapp/errors.py).

A message is a `Text`: the Vietnamese text filled in (what `str()` gives, so the CLI and the logs
print it), plus the template and the values, so that the web layer can render the template from
the user's catalogue. `N_` builds one and marks the template for `pybabel extract -k N_`; keep the
values out of the template:

    raise NotFound("proposal_not_found", N_("Không tìm thấy hồ sơ số %(id)s", id=proposal_id))
    raise ValidationFailed("invalid_year", {"year": N_("phải là năm từ %(min)s", min=2000)})

The code is snake_case, names one situation and keeps one template; clients may rely on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


class Text(str):
    """A message: the Vietnamese text filled in, with its `template` and `params` kept."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        self = super().__new__(cls, template % params if params else template)
        self.template = template
        self.params = params
        return self

    def render(self, translate: Callable[[str], str]) -> str:
        """The text in the language of `translate` (a gettext); values that are `Text` too are
        translated as well."""
        if not self.params:
            return translate(self.template)
        values = {k: render(v, translate) for k, v in self.params.items()}
        return translate(self.template) % values

    def __reduce__(self):
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def N_(template: str, /, **params: Any) -> Text:
    """Marks `template` for the catalogue; the values fill it now (Vietnamese) and on rendering."""
    return Text(template, **params)


def render(text: Any, translate: Callable[[str], str]) -> Any:
    """`text` in the language of `translate` when it is a `Text`; any other value unchanged."""
    return text.render(translate) if isinstance(text, Text) else text


def _check_code(code: str) -> None:
    if not isinstance(code, str) or not CODE.match(code):
        raise TypeError(f"an error code is snake_case, not {code!r}")


class DomainError(Exception):
    """`code` names the situation for machines; `message` (a `Text`) says it to people."""

    status = 400

    def __init__(self, code: str, message: str, /):
        _check_code(code)
        text = message if isinstance(message, Text) else Text(message)
        super().__init__(str(text))
        self.code = code
        self.text = text

    @property
    def message(self) -> str:
        """The Vietnamese text (the default language), filled in."""
        return str(self.text)

    def render(self, translate: Callable[[str], str]) -> str:
        return self.text.render(translate)

    def __reduce__(self):
        # Not through __init__ again (its arguments are not `args`): the state as it is.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[DomainError], args: tuple, state: dict) -> DomainError:
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


#: the summary of a ValidationFailed when the raise site gives none
INVALID = N_("Dữ liệu không hợp lệ")


class ValidationFailed(DomainError):
    """Bad input; `fields` maps each offending field to what is wrong with it (a `Text`)."""

    status = 400

    def __init__(self, code: str, fields: Mapping[str, str], /, message: str = ""):
        text = message if isinstance(message, Text) else Text(message) if message else INVALID
        self.fields = dict(fields)
        super().__init__(code, text)
        # str(): the summary and each field, as the CLI and the logs print them.
        self.args = (self.render(lambda template: template),)

    @property
    def message(self) -> str:
        return self.args[0]

    def render(self, translate: Callable[[str], str]) -> str:
        return (
            self.text.render(translate)
            + ": "
            + "; ".join(f"{k}: {render(v, translate)}" for k, v in self.fields.items())
        )

    def render_fields(self, translate: Callable[[str], str]) -> dict[str, str]:
        return {k: render(v, translate) for k, v in self.fields.items()}


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    """The thing changed under the caller: already completed, claimed by another, stale."""

    status = 409
