"""Publication dates: only datelines count, in every form the sources use."""

from __future__ import annotations

import pytest

from ingest.dates import dateline_date, parse_date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("9:2' 24/9/2021", "2021-09-24"),
        ("Thứ Tư, 24/06/2020, 12:29", "2020-06-24"),
        ("Thứ Tư, 24/06/2020, 12:29 [GMT+7]", "2020-06-24"),
        ("20/03/2018 - 16:53", "2018-03-20"),
        ("Cập nhật ngày: 02/03/2022 13:13:48", "2022-03-02"),
        ("Chủ nhật, 05-01-2023 08:15", "2023-01-05"),
        ("Ngày đăng: 5.1.2023", "2023-01-05"),
        ("Ngày 24 tháng 9 năm 2021", "2021-09-24"),
        ("Cap nhat ngay 02/03/2022", "2022-03-02"),
        ("2021-09-24T10:00:00+07:00", "2021-09-24"),
        # not datelines: dates inside sentences, impossible dates, no date
        ("Sáng ngày 23-9-2021, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị trực tuyến sơ kết", None),
        ("Nghị quyết số 19-NQ/TU ngày 3/3/2015 của Tỉnh ủy (Đề án 25)", None),
        ("31/02/2020 10:00", None),
        ("Số 6 - 2022", None),
        ("1.017 trường hợp", None),
        ("Thời sự - Chính trị", None),
        ("", None),
    ],
)
def test_dateline_table(line: str, expected: str | None) -> None:
    assert dateline_date(line) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2020-06-24", "2020-06-24"), ("24/06/2020", "2020-06-24"), ("không rõ", None), ("", None), ("2020-13-01", None)],
)
def test_metadata_dates(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected
