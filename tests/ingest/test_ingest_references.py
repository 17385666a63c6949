"""Cited legal documents in canonical form."""

from __future__ import annotations

import pytest

from ingest.references import extract_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theo Kết luận số 34-KL/TW của Bộ Chính trị", ("34-KL/TW",)),
        ("Nghị quyết số 02-NQ/TU của Tỉnh ủy và Đề án số 02-ĐA/TU", ("02-NQ/TU", "02-ĐA/TU")),
        ("Quy định số 208-QĐ/TW và Quyết định 1853-QĐ/BTGTW", ("208-QĐ/TW", "1853-QĐ/BTGTW")),
        ("thực hiện Nghị quyết số 18, 19-NQ/TW.", ("18-NQ/TW", "19-NQ/TW")),
        ("Nghị quyết 19-NQ/TU của Tỉnh ủy", ("19-NQ/TU",)),
        ("Nghị quyết số 18, 19 của Hội nghị lần thứ 6 Ban Chấp hành Trung ương (khóa XII)", ("18-NQ/TW", "19-NQ/TW")),
        ("Nghị quyết 18, 19 của Hội nghị Trung ương 6", ("18-NQ/TW", "19-NQ/TW")),
        ("mô hình trong Nghị quyết số 02 của Tỉnh ủy.", ("02-NQ/TU",)),
        ("Đề án số 04 của Ban Thường vụ (BTV) Tỉnh ủy Đồng Tháp", ("04-ĐA/TU",)),
        ("theo Nghị định 108/2014/NĐ-CP của Chính phủ", ("108/2014/NĐ-CP",)),
        ("Luật số 55/2014/QH13 và Quyết định 15/QĐ-UBND", ("55/2014/QH13", "15/QĐ-UBND")),
        ("18-NQ/TW rồi lại 18-NQ/TW", ("18-NQ/TW",)),
        # not references
        ("ngày 25/10/2017, 1.017 trường hợp, 11/13 xã, tỷ lệ 4/8", ()),
        ("Nghị quyết đề ra 5 nhiệm vụ", ()),
        ("(Đề án 25) được ban hành", ()),
    ],
)
def test_reference_table(text: str, expected: tuple[str, ...]) -> None:
    assert extract_references(text) == expected
