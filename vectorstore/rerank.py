"""Sentence-focus re-ranking: favour passages in which one sentence covers the question.

An answer usually sits in one sentence. For each candidate passage we take its best sentence's
IDF-weighted coverage of the question's (accent-folded) terms and add it to the fused score.
Cheap (a few candidates, cached sentence token sets), no model, deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from ingest.splitter import sentence_spans
from vectorstore.lexical import Analyzer



def _unigrams(tokens: Sequence[str]) -> frozenset[str]:
    return frozenset(t for t in tokens if "_" not in t or t[0] in "#=")


class SentenceCoverage:
    """`coverage(query_terms, passage_id, text)` in [0, 1]: the best sentence's share of query IDF."""

    def __init__(self, analyzer: Analyzer, idf: Callable[[str], float], cache_size: int = 20000) -> None:
        self.analyzer = analyzer
        self.idf = idf
        self._sentences = lru_cache(maxsize=cache_size)(self._sentence_terms)

    def query_terms(self, query: str) -> dict[str, float]:
        tokens = self.analyzer.query_tokens(query)
        if any(t[0] not in "~#=" for t in tokens):  # accented question: accented terms are precise
            tokens = [t for t in tokens if t[0] != "~"]
        return {t: w for t in _unigrams(tokens) if (w := self.idf(t)) > 0}

    def _sentence_terms(self, passage_id: str, text: str, title: str) -> tuple[frozenset[str], ...]:
        """Each sentence's terms, plus the title's (the title gives every sentence its context)."""
        spans = sentence_spans(text) or [(0, len(text))]
        header = _unigrams(self.analyzer.tokens(title)) if title else frozenset()
        return tuple(header | _unigrams(self.analyzer.tokens(text[s:e])) for s, e in spans)

    def coverage(self, terms: dict[str, float], passage_id: str, text: str, title: str = "") -> float:
        total = sum(terms.values())
        if total <= 0:
            return 0.0
        best = 0.0
        for sentence in self._sentences(passage_id, text, title):
            got = sum(w for t, w in terms.items() if t in sentence)
            best = max(best, got)
        return best / total
