"""Asked when a named document was issued, only a date written beside its number answers: a date
elsewhere in the sentence belongs to another event, and then the documents do not say."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answering.analysis import analyse
from assistant.answering.candidates import PoolItem
from assistant.answering.engine import AnswerEngine
from assistant.answering.features import FEATURES, undated_document
from assistant.answering.model import AnswerModel, Logistic
from assistant.units import build_index
from ingest.models import Document
from tests.assistant.test_answering_years import _candidate
from vectorstore.results import SearchResult

MEETING = (
    "Sáng ngày 23-9-2021, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị trực tuyến sơ kết việc thực hiện "
    "các mô hình kiêm nhiệm theo Kết luận số 34-KL/TW của Bộ Chính trị."
)
ISSUED = "Thực hiện Kết luận số 34-KL/TW, ngày 7/8/2018 của Bộ Chính trị, tỉnh đã sắp xếp lại bộ máy."
ISSUED_BEFORE = "Ngày 7/8/2018, Bộ Chính trị ban hành Kết luận số 34-KL/TW về mô hình kiêm nhiệm."


def _undated(question: str, *sentences: str) -> bool:
    doc = Document("a", "a.txt", "Sơ kết mô hình kiêm nhiệm", " ".join(sentences))
    return undated_document(analyse(question), [_candidate(doc, s) for s in sentences])


@pytest.mark.parametrize(
    "question",
    [
        "Kết luận số 34-KL/TW của Bộ Chính trị được ban hành ngày nào?",
        "ket luan 34-KL/TW duoc ban hanh ngay nao",
        "Bộ Chính trị ký Kết luận 34-KL/TW vào ngày tháng năm nào?",
    ],
)
def test_a_meeting_date_does_not_date_the_document(question: str) -> None:
    assert _undated(question, MEETING)


@pytest.mark.parametrize("stating", [ISSUED, ISSUED_BEFORE])
def test_a_date_beside_the_number_dates_it(stating: str) -> None:
    assert not _undated("Kết luận số 34-KL/TW của Bộ Chính trị được ban hành ngày nào?", MEETING, stating)


@pytest.mark.parametrize(
    "question",
    [
        "Theo Kết luận 34-KL/TW, các tỉnh phải hoàn thành việc sắp xếp trước ngày nào?",  # a deadline inside it
        "Kết luận 34-KL/TW có hiệu lực từ ngày nào?",  # stated in its own last article, away from the number
        "Bộ Chính trị ban hành kết luận về mô hình kiêm nhiệm ngày nào?",  # names no document number
        "Kết luận số 34-KL/TW được ban hành để làm gì?",  # asks no date
    ],
)
def test_other_questions_are_not_checked(question: str) -> None:
    assert not _undated(question, MEETING)


def _engine(sentences: list[str]) -> AnswerEngine:
    """Every candidate scores 0.5 against a 0.1 threshold: only the document-date check can refuse."""
    doc = Document("a", "a.txt", "Sơ kết mô hình kiêm nhiệm", " ".join(sentences))
    passage = SearchResult("a:0", "a", doc.source, doc.title, None, doc.text, 0, len(doc.text), 1.0)
    n = len(FEATURES)
    model = AnswerModel(Logistic(np.zeros(n), np.ones(n), np.zeros(n), 0.0), None, 0.1, 0.6)
    return AnswerEngine(lambda _: ([passage], [PoolItem(passage, build_index(doc), None)]), lambda _: None, model)


def test_the_engine_refuses_an_undated_document_and_answers_a_dated_one() -> None:
    question = "Kết luận số 34-KL/TW của Bộ Chính trị được ban hành ngày nào?"
    refused = _engine([MEETING]).answer(question)
    assert not refused.found and refused.score == 0.0
    answered = _engine([MEETING, ISSUED]).answer(question)
    assert answered.found and "7/8/2018" in answered.answer
