"""The base of every form of the project: messages from our catalogue (webapp.form_messages),
and the typing given back after a login that a lost session forced (webapp.form_stash)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form

from webapp import form_stash
from webapp.form_messages import CATALOGUE


class CatalogueMeta:
    """For sub-forms (FormField), which do not inherit their parent form's Meta."""

    def get_translations(self, form):
        return CATALOGUE


class SubForm(Form):
    class Meta(CatalogueMeta):
        pass


class TdktForm(FlaskForm):
    class Meta(CatalogueMeta):
        def wrap_formdata(self, form, formdata):
            # A GET of the page a stash was kept for: the fields as the user typed them.
            restored = form_stash.restored()
            if restored is not None and not form_stash.posted():
                return restored
            return super().wrap_formdata(form, formdata)  # type: ignore[misc]
