"""The forms of a revocation's three steps; the service validates again, these give labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FileField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Length, Optional

from webapp.forms import TdktForm
from workflows.revocation.inputs import BASIS_MAX, NUMBER_MAX, REASON_MAX


class ProposeForm(TdktForm):
    reason = TextAreaField(_l("Lý do hủy bỏ"), validators=[Length(max=REASON_MAX)])
    legal_basis = TextAreaField(_l("Căn cứ pháp lý"), validators=[Length(max=BASIS_MAX)])
    release_initiatives = BooleanField(_l("Sáng kiến đã dùng cho khen thưởng này được dùng lại"))


class CheckForm(TdktForm):
    action = RadioField(
        _l("Ý kiến xử lý"),
        choices=[SelectChoice("approve", _l("Đồng ý")), SelectChoice("reject", _l("Không đồng ý"))],
    )
    comment = TextAreaField(
        _l("Ý kiến (bắt buộc khi không đồng ý)"),
        validators=[Optional(), Length(max=REASON_MAX)],
    )


class DecideForm(CheckForm):
    decision_no = StringField(
        _l("Số quyết định hủy bỏ"), validators=[Optional(), Length(max=NUMBER_MAX)]
    )
    # The browser's date picker posts yyyy-mm-dd; the service also reads dd/mm/yyyy.
    decision_date = StringField(_l("Ngày quyết định (dd/mm/yyyy)"), validators=[Optional()])


class RecordForm(DecideForm):
    """The revoking decision received from the authority that decided the award."""

    decision_signer = StringField(_l("Người ký"), validators=[Optional(), Length(max=255)])
    document = FileField(_l("Văn bản quyết định hủy bỏ (PDF, ảnh chụp)"))
