"""Crawled Markdown becomes plain text: headings become sections, syntax never reaches a quote."""

from __future__ import annotations

import json

import pytest

from ingest.builder import build_document
from ingest.loaders import RawDocument
from ingest.markdown import inline_text, markdown_to_lines
from ingest.sections import decode_sections, section_path
from ingest.splitter import split_passages


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**Cà Mau** là một tỉnh ven biển", "Cà Mau là một tỉnh ven biển"),
        ("__Một điểm mới quan trọng:__ Luật số 72", "Một điểm mới quan trọng: Luật số 72"),
        ("*Căn cứ Luật Tổ chức chính quyền địa phương;*", "Căn cứ Luật Tổ chức chính quyền địa phương;"),
        ("Nghị quyết số 202/2025/QH15[1] về việc", "Nghị quyết số 202/2025/QH15 về việc"),
        ("[sửa | sửa mã nguồn]Tên gọi Cà Mau", "Tên gọi Cà Mau"),
        ("Xem [Nghị quyết 60](https://example.vn/nq60) của Trung ương", "Xem Nghị quyết 60 của Trung ương"),
        ("Ảnh ![logo](http://tracker.example/p.gif) minh họa", "Ảnh minh họa"),
        (r"giảm 60 \- 70\% và 1\. mục \*", "giảm 60 - 70\\% và 1. mục *"),
        ("* mục một", "- mục một"),
        ("Tỷ lệ 3*4 và a_b giữ nguyên", "Tỷ lệ 3*4 và a_b giữ nguyên"),
        ("Dòng không có cú pháp\u00a0 giữ nguyên khoảng trắng", "Dòng không có cú pháp\u00a0 giữ nguyên khoảng trắng"),
    ],
)
def test_inline_syntax_is_removed(line: str, expected: str) -> None:
    assert inline_text(line) == expected


def test_headings_keep_levels_and_reference_sections_go() -> None:
    text = "# Cà Mau\n\nMở đầu.\n\n## Địa lý\n\n[sửa | sửa mã nguồn]### Khái quát\n\nThân bài.\n\n## Tham khảo\n\n1. Sách A\n\n### Con\n\nX\n"
    plain = markdown_to_lines(text)
    assert plain.title == "Cà Mau"
    headings = [(line, level) for line, level in zip(plain.lines, plain.levels) if level]
    assert headings == [("Cà Mau", 1), ("Địa lý", 2), ("Khái quát", 3)]
    assert "Sách A" not in "\n".join(plain.lines)


def test_table_rows_become_readable_lines() -> None:
    text = "| Tỉnh | Số xã | Số phường |\n|---|---|---|\n| Thanh Hóa | 147 | 19 |\n\n| Trụ sở UBND | Số 02 Hùng Vương | ||\n"
    lines = [line for line in markdown_to_lines(text).lines if line]
    assert lines == ["Tỉnh; Số xã; Số phường", "Tỉnh: Thanh Hóa; Số xã: 147; Số phường: 19", "Trụ sở UBND: Số 02 Hùng Vương"]


def test_footer_url_and_posting_time_become_metadata() -> None:
    text = (
        "# Tiêu đề bài báo về sắp xếp\n\nNội dung bài báo có một câu đủ dài để là thân bài.\n\n"
        "**Theo Báo điện tử Chính phủ****https://xaydungchinhsach.chinhphu.vn/bai-viet-119.htm**\n\n"
        "**Giờ đăng bài viết gốc: 16/03/2025 17:47**"
    )
    doc = build_document(RawDocument(doc_id="d", source="d.md", text=text, path="d.md"))
    assert doc.metadata["url"] == "https://xaydungchinhsach.chinhphu.vn/bai-viet-119.htm"
    assert doc.published == "2025-03-16"
    assert "http" not in doc.text and "Giờ đăng" not in doc.text and "Theo Báo" not in doc.text
    assert doc.title == "Tiêu đề bài báo về sắp xếp"


def test_hard_wrapped_text_is_joined_inside_sentences_only() -> None:
    body = "\n".join(
        [
            "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 của Quốc hội và các văn bản",
            "hướng dẫn thi hành có liên quan đến việc sắp xếp tổ chức bộ máy của các cơ quan;",
        ]
        * 6
        + ["1. Sửa đổi điểm đ khoản 7 Điều", "2 như sau:", "a) Ưu tiên hỗ trợ cho các xã đặc", "biệt khó khăn."]
    )
    lines = [line for line in markdown_to_lines(body).lines if line]
    assert lines[0].endswith("các văn bản hướng dẫn thi hành có liên quan đến việc sắp xếp tổ chức bộ máy của các cơ quan;")
    assert "1. Sửa đổi điểm đ khoản 7 Điều 2 như sau:" in lines
    assert "a) Ưu tiên hỗ trợ cho các xã đặc biệt khó khăn." in lines


def test_official_text_gets_title_and_issuing_date() -> None:
    text = (
        "|\n**BỘ NỘI VỤ**\n-------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n|\n"
        "Số: 1378/QĐ-BNV\n|\n*Hà Nội, ngày 25 tháng 11 năm 2025*\n\n**QUYẾT ĐỊNH**\n\n"
        "CÔNG BỐ THỦ TỤC HÀNH CHÍNH NỘI BỘ\n\n**Điều 1.** Công bố kèm theo Quyết định này thủ tục hành chính.\n"
    )
    doc = build_document(RawDocument(doc_id="q", source="q.md", text=text, path="q.md"))
    assert doc.title == "Quyết định 1378/QĐ-BNV: CÔNG BỐ THỦ TỤC HÀNH CHÍNH NỘI BỘ"
    assert doc.published == "2025-11-25"


def test_site_notices_and_form_fields() -> None:
    text = (
        "Bản dịch này thuộc quyền sở hữu của **\nTHƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép là vi phạm.\n"
        "**Số hiệu:**\n|\n10988/BNV-CQĐP\n|\n**Người ký:**\n|\nTrương Hải Long\n|\n\n"
        "Ngày 21/11/2025, Bộ Nội vụ đã ban hành Công văn 10988/BNV-CQĐP về tuyên truyền.\n"
    )
    doc = build_document(RawDocument(doc_id="c", source="c.md", text=text, path="c.md"))
    assert "quyền sở hữu" not in doc.text
    assert "Người ký: Trương Hải Long" in doc.text
    assert not doc.title.startswith("Người ký")


def test_sections_are_recorded_and_offsets_round_trip() -> None:
    text = "# Lâm Đồng\n\nMở đầu về tỉnh.\n\n## Hành chính\n\n### Sau sắp xếp\n\nTỉnh có 124 xã, phường, đặc khu.\n"
    doc = build_document(RawDocument(doc_id="l", source="l.md", text=text, path="l.md"))
    headings = decode_sections(doc.metadata)
    offset = doc.text.index("Tỉnh có 124")
    assert section_path(headings, offset, doc.title) == "Hành chính › Sau sắp xếp"
    assert section_path(headings, doc.text.index("Mở đầu"), doc.title) == ""
    for passage in split_passages(doc):
        assert doc.text[passage.start : passage.end] == passage.text
    assert json.loads(doc.metadata["sections"])[0][2] == "Lâm Đồng"


def test_plain_text_passes_unchanged() -> None:
    text = "Dòng một.\nDòng hai có 1.017 trường hợp (18-NQ/TW).\n\nĐoạn mới."
    assert markdown_to_lines(text).lines == text.split("\n")
