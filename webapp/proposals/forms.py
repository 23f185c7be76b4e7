"""The proposal form: award, year, title, summary and a list of nominees."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from models.proposal import NAME_MAX, SUMMARY_MAX, TITLE_MAX
from workflows.proposals import ACHIEVEMENTS_MAX

BLANK_ROWS = 3


class NomineeForm(Form):
    name = StringField("Họ tên / tên tập thể", validators=[Optional(), Length(max=NAME_MAX)])
    job_title = StringField("Chức vụ", validators=[Optional(), Length(max=NAME_MAX)])
    unit_name = StringField("Đơn vị công tác", validators=[Optional(), Length(max=255)])
    gender = SelectField(
        "Giới tính",
        choices=[SelectChoice("", "—"), SelectChoice("male", "Nam"), SelectChoice("female", "Nữ")],
        default="",
    )
    achievements = TextAreaField(
        "Tóm tắt thành tích", validators=[Optional(), Length(max=ACHIEVEMENTS_MAX)]
    )

    def is_blank(self) -> bool:
        texts = ("name", "job_title", "unit_name", "achievements")
        return not any((getattr(self, f).data or "").strip() for f in texts)


class ProposalForm(FlaskForm):
    org = SelectField("Đơn vị lập hồ sơ", choices=[], validate_choice=False)
    award_code = SelectField("Loại khen thưởng", choices=[], validators=[InputRequired()])
    year = IntegerField(
        "Năm xét khen thưởng",
        default=lambda: date.today().year,
        validators=[InputRequired(), NumberRange(2000, 2100)],
    )
    title = StringField("Tiêu đề hồ sơ", validators=[InputRequired(), Length(max=TITLE_MAX)])
    summary = TextAreaField(
        "Tóm tắt thành tích của hồ sơ", validators=[InputRequired(), Length(max=SUMMARY_MAX)]
    )
    nominees = FieldList(FormField(NomineeForm), min_entries=BLANK_ROWS)
    add_row = SubmitField("Thêm dòng")
    save = SubmitField("Lưu nháp")
    save_submit = SubmitField("Lưu và nộp hồ sơ")

    def payload(self) -> tuple[dict, list[int]]:
        """The service's input, and for each nominee sent the index of its row in the form."""
        rows, index_map = [], []
        for i, entry in enumerate(self.nominees.entries):
            if entry.form.is_blank():
                continue
            rows.append({k: v for k, v in entry.form.data.items() if k != "csrf_token"})
            index_map.append(i)
        data = {
            "award_code": self.award_code.data,
            "year": self.year.data,
            "title": self.title.data or "",
            "summary": self.summary.data or "",
            "nominees": rows,
        }
        if self.org.data:
            data["org"] = self.org.data
        return data, index_map
