"""Years are found where Vietnamese texts write them: alone, and inside dates, ranges and document
numbers. A document that says "(16/6/2025)" mentions 2025; a question about "tháng 3/2025" asks
about 2025."""

from __future__ import annotations

import pytest

from assistant import textkeys as tk
from assistant.answering.analysis import analyse
from assistant.answering.candidates import Candidate
from assistant.answering.features import FEATURES, featurize, question_years
from assistant.units import build_index
from ingest.models import Document
from vectorstore.results import SearchResult


@pytest.mark.parametrize(
    ("key", "years"),
    [
        ("2025", ("2025",)),
        ("16/6/2025", ("2025",)),
        ("6/2025", ("2025",)),
        ("2021-2025", ("2021", "2025")),
        ("34/2025/nq-hdnd", ("2025",)),
        ("18-nq/tw", ()),
        ("2.025", ()),  # a count with a thousands point, not a year
        ("3/20250", ()),
        ("1.2025", ()),
        ("12", ()),
    ],
)
def test_years_in_a_token(key: str, years: tuple[str, ...]) -> None:
    assert tk.years_in(key) == years


def test_a_question_asks_about_the_year_of_its_date_but_not_of_a_document_number() -> None:
    assert question_years(analyse("Hồi tháng 3/2025 Chính phủ dự kiến giảm bao nhiêu phần trăm?")) == ("2025",)
    assert question_years(analyse("Nghị quyết 34/2025/NQ-HĐND có hiệu lực từ ngày nào?")) == ()
    assert question_years(analyse("Năm 2024 tỉnh có bao nhiêu xã?")) == ("2024",)


def _candidate(document: Document, sentence: str) -> Candidate:
    index = build_index(document)
    start = document.text.index(sentence)
    unit = next(u for u in index.units_in(start, start + len(sentence)) if not u.is_clause)
    passage = SearchResult(
        f"{document.doc_id}:0", document.doc_id, document.source, document.title, None, document.text, 0, len(document.text), 1.0
    )
    return Candidate(unit, index, passage, 0, True, 0, None)


def test_a_year_written_inside_a_date_counts_as_present() -> None:
    dated = Document(
        "a", "a.txt", "Sắp xếp cấp xã",
        "Tỉnh Thanh Hóa có 166 đơn vị hành chính cấp xã. Các nghị quyết có hiệu lực từ ngày thông qua (16/6/2025).",
    )  # fmt: skip
    undated = Document("b", "b.txt", "Sắp xếp cấp xã", "Tỉnh Nghệ An có 130 đơn vị hành chính cấp xã. Đây là số mới.")
    q = analyse("Năm 2025 tỉnh Thanh Hóa có bao nhiêu đơn vị hành chính cấp xã?")
    candidates = [
        _candidate(dated, "Tỉnh Thanh Hóa có 166 đơn vị hành chính cấp xã."),
        _candidate(dated, "Các nghị quyết có hiệu lực từ ngày thông qua (16/6/2025)."),
        _candidate(undated, "Tỉnh Nghệ An có 130 đơn vị hành chính cấp xã."),
    ]
    matrix = featurize(q, candidates, None)
    col = {name: i for i, name in enumerate(FEATURES)}
    assert matrix[:, col["year_missing_doc"]].tolist() == [0.0, 0.0, 1.0]
    assert matrix[:, col["year_unit"]].tolist() == [0.0, 1.0, 0.0]


def test_a_documents_years_are_read_only_for_a_question_asking_about_a_year() -> None:
    dated = Document("a", "a.txt", "Sắp xếp cấp xã", "Tỉnh Thanh Hóa có 166 xã. Nghị quyết có hiệu lực (16/6/2025).")
    col = {name: i for i, name in enumerate(FEATURES)}
    plain = [_candidate(dated, "Tỉnh Thanh Hóa có 166 xã.")]
    matrix = featurize(analyse("Tỉnh Thanh Hóa có bao nhiêu xã?"), plain, None)
    assert "doc_years" not in plain[0].index.memo  # reading every word of a long document costs milliseconds
    assert matrix[0, col["year_missing_doc"]] == 0.0 and matrix[0, col["year_unit"]] == 0.0
    asked = [_candidate(dated, "Tỉnh Thanh Hóa có 166 xã.")]
    matrix = featurize(analyse("Năm 2025 tỉnh Thanh Hóa có bao nhiêu xã?"), asked, None)
    assert "doc_years" in asked[0].index.memo and matrix[0, col["year_missing_doc"]] == 0.0


def test_a_question_asking_the_day_takes_no_year_as_its_short_fact() -> None:
    from assistant.answering.analysis import asks_day
    from assistant.answering.compose import short_answer

    text = "Theo đó, Công văn 14388/BTC-NSNN năm 2025 hướng dẫn đăng ký kinh doanh sau sắp xếp bộ máy."
    candidate = _candidate(Document("a", "a.txt", "Đăng ký kinh doanh", text), text)
    for question in ("Công văn 14388/BTC-NSNN ban hành ngày nào?", "cong van 14388/btc-nsnn ban hanh ngay nao"):
        assert asks_day(analyse(question)) and short_answer(analyse(question), candidate) is None
    assert not asks_day(analyse("Công văn 14388/BTC-NSNN ban hành năm nào?"))
    assert short_answer(analyse("Công văn 14388/BTC-NSNN ban hành năm nào?"), candidate) == "2025"
