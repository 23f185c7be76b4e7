"""The form of a review step, built from the step's field list (workflows.process.forms)."""

from __future__ import annotations

from flask_babel import gettext as _
from wtforms import IntegerField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from webapp.forms import TdktForm
from webapp.labels import translated
from workflows.process.forms import ACTION_LABELS, Field, fields_for


def step_form(
    form_name: str,
    actions: list[str],
    formdata=None,
    defaults: dict | None = None,
    fields: tuple[Field, ...] | None = None,
) -> TdktForm:
    """A WTForms class per step; the service validates again, this gives labels and hints.

    `defaults`: values a field starts with (the signer, today's date) when the step is shown;
    `fields`: the step's fields when not the proposal's form's (a case's: workflows.cases)."""
    defaults = defaults or {}

    class StepForm(TdktForm):
        pass

    StepForm.action = RadioField(
        _("Ý kiến xử lý"),
        choices=[SelectChoice(a, translated(ACTION_LABELS.get(a, a))) for a in actions],
        default=actions[0] if len(actions) == 1 else None,
    )
    for f in fields if fields is not None else fields_for(form_name):
        label = translated(f.label)
        when = ", ".join(translated(ACTION_LABELS.get(a, a)).lower() for a in f.required_for)
        hint = " (" + _("bắt buộc khi %(actions)s", actions=when) + ")" if f.required_for else ""
        if f.type == "integer":
            validators = [Optional(), NumberRange(f.minimum, f.maximum)]
            field = IntegerField(label, validators=validators, description=hint.strip(" ()"))
        elif f.type == "text":
            field = TextAreaField(
                label,
                validators=[Optional(), Length(max=f.max_length)],
                description=hint.strip(" ()"),
            )
        elif f.type == "date":
            # The browser's own date picker; it posts yyyy-mm-dd, which parse_date reads.
            field = StringField(
                label,
                validators=[Optional()],
                description=hint.strip(" ()"),
                default=defaults.get(f.name),
                render_kw={"type": "date"},
            )
        else:
            field = StringField(
                label,
                validators=[Optional(), Length(max=f.max_length)],
                description=hint.strip(" ()"),
                default=defaults.get(f.name),
            )
        setattr(StepForm, f.name, field)
    return StepForm(formdata=formdata)


def payload_of(form: TdktForm, form_name: str, fields: tuple[Field, ...] | None = None) -> dict:
    data = {"action": form.action.data}
    for f in fields if fields is not None else fields_for(form_name):
        value = getattr(form, f.name).data
        if value is not None and value != "":
            data[f.name] = value
    return data
