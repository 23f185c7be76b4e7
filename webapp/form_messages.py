"""WTForms' and Flask-WTF's own messages in the project's catalogue.

WTForms ships no Vietnamese, and its English would show in a Vietnamese page ("This field is
required."). Every form of the project reads its messages through `CATALOGUE` (the forms'
`Meta.get_translations`, webapp.forms): each English message is mapped to a Vietnamese message
id of our catalogue, translated for the reader. A message not listed here is shown as WTForms
wrote it; tests/usability walks the forms to find such leftovers.
"""

from __future__ import annotations

from flask_babel import gettext

from webapp.labels import N_

#: WTForms' English message → our Vietnamese message id (the values keep WTForms' placeholders)
MESSAGES: dict[str, str] = {
    "This field is required.": N_("Trường này là bắt buộc."),
    "Invalid input.": N_("Giá trị không hợp lệ."),
    "Not a valid choice.": N_("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": N_("Lựa chọn không hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.": N_(
        "Có lựa chọn không hợp lệ."
    ),
    "Not a valid integer value.": N_("Phải là một số nguyên."),
    "Not a valid decimal value.": N_("Phải là một số."),
    "Not a valid float value.": N_("Phải là một số."),
    "Not a valid date value.": N_("Ngày không hợp lệ (dd/mm/yyyy)."),
    "Not a valid datetime value.": N_("Thời điểm không hợp lệ."),
    "Not a valid time value.": N_("Giờ không hợp lệ."),
    "Number must be at least %(min)s.": N_("Số phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": N_("Số không được lớn hơn %(max)s."),
    "Number must be between %(min)s and %(max)s.": N_("Số phải trong khoảng %(min)s đến %(max)s."),
    "Field must be between %(min)d and %(max)d characters long.": N_(
        "Phải dài từ %(min)d đến %(max)d ký tự."
    ),
    "Invalid email address.": N_("Địa chỉ thư điện tử không hợp lệ."),
    "Invalid value, must be one of: %(values)s.": N_("Giá trị phải là một trong: %(values)s."),
    "Invalid value, can't be any of: %(values)s.": N_("Giá trị không được là: %(values)s."),
    "Field must be equal to %(other_name)s.": N_("Phải trùng với trường %(other_name)s."),
    "This field cannot be edited.": N_("Trường này không sửa được."),
    "This field is disabled and cannot have a value.": N_(
        "Trường này bị khoá, không nhận giá trị."
    ),
    # The form-level CSRF field (the application's CSRFProtect answers first: webapp.errors).
    "Invalid CSRF Token.": N_("Mã bảo vệ biểu mẫu không hợp lệ; hãy tải lại trang."),
    "CSRF token missing.": N_("Thiếu mã bảo vệ biểu mẫu; hãy tải lại trang."),
    "CSRF failed.": N_("Mã bảo vệ biểu mẫu không hợp lệ; hãy tải lại trang."),
    "CSRF token expired.": N_("Mã bảo vệ biểu mẫu đã hết hạn; hãy tải lại trang."),
    "The CSRF token is missing.": N_("Thiếu mã bảo vệ biểu mẫu; hãy tải lại trang."),
    "The CSRF session token is missing.": N_(
        "Phiên làm việc đã hết hạn; hãy đăng nhập lại rồi gửi lại biểu mẫu."
    ),
    "The CSRF token has expired.": N_("Mã bảo vệ biểu mẫu đã hết hạn; hãy tải lại trang."),
    "The CSRF token is invalid.": N_("Mã bảo vệ biểu mẫu không hợp lệ; hãy tải lại trang."),
    "The CSRF tokens do not match.": N_("Mã bảo vệ biểu mẫu không khớp; hãy tải lại trang."),
    "The referrer header is missing.": N_("Trình duyệt không gửi trang nguồn (Referer)."),
    "The referrer does not match the host.": N_("Trang nguồn không thuộc trang web này."),
}

#: singular form of a plural message → our message id (Vietnamese has one form)
PLURALS: dict[str, str] = {
    "Field cannot be longer than %(max)d character.": N_("Không được dài quá %(max)d ký tự."),
    "Field must be at least %(min)d character long.": N_("Phải dài ít nhất %(min)d ký tự."),
    "Field must be exactly %(max)d character long.": N_("Phải dài đúng %(max)d ký tự."),
    "'%(value)s' is not a valid choice for this field.": N_(
        "'%(value)s' không phải lựa chọn hợp lệ của trường này."
    ),
}


def translate(message: str) -> str:
    """A WTForms/Flask-WTF message (as written in English) in the reader's language."""
    vi = MESSAGES.get(str(message))
    return gettext(vi) if vi else str(message)


class CatalogueTranslations:
    """The translations object WTForms asks for: gettext and ngettext over our catalogue."""

    def gettext(self, string: str) -> str:
        return translate(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        vi = PLURALS.get(singular)
        if vi:
            return gettext(vi)
        return translate(singular if n == 1 else plural)


CATALOGUE = CatalogueTranslations()
