"""Event dates: every written form of a day is that day; relative words need a publication date."""

from __future__ import annotations

import pytest

from assistant.trainer.dates import dates_in


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Ngày 24/9/2021 tỉnh họp.", None, [("2021-09-24", "day", False)]),
        ("Ngày 24-9-2021 tỉnh họp.", None, [("2021-09-24", "day", False)]),
        ("Ngày 24.9.2021 tỉnh họp.", None, [("2021-09-24", "day", False)]),
        ("Ngày 24 tháng 9 năm 2021 tỉnh họp.", None, [("2021-09-24", "day", False)]),
        ("Từ tháng 6/2025 đến tháng 7 năm 2025.", None, [("2025-06-01", "month", False), ("2025-07-01", "month", False)]),
        ("Sáng nay, Hội nghị khai mạc.", None, []),
        ("Sáng nay, Hội nghị khai mạc.", "2021-09-24", [("2021-09-24", "day", True)]),
        ("Hôm qua, tỉnh đã họp.", "2021-03-01", [("2021-02-28", "day", True)]),
        ("Ngày 24/9, tỉnh họp.", None, []),
        ("Ngày 24/9, tỉnh họp.", "2021-10-02", [("2021-09-24", "day", True)]),
        ("Ngày 24/12, tỉnh họp.", "2021-10-02", [("2020-12-24", "day", True)]),  # not after the article
        ("Ngày 31/2/2021 không có thật.", None, []),
        ("Có 1.017 cán bộ và 24 xã.", "2021-10-02", []),
    ],
)
def test_dates_in(text: str, published: str | None, expected: list[tuple[str, str, bool]]) -> None:
    found = dates_in(text, published)
    assert [(d.iso, d.precision, d.resolved) for d in found] == expected
    for d in found:
        assert text[d.start : d.end].strip()  # the span is where the date is written


def test_written_forms_are_one_day() -> None:
    forms = ["24/9/2021", "24-9-2021", "24.09.2021", "ngày 24 tháng 9 năm 2021", "Ngày 24 tháng 9, năm 2021"]
    assert {dates_in(f"Họp {form}.")[0].iso for form in forms} == {"2021-09-24"}
