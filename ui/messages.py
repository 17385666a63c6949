"""API failures in plain Vietnamese for the people using the app."""

from __future__ import annotations

from ui.client import ApiError

_BY_STATUS = {
    401: "Cần khóa API để làm việc này: hãy nhập khóa ở trang Thư viện tài liệu.",
    403: "Khóa API không đúng: hãy kiểm tra lại khóa đã nhập.",
    404: "Không tìm thấy tài liệu này (có thể nó vừa bị xóa).",
    413: "Tệp quá lớn để tải lên.",
    429: "Máy chủ đang bận, hãy thử lại sau ít phút.",
}


def friendly(exc: ApiError) -> str:
    """A sentence a user can act on; the API's own message is kept for the other cases."""
    if exc.status in _BY_STATUS:
        return _BY_STATUS[exc.status]
    if exc.status is None:
        return f"Không kết nối được tới máy chủ. Hãy kiểm tra máy chủ đã chạy chưa. ({exc})"
    if exc.status >= 500:
        return f"Máy chủ gặp lỗi, hãy thử lại. ({exc})"
    return f"Yêu cầu chưa hợp lệ: {exc}"


UPLOAD_OUTCOME = {
    "indexed": "Đã thêm vào thư viện",
    "unchanged": "Đã có sẵn, không thay đổi",
    "failed": "Không thêm được",
}
