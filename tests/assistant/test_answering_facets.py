"""Comparison sides: found from single-word place names too, and each side asked without the others' names."""

from __future__ import annotations

from assistant.answering.analysis import analyse
from assistant.answering.facets import find_sides, side_question

QUESTION = "Huế và Đà Nẵng sau sắp xếp cấp xã, mỗi nơi còn bao nhiêu đơn vị? Nơi nào nhiều hơn?"


def test_a_word_opening_a_second_sentence_is_not_a_name() -> None:
    assert "noi" not in analyse(QUESTION).proper
    assert analyse("Trong đó có bao nhiêu xã? Nơi nào ở Tây Ninh?").proper == ("tay", "ninh")


def test_each_side_is_asked_without_the_other_sides_names() -> None:
    q = analyse(QUESTION)
    sides = find_sides(q, ["da nang", "hue"])
    assert [s.label for s in sides] == ["Huế", "Đà Nẵng"]
    hue = side_question(q, sides[0], sides)
    assert "da" not in hue.keys and "nang" not in hue.proper and "hue" in hue.keys
    assert hue.answer_types == ("number",)  # the place is the side itself; the count is asked
