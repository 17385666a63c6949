"""The rules that keep unfair quiz items out, on sentences of the kind a reviewer rejected."""

from __future__ import annotations

import pytest

from assistant.trainer.fairness import computable, is_fair, is_whole_sentence, names_its_subject, reports_hearsay

TOTAL = "Tỉnh Tuyên Quang có _____ đơn vị hành chính cấp xã, gồm 7 phường và 117 xã."


def test_a_number_that_is_the_sum_or_difference_of_the_stem_numbers_is_given_away():
    assert computable(TOTAL, "124")
    assert computable("Hà Nội có 526 đơn vị (_____ phường, 21 thị trấn và 345 xã).", "160")
    assert not computable(TOTAL, "125")
    assert not computable("Tỉnh có _____ xã thực hiện mô hình.", "12")


@pytest.mark.parametrize(
    ("stem", "whole"),
    [
        ("Toàn tỉnh có _____ trường hợp thực hiện kiêm nhiệm.", True),
        ("«Huyện Ba Chẽ đã giảm _____ cấp phó.»", True),
        ("_____ là năm huyện Tháp Mười hoàn thành mô hình.", True),
        ("gồm _____ phường và 117 xã.", False),  # no opening capital
        ("Theo chỉ đạo của Tổng _____ Bí thư", False),  # no closing punctuation
        ("Tỉnh (gồm _____ xã. ", False),  # unbalanced bracket
    ],
)
def test_fragments_are_not_stems(stem, whole):
    assert is_whole_sentence(stem) is whole


def test_a_stem_must_name_whom_or_where_it_is_about():
    assert names_its_subject("Huyện Tháp Mười có _____ xã thực hiện mô hình.", "Kết quả kiêm nhiệm")
    assert names_its_subject("Có _____ xã thực hiện mô hình.", "Tháp Mười: kết quả ở tỉnh Đồng Tháp")
    assert names_its_subject("Nghị quyết 18-NQ/TW yêu cầu giảm _____ đầu mối.", "Tinh gọn")
    assert not names_its_subject("Nghị quyết _____ của Tỉnh ủy về sắp xếp bộ máy.", "Kết quả bước đầu")


def test_hearsay_and_names_without_options_are_left_out():
    assert reports_hearsay("Mạng xã hội lan truyền danh sách _____ tỉnh sau sáp nhập.")
    assert not reports_hearsay("Cả nước có _____ tỉnh sau sáp nhập.")
    place = "Trụ sở mới đặt tại _____, tỉnh Đồng Tháp."
    assert is_fair("place", place, "", "xã Mỹ An", with_options=True)
    assert not is_fair("place", place, "", "xã Mỹ An", with_options=False)
    assert is_fair("number", "Huyện Ba Chẽ giảm _____ cấp phó.", "", "23", with_options=True)
    assert not is_fair("number", "Huyện Ba Chẽ giảm _____ cấp phó.", "", "23", with_options=False)  # a bare guess
    assert is_fair("docnum", "Thực hiện Kết luận số _____ của Bộ Chính trị.", "", "34-KL/TW", with_options=False)
    assert reports_hearsay("Thông tin sáp nhập còn _____ tỉnh như mạng xã hội đang lan truyền.")  # "truyền." ends a word
