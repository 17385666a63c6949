"""Comparison sides: found from place names (a single word only where its documents write it as a
name, never "Tỉnh Ủy"), named by a unit, its surroundings, its title or its document's lead, and
each side asked without the other sides' names."""

from __future__ import annotations

from assistant import textkeys as tk
from assistant.answering.analysis import analyse
from assistant.answering.engine import _names_side, side_names
from assistant.answering.facets import Side, find_sides, side_question
from ingest.models import Document
from tests.assistant.test_answering_years import _candidate

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


def test_a_committee_written_with_a_capital_is_not_a_place() -> None:
    assert tk.place_names("Ban Thường vụ Tỉnh Ủy họp với Huyện Ủy Ba Chẽ.") == ["ba che"]


def test_comparing_a_measure_asks_for_numbers() -> None:
    assert analyse("So sánh số đơn vị cấp xã ở Tháp Mười và Ba Chẽ.").answer_types[0] == "number"
    assert analyse("so sanh dien tich cua Hue va Da Nang").answer_types[0] == "number"


LEAD = "Huyện Ba Chẽ đã thực hiện tốt Nghị quyết 19."
PLAIN = "Đã có 4/8 đơn vị cấp xã thực hiện nhất thể hóa chức danh."
OTHER = "Sau khi sắp xếp, tỉnh Thái Nguyên có 92 đơn vị hành chính cấp xã."


def test_a_side_named_only_in_the_lead_holds_for_units_naming_no_place() -> None:
    doc = Document("a", "a.txt", "Gọn bộ máy", " ".join([LEAD, "Kết quả tích cực.", "Nhiều việc đã làm.", PLAIN, OTHER]))
    side = Side(label="Ba Chẽ", names=("ba che",))
    assert _names_side(_candidate(doc, PLAIN), side)  # the report is about Ba Chẽ
    assert not _names_side(_candidate(doc, OTHER), side)  # a sentence naming Thái Nguyên is about Thái Nguyên
    assert not _names_side(_candidate(doc, PLAIN), Side(label="Tháp Mười", names=("thap muoi",)))


def test_a_single_word_side_must_be_written_as_a_name_by_its_documents() -> None:
    doc = Document(
        "a", "a.txt", "Sắp xếp",
        "Huế là cố đô của thành phố Huế. Tỉnh Thành có nhiều xã. Các tỉnh, thành đã sắp xếp; thành phố nào cũng xong.",
    )  # fmt: skip
    candidate = _candidate(doc, "Huế là cố đô của thành phố Huế.")
    assert {"hue", "thanh"} <= set(candidate.index.places)
    q = analyse("Huế và các tỉnh, thành khác nhau thế nào?")
    assert side_names(q, [candidate]) == ["hue"]
