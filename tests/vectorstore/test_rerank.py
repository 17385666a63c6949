"""The sentence-focus stage: synonym groups, years asked about, document lead as context."""

from __future__ import annotations

import math

import pytest

from vectorstore.lexical import Analyzer
from vectorstore.rerank import SentenceCoverage, counted_word, counts, query_years, synonym_matches


def _idf(token: str) -> float:
    return 1.0  # every term weighs the same: the tests read as counts


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        ("Mô hình còn những hạn chế gì?", {"%0"}),
        ("còn một số khó khăn, vướng mắc", {"%0"}),
        ("Tuy nhiên, sự thống nhất chưa cao", {"%0"}),
        ("con nhung han che gi", {"%0"}),  # typed without diacritics
        ("đã đem lại kết quả gì", {"%1"}),
        ("đã góp phần giảm các đầu mối", {"%1"}),
        ("mang lại lợi ích gì", {"%2"}),
        ("nâng cao hiệu quả hoạt động", {"%2"}),
        ("năm 2018 dự kiến thực hiện ở mấy xã", {"%3"}),
        ("mục tiêu thực hiện ở 3 xã", {"%3"}),
        ("Ban Chấp hành Trung ương", set()),  # "chế" alone, "hạn" alone: no phrase
        ("biên chế, thời hạn", set()),
    ],
)
def test_synonym_groups(text, concepts):
    assert {c for c, _ in synonym_matches(text)} == concepts


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ("Năm 2018 Bến Tre còn những hạn chế gì?", {"2018"}),
        ("Bí thư năm 2018 và năm 2021 là ai?", {"2018", "2021"}),
        ("Hội nghị ngày 23-9-2021 do ai chủ trì?", set()),  # a date, not a year asked about
        ("Nghị quyết 18-NQ/TW ngày 25/10/2017", set()),
        ("Có 1.017 trường hợp", set()),
        ("Kế hoạch (2018) của Huyện ủy", {"2018"}),
        ("Mã 12018", set()),
    ],
)
def test_query_years(query, years):
    assert query_years(query) == years


def test_query_phrase_becomes_its_group_concept_with_its_weight():
    coverage = SentenceCoverage(Analyzer("bigram"), _idf)
    terms = coverage.query_terms("Mô hình còn những hạn chế gì?")
    assert "%0" in terms and "hạn" not in terms and "chế" not in terms
    assert math.isclose(terms["%0"], 2.0)  # the weight of the two syllables it replaces


def test_synonym_in_the_passage_covers_the_question_phrase():
    coverage = SentenceCoverage(Analyzer("bigram"), _idf)
    terms = coverage.query_terms("mô hình còn hạn chế")
    with_synonym = coverage.coverage(terms, "a", "Mô hình còn khó khăn.")
    without = coverage.coverage(terms, "b", "Mô hình còn chạy.")
    assert with_synonym == 1.0 and without < 1.0


def test_document_lead_counts_for_every_sentence():
    coverage = SentenceCoverage(Analyzer("bigram"), _idf)
    lead_text = "Kết quả bước đầu\n\nTỉnh Sơn La đã thực hiện 2 mô hình kiêm nhiệm. Các huyện triển khai."
    lead = coverage.lead_terms("doc::00000", lead_text)
    assert {"sơn", "la", "kiêm", "%1"} <= lead and "triển" not in lead  # title line + first sentence only
    terms = coverage.query_terms("Mô hình kiêm nhiệm ở Sơn La gặp khó khăn gì?")
    passage = "Việc thực hiện còn một số khó khăn."
    assert coverage.coverage(terms, "doc::00003", passage, "", lead) > coverage.coverage(terms, "doc::00003", passage)
    # the lead's own passage has no advantage from the lead terms any more: the predicate decides
    first = coverage.coverage(terms, "doc::00000", lead_text, "", lead)
    assert coverage.coverage(terms, "doc::00003", passage, "", lead) > first


@pytest.mark.parametrize(
    ("query", "noun"),
    [
        ("Huyện Ba Chẽ đã giảm bao nhiêu cấp phó?", "cap"),
        ("Ba Che da giam bao nhieu cap pho?", "cap"),
        ("năm 2018 dự kiến thực hiện ở mấy xã?", "xa"),
        ("Ai là Bí thư Tỉnh ủy?", None),
        ("Có bao nhiêu?", None),
    ],
)
def test_counted_word(query, noun):
    assert counted_word(query) == noun


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        ("giảm 12 cấp phó", {"%n:cap"}),
        ("toàn tỉnh có 1.017 trường hợp", {"%n:truong"}),
        ("mục tiêu thực hiện ở 3 xã trong năm 2018", {"%n:xa"}),
        ("cấp phó giảm nhiều", set()),
        ("ngày 24/9/2021 tại tỉnh", set()),  # a date is not a count
    ],
)
def test_counts(text, concepts):
    assert counts(text) == concepts


def test_count_question_favours_a_number_before_the_counted_noun():
    coverage = SentenceCoverage(Analyzer("bigram"), _idf)
    terms = coverage.query_terms("Huyện đã giảm bao nhiêu cấp phó?")
    assert terms["%n:cap"] == 1.5 * max(w for t, w in terms.items() if t != "%n:cap")
    answer = coverage.coverage(terms, "a", "Huyện đã giảm 12 cấp phó.")
    restated = coverage.coverage(terms, "b", "Huyện đã giảm nhiều cấp phó.")
    assert answer == 1.0 and restated < answer


@pytest.mark.parametrize(
    "text",
    [
        "Mô hình còn những hạn chế gì? Huyện đã giảm 12 cấp phó.",
        "năm 2018 dự kiến thực hiện ở 3 xã, nâng cao hiệu quả hoạt động",
        "UBND tỉnh Sơn La",
        "",
    ],
)
def test_a_texts_terms_are_its_tokens_synonym_groups_and_counts(text):
    analyzer = Analyzer("bigram")
    coverage = SentenceCoverage(analyzer, _idf)
    tokens = frozenset(t for t in analyzer.tokens(text) if "_" not in t or t[0] in "#=")
    assert coverage._terms(text) == tokens | {c for c, _ in synonym_matches(text)} | counts(text)


def test_passages_of_one_title_read_it_once_and_score_as_alone():
    coverage = SentenceCoverage(Analyzer("bigram"), _idf)
    terms = coverage.query_terms("Sơn La giảm bao nhiêu cấp phó")
    title = "Sơn La sắp xếp bộ máy"
    first = coverage.coverage(terms, "doc:0", "Tỉnh đã giảm 12 cấp phó.", title)
    second = coverage.coverage(terms, "doc:1", "Một câu khác.", title)
    alone = SentenceCoverage(Analyzer("bigram"), _idf)
    assert (first, second) == (alone.coverage(terms, "doc:0", "Tỉnh đã giảm 12 cấp phó.", title), alone.coverage(terms, "x:1", "Một câu khác.", title))
    assert coverage._titles.cache_info().hits == 1 and first > second > 0
