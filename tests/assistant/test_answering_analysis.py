"""Question analysis, typed spans and composition: pure functions, tested with tables and properties."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from twins import abbreviated

from assistant.answering.analysis import analyse, canonical_words
from assistant.answering.compose import compose, short_answer
from assistant.answering.spans import typed_spans
from ingest.normalize import fold_accents

REPO = Path(__file__).resolve().parents[2]
SETS = [
    *sorted((REPO.parent / "shared" / "eval").glob("*.jsonl")),
    *sorted(p for p in (REPO / "eval" / "datasets").glob("*.jsonl") if "blind" not in p.name),
]


def _questions() -> list[str]:
    out = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


def _fields(text: str) -> dict:
    a = analyse(text)
    return {name: getattr(a, name) for name in a.__slots__ if name != "text"}


QUESTIONS = _questions()


def test_the_sets_are_there() -> None:
    assert len(QUESTIONS) > 300


@pytest.mark.parametrize("question", QUESTIONS)
def test_unaccented_twin_reads_the_same(question: str) -> None:
    assert _fields(fold_accents(question)) == _fields(question)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if abbreviated(q) != q])
def test_abbreviated_twin_reads_the_same(question: str) -> None:
    assert canonical_words(abbreviated(question)) == canonical_words(question)


@pytest.mark.parametrize(
    ("question", "types", "counted"),
    [
        ("Thanh Hóa còn bao nhiêu xã, phường?", ("number",), ("xa", "phuong")),
        ("Bộ máy có mấy cơ quan?", ("number",), ("co", "quan")),
        ("Bộ máy được tinh gọn thế nào?", ("how",), ()),
        ("Nghị quyết có hiệu lực từ ngày nào?", ("date",), ()),
        ("Chủ tịch UBND xã do ai chỉ định?", ("person",), ()),
        ("Đại biểu Quốc hội nào kiến nghị giao chi nhánh về xã?", ("person",), ()),
        ("ĐBQH nào kiến nghị giao chi nhánh về xã?", ("person",), ()),
        ("Vị lãnh đạo nào chủ trì hội nghị?", ("person",), ()),
        ("Bạc Liêu nhập vào Cà Mau theo nghị quyết nào, ban hành ngày nào?", ("docnum", "date"), ()),
        ("Vì sao không giải thể văn phòng?", ("reason",), ()),
        ("Trụ sở tỉnh mới đặt ở đâu?", ("place",), ()),
        ("Những khó khăn là gì?", ("list",), ()),
        ("Dân số của xã là bao nhiêu?", ("number",), ()),
        ("Nghị quyết sắp xếp của tỉnh là số bao nhiêu?", ("docnum", "number"), ()),
        ("Thủ đô của Pháp là gì?", ("other",), ()),
    ],
)
def test_answer_types_and_counted_words(question: str, types: tuple, counted: tuple) -> None:
    a = analyse(question)
    assert a.answer_types == types
    assert a.counted == counted


def test_keys_leave_out_the_question_form_only() -> None:
    a = analyse("Thủ đô của Pháp là gì?")
    assert a.keys == ("thu", "do", "cua", "phap")
    assert "dau" in analyse("Xã nào sáp nhập đầu tiên?").keys  # "đầu tiên", not "ở đâu"
    assert "dau" not in analyse("Trụ sở đặt ở đâu?").keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỉnh Thanh Hóa có 166 đơn vị, gồm 147 xã", [("place", "Tỉnh Thanh Hóa"), ("number", "166"), ("number", "147")]),
        ("có hiệu lực từ ngày 16/6/2025.", [("date", "16/6/2025")]),
        ("Ngày 12 tháng 6 năm 2025, Quốc hội ban hành Nghị quyết số 202/2025/QH15", [("date", "Ngày 12 tháng 6 năm 2025"), ("docnum", "202/2025/QH15")]),
        ("giảm khoảng 60 - 70% đầu mối theo Kết luận 34-KL/TW", [("number", "60 - 70%"), ("docnum", "34-KL/TW")]),
        ("Bộ trưởng Phạm Thị Thanh Trà cho biết năm 2025", [("person", "Phạm Thị Thanh Trà"), ("year", "2025")]),
        # a year closing a clause or a sentence is still a year; a decimal is a number
        ("Đến năm 2030, tỉnh còn 20 xã.", [("year", "2030"), ("number", "20")]),
        ("Mô hình thực hiện từ năm 2019.", [("year", "2019")]),
        ("tăng 2025,5 tỷ đồng và 2.025 người", [("number", "2025,5"), ("number", "2.025")]),
        ("tỷ lệ 98,6% và 11/13 xã, 1.017 trường hợp", [("number", "98,6%"), ("number", "11/13"), ("number", "1.017")]),
        # a place name is capitalised: "quận được", "tỉnh đã" are not places
        ("địa bàn quận được sắp xếp lại, tỉnh đã nhập vào thành phố Hà Nội mới", [("place", "thành phố Hà Nội")]),
    ],
)
def test_typed_spans(text: str, expected: list) -> None:
    assert [(s.kind, text[s.start : s.end]) for s in typed_spans(text)] == expected


class _Unit:
    def __init__(self, text: str) -> None:
        self.text = text


class _Candidate:
    def __init__(self, text: str) -> None:
        self.unit = _Unit(text)


def test_short_answer_is_the_asked_fact_nearest_the_question_words() -> None:
    q = analyse("Sau sắp xếp, Nghệ An có bao nhiêu xã?")
    c = _Candidate("Sau khi sắp xếp, tỉnh Nghệ An có 130 đơn vị hành chính cấp xã, gồm 119 xã và 11 phường.")
    assert short_answer(q, c) == "119"
    q = analyse("Sau sắp xếp, Nghệ An có bao nhiêu đơn vị hành chính cấp xã?")
    assert short_answer(q, c) == "130"
    text, short = compose(q, [c])
    assert text.startswith("**130** — «Sau khi sắp xếp") and text.endswith("» [1].") and short == "130"


def test_short_answer_skips_numbers_the_question_gave_and_untyped_questions() -> None:
    q = analyse("Hà Nội xây dựng 126 phương án để sắp xếp bao nhiêu đơn vị?")
    c = _Candidate("Hà Nội xây dựng 126 phương án sắp xếp 526 đơn vị hành chính cấp xã.")
    assert short_answer(q, c) == "526"
    assert short_answer(replace(q, answer_types=("how",)), c) is None


def test_short_answer_is_never_a_name_the_question_gave() -> None:
    c = _Candidate("Ông Nguyễn Văn A, Chủ tịch UBND tỉnh Lâm Đồng, ký Quyết định; tỉnh Lâm Đồng giáp tỉnh Khánh Hòa.")
    assert short_answer(analyse("Tỉnh Lâm Đồng giáp tỉnh nào?"), c) == "tỉnh Khánh Hòa"
    assert short_answer(analyse("tinh lam dong giap tinh nao"), c) == "tỉnh Khánh Hòa"
    part, whole = analyse("xã duy nhất giữ nguyên là xã nào"), analyse("Cà Mau lập 63 xã mới, và xã duy nhất giữ nguyên là xã nào?")
    kept = _Candidate("Tỉnh Cà Mau giữ nguyên xã Hồ Thị Kỷ.")
    assert short_answer(part, _Candidate("Tỉnh Cà Mau có 9 phường."), whole) is None  # the whole question named Cà Mau
    assert short_answer(part, kept, whole) == "xã Hồ Thị Kỷ"
    only_given = _Candidate("Tỉnh Lâm Đồng có diện tích lớn nhất cả nước.")
    assert short_answer(analyse("Tỉnh Lâm Đồng ở đâu?"), only_given) is None


def test_no_single_short_answer_when_several_names_are_asked_for() -> None:
    c = _Candidate("HĐND xã có 2 ban là Ban Kinh tế - Ngân sách và Ban Văn hóa - Xã hội; huyện Phù Yên và huyện Bắc Yên thí điểm.")
    assert short_answer(analyse("Những huyện nào thí điểm?"), c) is None
    assert short_answer(analyse("cac huyen nao thi diem"), c) is None
    assert short_answer(analyse("HĐND xã có mấy ban, gồm những ban nào?"), c) == "2"
    dated = _Candidate("Hội nghị sơ kết các mô hình diễn ra ngày 23-9-2021 tại huyện Phù Yên.")
    assert short_answer(analyse("Hội nghị sơ kết các mô hình được tổ chức vào ngày nào?"), dated) == "23-9-2021"


def test_short_answer_prefers_the_number_whose_phrase_repeats_more_of_the_question() -> None:
    """Both numbers precede "đơn vị hành chính"; only one is followed by the asked "cấp xã"."""
    c = _Candidate("Tỉnh A có 9 đơn vị hành chính cấp huyện, gồm 2 thành phố và 7 huyện với 121 đơn vị hành chính cấp xã.")
    assert short_answer(analyse("Tỉnh A có bao nhiêu ĐVHC cấp xã?"), c) == "121"
    assert short_answer(analyse("tinh A co bao nhieu don vi hanh chinh cap huyen"), c) == "9"


def test_short_answer_to_a_rank_is_the_number_after_thu() -> None:
    c = _Candidate("Tỉnh A có diện tích là 9.361 km² (xếp thứ 15); dân số là 4.022.638 người, xếp thứ 12.")
    assert short_answer(analyse("dân số tỉnh A đứng thứ mấy cả nước?"), c) == "12"
    assert short_answer(analyse("diện tích tỉnh A đứng thứ mấy cả nước?"), c) == "15"
    c = _Candidate("Tỉnh B có GRDP năm 2024 đạt 354.578.739 triệu VNĐ (xếp thứ 6); thu nhập bình quân đạt 57,91 triệu VNĐ/năm (xếp thứ 17).")
    assert short_answer(analyse("GRDP năm 2024 của tỉnh B đạt bao nhiêu và đứng thứ mấy?"), c) == "6"
    c = _Candidate("Nghị quyết được HĐND thành phố khóa XVI, kỳ họp thứ 28 thông qua ngày 27 tháng 11 năm 2025.")
    assert short_answer(analyse("NQ 72 được thông qua tại kỳ họp thứ mấy của HĐND?"), c) == "28"


def test_no_short_answer_when_no_number_counts_what_is_asked() -> None:
    c = _Candidate("Vị trí, vai trò của Hội đồng nhân dân cấp xã trong mô hình chính quyền địa phương 02 cấp:")
    assert short_answer(analyse("HĐND cấp xã theo luật mới có mấy ban?"), c) is None
    c = _Candidate("Quy định HĐND cấp xã có 2 ban là Ban Kinh tế - Ngân sách và Ban Văn hóa - Xã hội.")
    assert short_answer(analyse("HĐND cấp xã theo luật mới có mấy ban?"), c) == "2"
    c = _Candidate("Rừng ngập mặn ở Cà Mau chiếm 77% rừng ngập mặn của vùng.")
    assert short_answer(analyse("Rừng ngập mặn Cà Mau chiếm bao nhiêu phần trăm?"), c) == "77%"


def test_short_answer_takes_the_number_of_the_whole_counted_phrase() -> None:
    q = analyse("Huyện Ba Chẽ đã giảm bao nhiêu cấp phó?")
    c = _Candidate("Toàn huyện đã giảm 8 cơ quan, đơn vị, đầu mối và giảm 9 cấp trưởng, 12 cấp phó; giảm cấp THCS.")
    assert short_answer(q, c) == "12"
