"""Table tests for every metric, on hand-made cases."""

from __future__ import annotations

import math

import pytest

from eval import metrics as m
from eval.dataset import EvidenceItem

DOC_A, DOC_B = "a.txt", "b.txt"
Q_A = EvidenceItem(DOC_A, "toàn tỉnh có 1.017 trường hợp")
Q_B = EvidenceItem(DOC_B, "xã Tân Kiều và xã Hưng Thạnh")
P_A = m.Passage(DOC_A, "Theo báo cáo, toàn tỉnh có 1.017 trường hợp kiêm nhiệm.")
P_B = m.Passage(DOC_B, "Còn 2 xã chưa thực hiện (xã Tân Kiều và xã Hưng Thạnh).")
P_AB_WRONG_DOC = m.Passage(DOC_B, "toàn tỉnh có 1.017 trường hợp")  # right words, wrong document
NOISE = m.Passage(DOC_A, "Một câu không liên quan.")


@pytest.mark.parametrize(
    ("passages", "evidence", "ranks"),
    [
        ([P_A], [Q_A], [1]),
        ([NOISE, NOISE, P_A], [Q_A], [3]),
        ([P_AB_WRONG_DOC], [Q_A], [None]),
        ([P_B, NOISE, P_A], [Q_A, Q_B], [3, 1]),
        ([], [Q_A], [None]),
        # typographic quotes and whitespace are folded by the evidence rule
        ([m.Passage(DOC_A, "toàn  tỉnh\ncó 1.017 trường hợp")], [Q_A], [1]),
    ],
)
def test_evidence_ranks(passages, evidence, ranks):
    assert m.evidence_ranks(passages, evidence) == ranks


@pytest.mark.parametrize(
    ("ranks", "k", "hit"),
    [([1], 1, 1.0), ([2], 1, 0.0), ([2], 3, 1.0), ([5], 5, 1.0), ([6], 5, 0.0), ([None], 5, 0.0),
     ([1, 4], 3, 0.0), ([1, 3], 3, 1.0), ([1, None], 5, 0.0)],
)
def test_hit_at_k(ranks, k, hit):
    assert m.hit_at_k(ranks, k) == hit


@pytest.mark.parametrize(("ranks", "rr"), [([1], 1.0), ([2], 0.5), ([4], 0.25), ([None], 0.0), ([1, 3], 1 / 3), ([2, None], 0.0)])
def test_reciprocal_rank(ranks, rr):
    assert m.reciprocal_rank(ranks) == pytest.approx(rr)


@pytest.mark.parametrize(
    ("ranks", "ndcg"),
    [
        ([1], 1.0),
        ([2], 1 / math.log2(3)),
        ([5], 1 / math.log2(6)),
        ([6], 0.0),
        ([None], 0.0),
        ([1, 2], 1.0),  # ideal for two items
        ([2, 1], 1.0),
        ([1, 1], 1.0),  # one passage covers both: counts as ranks 1, 2 — never above 1
        ([1, 3], (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))),
        ([1, None], 1 / (1 + 1 / math.log2(3))),
    ],
)
def test_ndcg(ranks, ndcg):
    assert m.ndcg_at_k(ranks, 5) == pytest.approx(ndcg)


def test_retrieval_metrics_need_evidence():
    for fn in (lambda: m.hit_at_k([], 1), lambda: m.reciprocal_rank([]), lambda: m.ndcg_at_k([], 5)):
        with pytest.raises(ValueError):
            fn()


@pytest.mark.parametrize(
    ("answer", "must", "acc"),
    [
        ("Toàn tỉnh có 1.017 trường hợp [1].", ["1.017"], 1.0),
        ("Toàn tỉnh có 1017 trường hợp.", ["1.017"], 0.0),
        ("Đồng chí LÊ ĐỨC THỌ", ["Lê Đức Thọ"], 1.0),  # case
        ("dong chi le duc tho", ["Lê Đức Thọ"], 1.0),  # diacritics
        ("Ủy ban   nhân dân", ["uỷ ban nhân dân"], 1.0),  # tone placement, whitespace
        ("Xã Tân Kiều", ["Tân Kiều", "Hưng Thạnh"], 0.0),  # every string is needed
        ("Xã Tân Kiều và Hưng Thạnh", ["Tân Kiều", "Hưng Thạnh"], 1.0),
        ("anything", [], None),
    ],
)
def test_answer_accuracy(answer, must, acc):
    assert m.answer_accuracy(answer, must) == acc


@pytest.mark.parametrize(
    ("text", "toks"),
    [
        ("Toàn tỉnh có 1.017 trường hợp", ["toan", "tinh", "co", "1.017", "truong", "hop"]),
        ("11/13 xã, ngày 23-9-2021.", ["11/13", "xa", "ngay", "23-9-2021"]),
        ("Đảng ủy [1]", ["dang", "uy", "1"]),
        ("", []),
    ],
)
def test_tokens(text, toks):
    assert m.tokens(text) == toks


@pytest.mark.parametrize(
    ("answer", "reference", "f1"),
    [
        ("có 1.017 trường hợp", "có 1.017 trường hợp", 1.0),
        ("co 1.017 truong hop", "Có 1.017 trường hợp", 1.0),  # folded
        ("1.017", "có 1.017 trường hợp", 2 * (1 * 0.25) / 1.25),
        ("abc", "xyz", 0.0),
        ("xã xã", "xã", 2 * (0.5 * 1) / 1.5),  # bag of tokens: repeats count once each
        ("", "", 1.0),
        ("", "x", 0.0),
    ],
)
def test_token_f1(answer, reference, f1):
    assert m.token_f1(answer, reference) == pytest.approx(f1)


@pytest.mark.parametrize(
    "short, must, holds",
    [
        ("1.017", ["1.017 trường hợp"], True),  # part of a must_include string
        ("tỉnh Gia Lai", ["Gia Lai"], True),  # holds one
        ("tinh gia lai", ["Gia Lai"], True),  # folded
        ("Kon Tum", ["Gia Lai"], False),
        ("7", ["3 phường"], False),
        ("3", ["13 xã"], False),  # whole tokens only
        ("x", [], None),
    ],
)
def test_short_answer_holds_fact(short, must, holds):
    assert m.short_answer_holds_fact(short, must) is holds


def test_answer_length():
    assert m.answer_length("Tân Kiều [1]") == 12


CITE_A = m.CitedSpan(DOC_A, "Theo báo cáo, toàn tỉnh có 1.017 trường hợp kiêm nhiệm.", "passage")
CITE_A_OTHER_SENTENCE = m.CitedSpan(DOC_A, "Một câu khác.", "Một câu khác. Toàn tỉnh có 1.017 trường hợp. toàn tỉnh có 1.017 trường hợp")
CITE_B = m.CitedSpan(DOC_B, "(xã Tân Kiều và xã Hưng Thạnh)")
CITE_WRONG_DOC = m.CitedSpan(DOC_B, "toàn tỉnh có 1.017 trường hợp")


@pytest.mark.parametrize(
    ("citations", "evidence", "strict", "loose"),
    [
        ([CITE_A], [Q_A], 1.0, 1.0),
        ([CITE_A_OTHER_SENTENCE], [Q_A], 0.0, 1.0),  # only the passage holds the evidence
        ([CITE_WRONG_DOC], [Q_A], 0.0, 0.0),
        ([CITE_A], [Q_A, Q_B], 0.0, 0.0),
        ([CITE_B, CITE_A], [Q_A, Q_B], 1.0, 1.0),
        ([], [Q_A], 0.0, 0.0),
    ],
)
def test_citation_coverage(citations, evidence, strict, loose):
    assert m.citation_coverage(citations, evidence) == strict
    assert m.citation_coverage(citations, evidence, by_passage=True) == loose


def test_citation_coverage_long_quote_partial_run():
    long_quote = "Một số cán bộ bố trí kiêm nhiệm trong lãnh đạo, điều hành chưa toàn diện"
    item = EvidenceItem(DOC_A, long_quote)
    cut = m.CitedSpan(DOC_A, long_quote[: int(len(long_quote) * 0.7)] + "…")  # 70% contiguous run
    short = m.CitedSpan(DOC_A, long_quote[: int(len(long_quote) * 0.5)])  # only half
    assert m.citation_coverage([cut], [item]) == 1.0
    assert m.citation_coverage([short], [item]) == 0.0


def test_citations_from_evidence():
    assert m.citations_from_evidence([CITE_A, CITE_B, CITE_WRONG_DOC], {DOC_A}) == 1
    assert m.citations_from_evidence([], {DOC_A}) == 0


@pytest.mark.parametrize(
    ("quote", "start", "end", "ok"),
    [("tỉnh có", 5, 12, True), ("tinh co", 5, 12, False), ("tỉnh có", 5, 13, False), ("x", 40, 41, False), ("", 3, 3, True)],
)
def test_is_verbatim(quote, start, end, ok):
    assert m.is_verbatim(quote, "toàn tỉnh có 1.017", start, end) is ok


def test_is_verbatim_unknown_document():
    assert m.is_verbatim("a", None, 0, 1) is False


@pytest.mark.parametrize(
    ("answerable", "refused", "expected"),
    [
        # 2 unanswerable (both refused), 4 answerable (one refused)
        ([False, False, True, True, True, True], [True, True, True, False, False, False],
         {"refusal_precision": 2 / 3, "refusal_recall": 1.0, "refusal_f1": 0.8, "false_refusal_rate": 0.25}),
        ([False, True], [False, False],
         {"refusal_precision": None, "refusal_recall": 0.0, "refusal_f1": None, "false_refusal_rate": 0.0}),
        ([True, True], [True, False],
         {"refusal_precision": 0.0, "refusal_recall": None, "refusal_f1": None, "false_refusal_rate": 0.5}),
        ([False], [True], {"refusal_precision": 1.0, "refusal_recall": 1.0, "refusal_f1": 1.0, "false_refusal_rate": None}),
    ],
)
def test_refusal_scores(answerable, refused, expected):
    got = m.refusal_scores(answerable, refused)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == (pytest.approx(value) if value is not None else None), key


@pytest.mark.parametrize(
    ("values", "q", "p"),
    [([10.0], 50, 10.0), ([1.0, 2.0, 3.0, 4.0], 50, 2.5), ([1.0, 2.0, 3.0, 4.0], 95, 3.85), ([3.0, 1.0, 2.0], 50, 2.0), ([], 50, None),
     ([5.0, 1.0], 0, 1.0), ([5.0, 1.0], 100, 5.0)],
)
def test_percentile(values, q, p):
    assert m.percentile(values, q) == (pytest.approx(p) if p is not None else None)


def test_percentile_matches_numpy():
    np = pytest.importorskip("numpy")
    data = [12.5, 3.0, 7.25, 100.0, 41.0, 5.5, 9.0]
    for q in (5, 50, 90, 95, 99):
        assert m.percentile(data, q) == pytest.approx(float(np.percentile(data, q)))


def test_mean_ignores_none():
    assert m.mean([1.0, None, 0.0]) == 0.5
    assert m.mean([None]) is None
