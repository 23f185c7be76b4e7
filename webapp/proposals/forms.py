"""The proposal form: award, year, title, summary and a list of nominees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from models.proposal import NAME_MAX, SUMMARY_MAX, TITLE_MAX
from webapp.forms import SubForm, TdktForm
from workflows import plain_text
from workflows.awards.procedure import simplified_cases
from workflows.proposals.body import ACHIEVEMENTS_MAX

BLANK_ROWS = 3


class NomineeForm(SubForm):
    name = StringField(_l("Họ tên / tên tập thể"), validators=[Optional(), Length(max=NAME_MAX)])
    job_title = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=NAME_MAX)])
    unit_name = StringField(_l("Đơn vị công tác"), validators=[Optional(), Length(max=255)])
    gender = SelectField(
        _l("Giới tính"),
        choices=[
            SelectChoice("", "—"),
            SelectChoice("male", _l("Nam")),
            SelectChoice("female", _l("Nữ")),
        ],
        default="",
    )
    achievements = TextAreaField(
        _l("Tóm tắt thành tích"), validators=[Optional(), Length(max=ACHIEVEMENTS_MAX)]
    )
    is_leader = BooleanField(_l("Cán bộ lãnh đạo, quản lý"))
    #: the account of a person picked from the unit's list, so they never review themselves
    username = HiddenField(validators=[Optional(), Length(max=64)])

    TEXTS = ("name", "job_title", "unit_name", "achievements")

    def is_blank(self) -> bool:
        return not any((getattr(self, f).data or "").strip() for f in self.TEXTS)


#: choice values of the movement select that are not movement codes
MOVEMENT_AUTO, MOVEMENT_NONE = "", "-"


class ProposalForm(TdktForm):
    org = SelectField(_l("Đơn vị lập hồ sơ"), choices=[], validate_choice=False)
    movement = SelectField(_l("Phong trào thi đua"), choices=[], validate_choice=False)
    #: thủ tục đơn giản (workflows.awards.procedure): awards that allow it, not bound by the
    #: deadline
    procedure = SelectField(
        _l("Thủ tục"),
        choices=[
            SelectChoice("normal", _l("Thông thường")),
            SelectChoice("simplified", _l("Đơn giản (khen thưởng thành tích đột xuất)")),
        ],
        default="normal",
        description=_l(
            "Thủ tục đơn giản chỉ dùng cho Giấy khen, Bằng khen khen thưởng thành tích đột xuất; "
            "hồ sơ theo thủ tục này không bị giới hạn bởi hạn nộp của phong trào."
        ),
    )
    #: the case of Law Art. 85 a simplified proposal relies on (data/simplified_cases.json)
    simplified_case = SelectField(
        _l("Trường hợp áp dụng thủ tục đơn giản"),
        choices=lambda: [
            SelectChoice("", "—"),
            *(SelectChoice(c.code, c.label_vi) for c in simplified_cases()),
        ],
        default="",
        validate_choice=False,
        description=_l("Bắt buộc khi chọn thủ tục đơn giản (Luật Thi đua, khen thưởng, Điều 85)."),
    )
    award_code = SelectField(_l("Loại khen thưởng"), choices=[], validators=[InputRequired()])
    year = IntegerField(
        _l("Năm xét khen thưởng"),
        default=lambda: date.today().year,
        validators=[InputRequired(), NumberRange(2000, 2100)],
    )
    title = StringField(_l("Tiêu đề hồ sơ"), validators=[InputRequired(), Length(max=TITLE_MAX)])
    summary = TextAreaField(
        _l("Tóm tắt thành tích của hồ sơ"), validators=[InputRequired(), Length(max=SUMMARY_MAX)]
    )
    nominees = FieldList(FormField(NomineeForm), min_entries=BLANK_ROWS)
    add_row = SubmitField(_l("Thêm dòng"))
    #: a person of the unit (workflows.proposals.unit_people) whose row is filled on the server
    pick_person = SelectField(
        _l("Chọn người trong đơn vị"), choices=[], validate_choice=False, default=""
    )
    add_person = SubmitField(_l("Thêm người đã chọn"))
    #: rows copied from a spreadsheet (webapp.proposals.paste)
    paste = TextAreaField(
        _l("Dán từ bảng tính"),
        description=_l(
            "Mỗi dòng một người, các cột cách nhau bằng Tab: Họ tên, Chức vụ, Đơn vị, "
            "Giới tính (Nam/Nữ), Lãnh đạo (Có hoặc để trống)."
        ),
        validators=[Optional(), Length(max=50_000)],
    )
    add_pasted = SubmitField(_l("Thêm các dòng đã dán"))
    #: checked by workflows.proposals.attachments (type by extension and content, size), not here
    attachments = MultipleFileField(_l("Hồ sơ đính kèm (biên bản, báo cáo thành tích, bản chụp)"))
    #: set once the nominator has seen the proposals this one may repeat (webapp.proposals)
    confirm_duplicate = BooleanField(
        _l("Tôi đã xem các hồ sơ trên; vẫn lập hồ sơ này (không phải bản trùng).")
    )
    save = SubmitField(_l("Lưu nháp"))
    save_submit = SubmitField(_l("Lưu và nộp hồ sơ"))

    #: the unit's proposals this one may repeat, found when it is filed (webapp.proposals)
    duplicates: Sequence = ()

    def adds_rows(self) -> bool:
        """A button that only changes the list of rows: the form comes back, nothing is saved."""
        return bool(self.add_row.data or self.add_person.data or self.add_pasted.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # A control character passes every length check, but no PostgreSQL column takes NUL
        # and no spreadsheet cell \x01; a text area may hold line ends and tabs.
        texts = [self.title, self.summary]
        names = (*NomineeForm.TEXTS, "username")
        texts += [getattr(e.form, n) for e in self.nominees.entries for n in names]
        for field in texts:
            code = plain_text.bad_character(field.data or "", isinstance(field, TextAreaField))
            if code is not None:
                wrong = _l(
                    "%(field)s có ký tự điều khiển không được phép (%(code)s).",
                    field=field.label.text,
                    code=code,
                )
                field.errors = [*field.errors, wrong]
                valid = False
        return valid

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
        data["procedure"] = self.procedure.data or "normal"
        data["simplified_case"] = self.simplified_case.data or None
        # Automatic leaves the key out, so the service picks the one open movement of the year.
        if self.movement.data == MOVEMENT_NONE:
            data["movement"] = None
        elif self.movement.data:
            data["movement"] = self.movement.data
        return data, index_map
