"""The reported passages: retrieval's order fused with the answer model's (reciprocal rank fusion)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answering.rerank import reranked_passages
from vectorstore.results import SearchResult


def _passage(doc: str, start: int, end: int, pid: str | None = None) -> SearchResult:
    return SearchResult(pid or f"{doc}:{start}", doc, f"{doc}.txt", doc, None, "x" * (end - start), start, end, 0.0)


def _scored(passage: SearchResult, score: float, rank: int = 0, inside: bool = True):
    return SimpleNamespace(passage=passage, inside=inside, rank=rank), score


A, B, C, D = (_passage(d, 0, 100) for d in "abcd")


def test_first_in_both_orders_stays_first_and_the_count_is_kept() -> None:
    ranked = [_scored(A, 0.9), _scored(C, 0.7), _scored(B, 0.1)]
    assert reranked_passages(ranked, [A, B, C]) == [A, C, B]


def test_a_passage_the_model_puts_first_rises_but_retrieval_still_counts() -> None:
    # retrieval A, B, C; model C, A, B: A 1/12 + 1/11 > C 1/11 + 1/13 > B 1/13 + 1/12
    ranked = [_scored(C, 0.9), _scored(A, 0.7), _scored(C, 0.6), _scored(B, 0.1)]
    assert reranked_passages(ranked, [A, B, C]) == [A, C, B]
    # no sentence of A scored: C 1/11 + 1/13 > B 1/12 + 1/12 > A 1/11 alone
    assert reranked_passages([_scored(C, 0.9), _scored(B, 0.5)], [A, B, C]) == [C, B, A]


def test_a_passage_beyond_the_reported_ones_ranks_just_past_the_pool() -> None:
    # D, 4th in a pool of 10 but not reported, counts as retrieval rank 11:
    # A 1/12 + 1/11 > C 1/13 + 1/13 > D 1/11 + 1/21 > B 1/12 (no sentence scored)
    ranked = [_scored(D, 0.9, rank=3), _scored(A, 0.8), _scored(C, 0.2), _scored(_passage("e", 0, 9, "e@0-9"), 0.1, 10, False)]
    assert reranked_passages(ranked, [A, B, C]) == [A, C, D]


def test_a_window_is_reported_only_when_it_adds_text() -> None:
    window = _passage("e", 40, 90, "e@40-90")
    covered = _passage("a", 50, 80, "a@50-80")
    ranked = [_scored(A, 0.9), _scored(covered, 0.85, rank=10, inside=False), _scored(window, 0.8, rank=10, inside=False)]
    result = reranked_passages(ranked, [A, B, C], k=10)
    assert covered not in result and window in result
    assert result[0] == A


def test_k_limits_the_list() -> None:
    assert reranked_passages([_scored(B, 0.5)], [A, B, C], k=2) == [B, A]
