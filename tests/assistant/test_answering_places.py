"""A sentence about another place is the parallel sentence of another province, not an answer."""

from __future__ import annotations

from assistant.answering import spans as sp
from assistant.answering.analysis import analyse
from assistant.answering.features import FEATURES, featurize
from ingest.models import Document
from tests.assistant.test_answering_years import _candidate

COL = FEATURES.index("other_place")
SENTENCES = (
    "Sau khi sắp xếp, tỉnh Đồng Tháp có 102 đơn vị hành chính cấp xã.",
    "Sau khi sắp xếp, tỉnh Gia Lai có 135 đơn vị hành chính cấp xã.",
    "Số lượng đơn vị hành chính cấp xã của TP. Hà Nội là 526.",
    "Cả nước có 3.321 đơn vị hành chính cấp xã.",
)


def _other_place(question: str) -> list[float]:
    doc = Document("a", "a.txt", "Sắp xếp cấp xã", " ".join(SENTENCES))
    return featurize(analyse(question), [_candidate(doc, s) for s in SENTENCES], None)[:, COL].tolist()


def test_sentences_naming_only_other_places_are_marked() -> None:
    assert _other_place("Gia Lai sau sắp xếp có bao nhiêu đơn vị hành chính cấp xã?") == [1.0, 0.0, 1.0, 0.0]
    assert _other_place("gia lai sau sap xep co bao nhieu don vi hanh chinh cap xa") == [1.0, 0.0, 1.0, 0.0]


def test_a_question_naming_nothing_marks_nothing() -> None:
    assert _other_place("Sau sắp xếp có bao nhiêu đơn vị hành chính cấp xã?") == [0.0, 0.0, 0.0, 0.0]


def test_tp_abbreviation_names_a_place() -> None:
    text = "Số lượng đơn vị hành chính cấp xã của TP. Hà Nội là 526."
    assert [text[s.start : s.end] for s in sp.typed_spans(text) if s.kind == "place"] == ["TP. Hà Nội"]
