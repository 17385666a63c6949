"""A follow-up naming only another subject asks the previous question about it."""

from __future__ import annotations

import pytest

from assistant.answering.context import resolve
from assistant.answering.subject_swap import subjects, swap_subject
from assistant.schemas import HistoryTurn
from ingest.normalize import fold_accents

PREVIOUS = "Sau sắp xếp năm 2025, Thành phố Hồ Chí Minh có bao nhiêu đơn vị hành chính cấp xã?"


@pytest.mark.parametrize(
    ("follow_up", "previous", "expected"),
    [
        ("Còn Hà Nội thì sao?", PREVIOUS, "Sau sắp xếp năm 2025, Thành phố Hà Nội có bao nhiêu đơn vị hành chính cấp xã?"),
        ("Vậy Quận 10 thì sao?", "Quận 3 cũ ở TP.HCM được sắp xếp lại thành những phường nào?",
         "Quận 10 cũ ở TP.HCM được sắp xếp lại thành những phường nào?"),
        ("Thế còn tỉnh Sơn La thì sao?", "Lâm Đồng sau khi sắp xếp có bao nhiêu xã?", "tỉnh Sơn La sau khi sắp xếp có bao nhiêu xã?"),
        ("Còn năm 2024 thì sao?", "Năm 2023 Bến Tre có bao nhiêu trường hợp kiêm nhiệm?",
         "Năm 2024 Bến Tre có bao nhiêu trường hợp kiêm nhiệm?"),
        ("Còn Bến Tre thì sao?", "Bộ Chính trị giao tỉnh Sóc Trăng bao nhiêu mô hình?", "Bộ Chính trị giao tỉnh Bến Tre bao nhiêu mô hình?"),
    ],
)
def test_the_new_subject_takes_the_old_ones_place(follow_up: str, previous: str, expected: str) -> None:
    assert swap_subject(follow_up, previous) == expected


def test_unaccented_follow_up_swaps_like_its_accented_twin() -> None:
    accented = swap_subject("Còn Hà Nội thì sao?", PREVIOUS)
    bare = swap_subject("con ha noi thi sao", fold_accents(PREVIOUS).lower())
    assert accented is not None and bare is not None
    assert fold_accents(accented).lower() == bare


@pytest.mark.parametrize(
    "follow_up",
    ["Còn số lớp học thì sao?", "Còn ở cấp xã thì sao?", "Còn xã Vĩnh Lộc thì gộp từ đâu?", "Hà Nội sắp xếp như thế nào?"],
)
def test_a_follow_up_that_is_not_only_a_name_is_left_alone(follow_up: str) -> None:
    assert swap_subject(follow_up, PREVIOUS) is None


def test_subjects_skip_titles_and_abbreviations_and_put_places_first() -> None:
    text = "Chủ tịch UBND tỉnh Lai Châu và Bộ Chính trị"
    found = [text[s.start : s.end] for s in subjects(text)]
    assert found[0] == "tỉnh Lai Châu"
    assert not any("UBND" in name or name.startswith("Chủ") for name in found)


def test_resolve_asks_the_previous_question_about_the_new_subject_even_two_turns_on() -> None:
    history = [
        HistoryTurn(role="user", content=PREVIOUS),
        HistoryTurn(role="assistant", content="168 đơn vị [1]."),
        HistoryTurn(role="user", content="Còn Hà Nội thì sao?"),
        HistoryTurn(role="assistant", content="126 đơn vị [1]."),
    ]
    resolved = resolve("Còn Đà Nẵng thì sao?", history)
    assert resolved.query == "Sau sắp xếp năm 2025, Thành phố Đà Nẵng có bao nhiêu đơn vị hành chính cấp xã?"
    assert resolved.history is None and "number" in resolved.analysis.answer_types
