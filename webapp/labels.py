"""Labels for codes shown in pages, in the reader's language.

The Vietnamese text is the message id; each read translates it for the current request (no
request: the Vietnamese), so a dict built at import time still follows the user's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from flask_babel import get_locale, gettext

from models import AuditAction, CaseAction, ProposalStatus, RegistrationStatus, Stage, TaskState
from workflows.errors import render


def N_(text: str) -> str:
    """Marks text for the catalogue (pybabel extract) without translating it yet."""
    return text


class Labels(Mapping[str, str]):
    """code → label; every read translates."""

    def __init__(self, source: dict[str, str]):
        self._source = source

    def __getitem__(self, code: str) -> str:
        return gettext(self._source[code])

    def __iter__(self) -> Iterator[str]:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)


def translated(text: str | None) -> str:
    """Text that came from data (the diagram, workflows.process.forms): its catalogue entry, if
    any."""
    return gettext(text) if text else ""


def rendered(text) -> str:
    """A `workflows.errors.Text` (a message with its values) in the reader's language."""
    return str(render(text, gettext))


def in_reader_language(vietnamese: str, english: str) -> str:
    """One of two texts that come from data in both languages (a checklist item's label)."""
    return english if english and str(get_locale()) == "en" else vietnamese


def local_name(row) -> str:
    """An award's or a role's name in the reader's language (both tables keep an English name)."""
    english = getattr(row, "name_en", None)
    if english and str(get_locale()) == "en":
        return english
    return row.name_vi


def award_with_target(award) -> str:
    """The award's name with whom it is for, unless the name already says it (most names end in
    "(cá nhân)" / "(tập thể)"; repeating it read "(cá nhân) (Cá nhân)")."""
    name = local_name(award)
    target = TARGET.get(award.target)
    if not target or target.casefold() in name.casefold():
        return name
    return f"{name} ({target})"


STATUS = Labels(
    {
        ProposalStatus.DRAFT: N_("Đang soạn"),
        ProposalStatus.IN_REVIEW: N_("Đang xét duyệt"),
        ProposalStatus.RETURNED: N_("Bị trả lại để chỉnh sửa"),
        ProposalStatus.APPROVED: N_("Đã quyết định khen thưởng"),
        ProposalStatus.REJECTED: N_("Không được khen thưởng"),
    }
)
REGISTRATION_STATUS = Labels(
    {
        RegistrationStatus.OPEN: N_("Chờ đơn vị đăng ký"),
        RegistrationStatus.SUBMITTED: N_("Đã gửi, chờ duyệt"),
        RegistrationStatus.APPROVED: N_("Đã duyệt"),
        RegistrationStatus.RETURNED: N_("Trả lại"),
    }
)
STATUS_BADGE = {
    ProposalStatus.DRAFT: "secondary",
    ProposalStatus.IN_REVIEW: "primary",
    ProposalStatus.RETURNED: "warning",
    ProposalStatus.APPROVED: "success",
    ProposalStatus.REJECTED: "danger",
}
STAGE = Labels(
    {
        Stage.UNIT: N_("Cấp đơn vị"),
        Stage.DEPARTMENT: N_("Cấp Sở"),
        Stage.ENDORSEMENT: N_("Khối/Cụm thi đua"),
        Stage.PROVINCE: N_("Cấp tỉnh"),
    }
)
EVENT = Labels(
    {
        AuditAction.CREATED: N_("Lập hồ sơ"),
        AuditAction.EDITED: N_("Sửa hồ sơ"),
        AuditAction.SUBMITTED: N_("Nộp hồ sơ"),
        AuditAction.RESUBMITTED: N_("Nộp lại sau chỉnh sửa"),
        AuditAction.APPROVED: N_("Đồng ý, chuyển bước tiếp"),
        AuditAction.RETURNED: N_("Trả lại để chỉnh sửa"),
        AuditAction.REJECTED: N_("Từ chối"),
        AuditAction.DECIDED: N_("Quyết định khen thưởng"),
        AuditAction.CLAIMED: N_("Nhận xử lý"),
        AuditAction.RELEASED: N_("Trả lại hàng chờ"),
        AuditAction.ATTACHMENT_ADDED: N_("Đính kèm tệp"),
        AuditAction.ATTACHMENT_DELETED: N_("Xóa tệp đính kèm"),
        AuditAction.REMINDED: N_("Nhắc hạn xử lý"),
        AuditAction.OVERDUE: N_("Quá hạn xử lý"),
        # the councils' secret ballots (workflows.council.ballots)
        AuditAction.BALLOT_CAST: N_("Đã bỏ phiếu kín"),
        AuditAction.BALLOT_CLOSED: N_("Kiểm phiếu"),
        AuditAction.NO_QUORUM: N_("Hội đồng không đủ túc số, họp lại"),
        AuditAction.ORG_EVENT: N_("Chuyển theo sắp xếp tổ chức"),
        AuditAction.VERSION_MIGRATED: N_("Chuyển sang phiên bản quy trình mới"),
        # a lower award instead of a refusal (workflows.process.lowering)
        AuditAction.LOWERED: N_("Đã chuyển sang hình thức khen thưởng thấp hơn"),
        AuditAction.SPLIT_FROM: N_("Tách thành hồ sơ riêng"),
        # revocation of an award (workflows.revocation)
        AuditAction.REVOCATION_PROPOSED: N_("Đề nghị hủy bỏ khen thưởng"),
        AuditAction.REVOCATION_CHECKED: N_("Ban TĐKT thẩm định đề nghị hủy bỏ"),
        AuditAction.REVOKED: N_("Hủy bỏ quyết định khen thưởng"),
        AuditAction.REVOCATION_REFUSED: N_("Không chấp thuận hủy bỏ"),
    }
)
#: the audit trail of a case other than a proposal (workflows.cases)
CASE_ACTION = Labels(
    {
        # not "Mở hồ sơ": that is the bell's link to a proposal ("Open the proposal")
        CaseAction.STARTED: N_("Khởi tạo"),
        CaseAction.COMPLETED: N_("Xử lý bước"),
        CaseAction.REMINDED: N_("Nhắc hạn xử lý"),
        CaseAction.OVERDUE: N_("Quá hạn xử lý"),
        CaseAction.ENDED: N_("Kết thúc"),
    }
)
#: where a case stands: the states the case kinds name (their diagrams' steps and end events)
CASE_STATE = Labels(
    {
        "register_unit": N_("Chờ đơn vị đăng ký"),
        "approve_registration": N_("Chờ Thường trực duyệt"),
        "end_registration_approved": N_("Đã duyệt"),
        "end_registration_returned": N_("Trả lại"),
        # bpmn/revocation.bpmn
        "propose_by_unit": N_("Chờ đơn vị đề nghị hủy bỏ"),
        "propose_by_director": N_("Chờ Sở đề nghị hủy bỏ"),
        "board_check": N_("Chờ Ban TĐKT tỉnh kiểm tra"),
        "director_decide_revocation": N_("Chờ Giám đốc Sở quyết định hủy bỏ"),
        "chairman_decide_revocation": N_("Chờ Chủ tịch UBND tỉnh quyết định hủy bỏ"),
        "end_revoked": N_("Đã hủy bỏ"),
        "end_refused": N_("Không hủy bỏ"),
        "end_refused_board": N_("Ban TĐKT tỉnh không đồng ý hủy bỏ"),
        "propose_to_authority": N_("Chờ Ban TĐKT tỉnh đề nghị cấp đã quyết định"),
        "record_authority_revocation": N_("Chờ quyết định hủy bỏ của cấp có thẩm quyền"),
        # a bloc's year and a member's score round (workflows.blocs.case)
        "sign_pledge": N_("Chờ thành viên ký giao ước"),
        "open_scoring": N_("Chờ mở chấm điểm cuối năm"),
        "open_ballot": N_("Đang chấm điểm, chờ mở bỏ phiếu"),
        "cast_ballot": N_("Đang bỏ phiếu"),
        "close_ballot": N_("Chờ kết thúc bỏ phiếu"),
        "elect_heads": N_("Chờ bầu Trưởng, Phó khối năm sau"),
        "end_ranked": N_("Đã xếp hạng"),
        "self_score": N_("Chờ đơn vị tự chấm"),
        "cross_check": N_("Chờ chấm chéo"),
        "end_score_accepted": N_("Đã chấp nhận điểm"),
        "end_score_returned": N_("Điểm bị trả lại"),
    }
)
TASK_STATE = Labels(
    {
        TaskState.READY: N_("Đang chờ"),
        TaskState.COMPLETED: N_("Đã xử lý"),
        TaskState.CANCELLED: N_("Đã hủy"),
    }
)
TARGET = Labels({"person": N_("Cá nhân"), "collective": N_("Tập thể")})
GENDER = Labels({"male": N_("Nam"), "female": N_("Nữ")})
#: the choices of a step's fields (workflows.process.forms): how a dossier was sent upward
CHOICES = Labels(
    {
        "national_system": N_("Hệ thống hồ sơ điện tử (Bộ Nội vụ / Bộ quản lý ngành)"),
        "post": N_("Bưu chính"),
        "in_person": N_("Gửi trực tiếp"),
    }
)

#: Text that comes from the diagram and from workflows.process.forms, listed so that the catalogue
#: has
#: it; pages show it through `translated`. tests/usability checks that none is missing.
DATA_TEXT = (
    # workflows.process.forms: actions and the fields of the steps
    N_("Nộp hồ sơ"),
    N_("Đồng ý"),
    N_("Trả lại để chỉnh sửa"),
    N_("Từ chối"),
    N_("Ý kiến / lý do"),
    N_("Tổng số thành viên Hội đồng"),
    N_("Số thành viên có mặt"),
    N_("Số phiếu đồng ý"),
    N_("Số phiếu không đồng ý"),
    N_("Số quyết định"),
    N_("Ngày quyết định"),
    N_("Người ký"),
    N_("Số tờ trình"),
    N_("Ngày tờ trình"),
    N_("Ngày gửi hồ sơ"),
    N_("Cách gửi"),
    N_("Số hiệu gửi (mã hồ sơ điện tử, số vận đơn, số công văn)"),
    N_("Điểm chấm (thang 100)"),
    N_("Xếp hạng trong Khối/Cụm"),
    N_("Lý do chuyển tiếp dù không đạt tiêu chí"),
    N_("Chuyển tiếp dù không đạt tiêu chí"),
    # bpmn/proposal.bpmn: the user tasks and what each asks
    N_("Lập / chỉnh sửa hồ sơ đề nghị"),
    N_("Trưởng đơn vị ký xác nhận"),
    N_("Thường trực Hội đồng kiểm tra hồ sơ"),
    N_("Hội đồng TĐKT Sở bình xét"),
    N_("Giám đốc Sở quyết định khen thưởng"),
    N_("Giám đốc Sở ký tờ trình đề nghị"),
    N_("Khối/Cụm thi đua xét, suy tôn"),
    N_("Ban TĐKT tỉnh thẩm định"),
    N_("Hội đồng TĐKT tỉnh xét"),
    N_("Chủ tịch UBND tỉnh quyết định"),
    N_("Chủ tịch UBND tỉnh ký tờ trình lên cấp trên"),
    N_("Chờ quyết định cấp trên"),
    N_(
        "Ký tờ trình của UBND tỉnh, tải bộ hồ sơ (tờ trình, báo cáo thành tích, biên bản, "
        "tệp đính kèm, manifest.json) và ghi lại ngày, cách gửi, số hiệu gửi."
    ),
    N_("Ghi nhận quyết định của cấp trên khi nhận được; đính kèm văn bản quyết định."),
    N_(
        "Lập hoặc chỉnh sửa hồ sơ đề nghị (danh sách, báo cáo thành tích, biên bản bình xét, "
        "tài liệu kèm theo) rồi nộp."
    ),
    N_("Xem xét hồ sơ của đơn vị và ký xác nhận, trả lại để chỉnh sửa hoặc từ chối (nêu lý do)."),
    N_("Kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trả lại kèm lý do nếu cần bổ sung."),
    N_("Tổ chức bình xét, bỏ phiếu kín theo từng người/tập thể được đề nghị và ghi nhận kết quả."),
    N_("Ban hành quyết định khen thưởng thuộc thẩm quyền (ghi số, ngày quyết định)."),
    N_("Ký tờ trình đề nghị cấp trên khen thưởng đối với hình thức vượt thẩm quyền của Sở."),
    N_("Khối/Cụm thi đua chấm điểm, bình xét và suy tôn đơn vị dẫn đầu."),
    N_("Thẩm định hồ sơ (lấy ý kiến hiệp y khi cần) trong thời hạn quy định."),
    N_("Hội đồng TĐKT tỉnh xét và biểu quyết đối với Cờ thi đua, Chiến sĩ thi đua cấp tỉnh."),
    N_("Quyết định khen thưởng hoặc thông báo bằng văn bản lý do không khen thưởng."),
    # bpmn/registration.bpmn (workflows.cases: a registration)
    N_("Đăng ký thi đua"),
    N_("Đơn vị đăng ký thi đua"),
    N_("Thường trực tổng hợp, duyệt đăng ký thi đua"),
    N_(
        "Đăng ký danh hiệu thi đua tập thể đơn vị và từng cá nhân phấn đấu trong năm (xem gợi "
        "ý), rồi gửi trong hạn đăng ký."
    ),
    N_("Tổng hợp đăng ký thi đua của đơn vị; duyệt, hoặc trả lại kèm lý do để đơn vị đăng ký lại."),
    # bpmn/revocation.bpmn (workflows.cases: a revocation)
    N_("Hủy bỏ khen thưởng"),
    N_("Đơn vị trình khen đề nghị hủy bỏ"),
    N_("Giám đốc Sở đề nghị hủy bỏ"),
    N_("Ban TĐKT tỉnh kiểm tra đề nghị hủy bỏ"),
    N_("Giám đốc Sở quyết định hủy bỏ"),
    N_("Chủ tịch UBND tỉnh quyết định hủy bỏ"),
    N_("Kiểm tra lý do, căn cứ pháp lý và số tiền thưởng phải thu hồi."),
    N_("Ban TĐKT tỉnh đề nghị cấp đã quyết định hủy bỏ"),
    N_("Ban TĐKT tỉnh ghi nhận quyết định hủy bỏ của cấp có thẩm quyền"),
    N_(
        "Tỉnh đề nghị cơ quan đã quyết định khen thưởng hủy bỏ: lý do, căn cứ pháp lý, có trả "
        "lại sáng kiến hay không."
    ),
    N_(
        "Ghi nhận quyết định hủy bỏ nhận được từ cơ quan đã quyết định khen thưởng (số, ngày, "
        "người ký, văn bản đính kèm), hoặc ghi nhận cơ quan đó không hủy bỏ."
    ),
    N_("Người đã quyết định khen thưởng quyết định hủy bỏ (số, ngày quyết định) hoặc không."),
    N_(
        "Sở đã trình khen đề nghị Chủ tịch UBND tỉnh hủy bỏ quyết định khen thưởng: lý do, căn "
        "cứ pháp lý, có trả lại sáng kiến hay không."
    ),
    N_(
        "Đơn vị đã trình khen đề nghị hủy bỏ quyết định khen thưởng của Giám đốc Sở: lý do, căn "
        "cứ pháp lý, có trả lại sáng kiến hay không."
    ),
    # bpmn/bloc_scoring.bpmn, bpmn/bloc_score.bpmn (workflows.blocs.case)
    N_("Thành viên ký giao ước thi đua"),
    N_("Đọc giao ước và bảng tiêu chí chấm điểm của Khối/Cụm năm nay, rồi ký thay mặt đơn vị."),
    N_("Mở chấm điểm cuối năm"),
    N_(
        "Mọi thành viên đã ký giao ước: đến kỳ tổng kết, mở chấm điểm để các đơn vị tự chấm kèm"
        " minh chứng."
    ),
    N_("Mở bỏ phiếu khi mọi điểm đã chấm chéo"),
    N_(
        "Khi điểm tự chấm của mọi thành viên đã được chấm chéo và chấp nhận, mở bỏ phiếu kín "
        "tại hội nghị tổng kết của Khối/Cụm."
    ),
    N_("Khối họp, thành viên bỏ phiếu kín"),
    N_(
        "Bỏ phiếu kín: với từng đơn vị thành viên chọn đồng ý hoặc không đồng ý với thứ hạng; "
        'không dự họp thì chọn "không tham dự". Chỉ số phiếu được công bố.'
    ),
    N_("Kết thúc bỏ phiếu, xếp hạng, suy tôn"),
    N_(
        "Kết thúc bỏ phiếu: kiểm túc số và tỷ lệ đồng ý theo quy chế, xếp hạng (phân định khi "
        "bằng điểm theo thứ tự của quy chế) và suy tôn đơn vị dẫn đầu vào bước suy tôn của hồ "
        "sơ đề nghị."
    ),
    N_("Bầu Trưởng, Phó khối năm sau"),
    N_("Ghi kết quả bầu đơn vị Trưởng khối và Phó khối năm sau tại hội nghị tổng kết."),
    N_("Thành viên tự chấm điểm, kèm minh chứng"),
    N_(
        "Tự chấm điểm của đơn vị theo từng dòng của bảng tiêu chí, kèm minh chứng (văn bản, tệp"
        " đính kèm) nơi bảng yêu cầu."
    ),
    N_("Chấm chéo điểm tự chấm"),
    N_(
        "Kiểm tra điểm tự chấm và minh chứng của đơn vị; chấp nhận, hoặc trả lại kèm lý do để "
        "đơn vị chấm lại."
    ),
    N_("Năm thi đua của Khối/Cụm"),
    N_("Chấm điểm thi đua Khối/Cụm"),
    # the councils' secret ballots
    N_("Bỏ phiếu"),
    N_("Không tham dự"),
    N_(
        "Bỏ phiếu kín: với từng người/tập thể được đề nghị chọn đồng ý hoặc không đồng ý; "
        'không dự họp thì chọn "không tham dự". Chỉ kết quả kiểm phiếu được công bố.'
    ),
    N_(
        "Bỏ phiếu kín đối với Cờ thi đua, Chiến sĩ thi đua cấp tỉnh: với từng đối tượng chọn "
        'đồng ý hoặc không đồng ý, hoặc "không tham dự". Chỉ kết quả kiểm phiếu được công bố.'
    ),
)
