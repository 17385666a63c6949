"""A span that only repeats the question (its own date, its own document number) answers nothing:
neither the answer-type match nor the nearness signals count it."""

from __future__ import annotations

from assistant.answering.analysis import analyse, new_kinds_in
from assistant.answering.features import FEATURES, featurize
from ingest.models import Document
from tests.assistant.test_answering_years import _candidate

COL = {name: i for i, name in enumerate(FEATURES)}


def test_new_kinds_leave_out_what_the_question_gives() -> None:
    q = analyse("Theo Báo cáo 10412/BC-BNV, tính đến 7/11/2025 có bao nhiêu viên chức được chuyển về xã?")
    assert new_kinds_in("Báo cáo 10412/BC-BNV ngày 7/11/2025 nêu tình hình thực hiện.", q) == frozenset()
    assert "number" in new_kinds_in("Tính đến 7/11/2025 đã có 1.200 viên chức được chuyển về xã.", q)


def test_a_date_the_question_gives_is_no_date_near_its_entities() -> None:
    doc = Document(
        "a", "a.txt", "Báo cáo",
        "Nghị quyết 05/NQ-HĐND được thông qua, có hiệu lực từ ngày 1/7/2025. "
        "Nghị quyết 05/NQ-HĐND được ban hành ngày 20/6/2025 tại kỳ họp thứ 9.",
    )  # fmt: skip
    q = analyse("Nghị quyết 05/NQ-HĐND có hiệu lực từ ngày 1/7/2025 được ban hành ngày nào?")
    repeats = _candidate(doc, "Nghị quyết 05/NQ-HĐND được thông qua, có hiệu lực từ ngày 1/7/2025.")
    answers = _candidate(doc, "Nghị quyết 05/NQ-HĐND được ban hành ngày 20/6/2025 tại kỳ họp thứ 9.")
    matrix = featurize(q, [repeats, answers], None)
    assert matrix[:, COL["type_missing"]].tolist() == [1.0, 0.0]
    assert matrix[0, COL["entity_near"]] == 0.0 and matrix[1, COL["entity_near"]] > 0.0
    assert matrix[0, COL["predicate_near"]] == 0.0 and matrix[1, COL["predicate_near"]] > 0.0
