"""A part of a question that points back at the previous part's answer asks about that answer."""

from __future__ import annotations

from assistant.answering.analysis import analyse
from assistant.answering.context import Resolved
from assistant.answering.engine import Facet, chained

FIRST = "Bình Định nhập vào tỉnh nào"


def _part(text: str) -> Facet:
    return Facet(None, Resolved(analyse(text), f"{text} {FIRST}", analyse(FIRST)))


def test_a_pointing_part_is_asked_about_the_previous_answer() -> None:
    facet = chained(_part("tỉnh đó thuộc vùng kinh tế - xã hội nào"), "tỉnh Gia Lai")
    assert facet.resolved.analysis.text == "tỉnh Gia Lai thuộc vùng kinh tế - xã hội nào"
    assert facet.resolved.query == f"tỉnh Gia Lai thuộc vùng kinh tế - xã hội nào {FIRST}"
    assert {"gia", "lai"} <= set(facet.resolved.analysis.keys)


def test_an_unaccented_pointing_part_is_chained_too() -> None:
    facet = chained(_part("tinh do thuoc vung kinh te xa hoi nao"), "tỉnh Gia Lai")
    assert facet.resolved.analysis.text.startswith("tỉnh Gia Lai ")


def test_a_part_pointing_nowhere_or_at_no_name_is_left_as_asked() -> None:
    standalone = _part("dân số bao nhiêu")
    assert chained(standalone, "tỉnh Gia Lai") is standalone
    pointing = _part("tỉnh đó thuộc vùng nào")
    assert chained(pointing, "1.017") is pointing  # the previous answer names no province
