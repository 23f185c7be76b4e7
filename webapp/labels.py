"""Vietnamese labels for codes shown in pages."""

STATUS = {
    "draft": "Đang soạn",
    "in_review": "Đang xét duyệt",
    "returned": "Bị trả lại để chỉnh sửa",
    "approved": "Đã quyết định khen thưởng",
    "rejected": "Không được khen thưởng",
}
STATUS_BADGE = {
    "draft": "secondary",
    "in_review": "primary",
    "returned": "warning",
    "approved": "success",
    "rejected": "danger",
}
STAGE = {
    "unit": "Cấp đơn vị",
    "department": "Cấp Sở",
    "endorsement": "Khối/Cụm thi đua",
    "province": "Cấp tỉnh",
}
EVENT = {
    "created": "Lập hồ sơ",
    "edited": "Sửa hồ sơ",
    "submitted": "Nộp hồ sơ",
    "resubmitted": "Nộp lại sau chỉnh sửa",
    "approved": "Đồng ý, chuyển bước tiếp",
    "returned": "Trả lại để chỉnh sửa",
    "rejected": "Từ chối",
    "decided": "Quyết định khen thưởng",
    "claimed": "Nhận xử lý",
    "released": "Trả lại hàng chờ",
}
TARGET = {"person": "Cá nhân", "collective": "Tập thể"}
GENDER = {"male": "Nam", "female": "Nữ"}
