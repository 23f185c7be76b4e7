"""Filling nominee rows on the server: picked from the unit's people or pasted from a sheet.

No JavaScript is needed: the button posts the form, the rows are filled here and the same form
comes back with everything typed so far kept.
"""

from __future__ import annotations

from flask_babel import gettext as _
from wtforms import SelectChoice

from models import Organisation
from webapp.extensions import db
from webapp.proposals import paste
from webapp.proposals.forms import ProposalForm
from workflows.proposals.body import NOMINEES_MAX
from workflows.proposals.unit_people import Person, people_of, pick


def people_for(units: list[Organisation]) -> dict[int, list[Person]]:
    return {unit.id: people_of(db.session, unit) for unit in units}


def offer_people(form: ProposalForm, units: list[Organisation], people: dict) -> None:
    """The picker's choices: one group per unit when the user files for several."""
    blank = [SelectChoice("", _("— chọn một người —"))]

    def options(unit):
        return [SelectChoice(p.key, _label(p)) for p in people.get(unit.id, [])]

    if len(units) > 1:
        form.pick_person.choices = {"": blank, **{u.short_name: options(u) for u in units}}
    else:
        form.pick_person.choices = blank + (options(units[0]) if units else [])


def _label(person: Person) -> str:
    details = ", ".join(x for x in (person.job_title, person.unit_name) if x)
    return f"{person.name} ({details})" if details else person.name


def add_picked(form: ProposalForm, people: dict) -> None:
    everyone = [p for group in people.values() for p in group]
    person = pick(everyone, form.pick_person.data)
    if person is None:
        form.pick_person.errors = [_("Hãy chọn một người trong danh sách.")]
        return
    _put(form, [person.as_row()])
    form.pick_person.data = ""


def add_pasted(form: ProposalForm) -> None:
    free = NOMINEES_MAX - sum(1 for e in form.nominees.entries if not e.form.is_blank())
    result = paste.parse(form.paste.data or "", limit=max(free, 0))
    _put(form, result.rows)
    form.paste.data = "\n".join(result.rejected)
    form.paste.errors = result.errors
    if not result.rows and not result.errors:
        form.paste.errors = [_("Chưa có dòng nào để thêm.")]


def _put(form: ProposalForm, rows: list[dict]) -> None:
    """Each row into the first blank row of the form, or a new one; one blank row stays last."""
    blanks = [e for e in form.nominees.entries if e.form.is_blank()]
    for row in rows:
        if blanks:
            entry = blanks.pop(0)
            for key, value in row.items():
                getattr(entry.form, key).data = value
        else:
            form.nominees.append_entry(row)
    if not any(e.form.is_blank() for e in form.nominees.entries):
        form.nominees.append_entry()
