"""HybridRetriever: dense (Chroma) and lexical (BM25) candidates fused, then re-ranked.

Stages: dense and BM25 candidates (50 each) → weighted fusion of min-max normalised scores →
sentence-focus stage (best sentence's coverage of the question, the document's title and lead
counting for every sentence; a year asked about favours documents of that year; vectorstore.rerank)
→ at most `max_per_document` passages of one document in the top k → optional external `reranker`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from ingest.models import passage_id
from vectorstore import fusion, rerank
from vectorstore.results import SearchFilters, SearchResult

# A re-ranking stage: (query, candidates best first) → candidates in a new order.
Reranker = Callable[[str, list[SearchResult]], list[SearchResult]]


class HybridRetriever(BaseRetriever):
    """Search a `PassageStore` with both retrievers and fuse the rankings.

    `mode` selects "hybrid" (default), "dense" or "lexical" (the last two for benchmarks).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any
    k: int = 5
    mode: Literal["hybrid", "dense", "lexical"] = "hybrid"
    # Defaults chosen by measurement (see /work/notes/retrieval_results.md and the README table).
    fusion: Literal["rrf", "weighted"] = "weighted"
    dense_weight: float = 1.0
    lexical_weight: float = 1.5
    sentence_weight_dense: float = 1.0  # passages ranked by their best sentence's vector (when the store has them)
    rrf_c: float = 60.0
    candidates: int = 50
    sentence_weight: float = 1.0  # weight of the best sentence's query coverage (0 disables the stage)
    rerank_depth: int = 20  # fused candidates the sentence stage re-scores
    max_per_document: int | None = 3  # within the top k, passages from one document beyond this go last
    reranker: Reranker | None = None
    lead_context: bool = True  # the sentence stage credits terms of the document's lead to every passage
    year_weight: float = 0.3  # sentence-stage bonus when a year in the question is the document's year

    # -- the contract ---------------------------------------------------------------------------
    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None) -> list[SearchResult]:
        """The best `k` passages for the query, best first."""
        vector = self.store.embedder.embed_query_vector(query) if self.mode != "lexical" else None
        return self._search_with(query, vector, k or self.k, filters)

    def search_many(
        self, queries: Sequence[str], k: int | None = None, filters: SearchFilters | None = None
    ) -> list[list[SearchResult]]:
        """`search` for many queries; query vectors are computed in one batch."""
        queries = list(queries)
        if not queries:
            return []
        vectors: list[np.ndarray | None] = (
            list(self.store.embedder.embed_queries(queries)) if self.mode != "lexical" else [None] * len(queries)
        )
        return [self._search_with(q, v, k or self.k, filters) for q, v in zip(queries, vectors, strict=True)]

    # -- LangChain -----------------------------------------------------------------------------
    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [to_langchain(r) for r in self.search(query)]

    # -- internals -------------------------------------------------------------------------------
    def _search_with(self, query: str, vector: np.ndarray | None, k: int, filters: SearchFilters | None) -> list[SearchResult]:
        n = max(self.candidates, k)
        dense = self.store.dense_search(vector, n, filters) if vector is not None else []
        lexical = self.store.lexical_search(query, n, filters) if self.mode != "dense" else []
        searcher = getattr(self.store, "sentence_search", None)
        use_sentences = self.mode == "hybrid" and vector is not None and searcher is not None and self.sentence_weight_dense > 0
        sentences = searcher(vector, 2 * n, filters) if use_sentences else []
        if self.mode == "dense":
            ranked = dense
        elif self.mode == "lexical":
            ranked = lexical
        else:
            lists, weights = (dense, lexical, sentences), (self.dense_weight, self.lexical_weight, self.sentence_weight_dense)
            fused = fusion.rrf(lists, weights, self.rrf_c) if self.fusion == "rrf" else fusion.weighted(lists, weights)
            ranked = fusion.top(fused, n)
            if self.sentence_weight > 0 and ranked:
                ranked = self._sentence_stage(query, ranked)
            if self.max_per_document:
                ranked = self._diversify(ranked, k)
        depth = n if self.reranker is not None else k
        results = [r for pid, score in ranked[:depth] if (r := self.store.result(pid, score)) is not None]
        if self.reranker is not None:
            results = self.reranker(query, results)
        return results[:k]

    def _sentence_stage(self, query: str, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        coverage = self.store.sentence_coverage
        terms = coverage.query_terms(query)
        years = rerank.query_years(query) if self.year_weight else frozenset()
        head, tail = ranked[: self.rerank_depth], ranked[self.rerank_depth :]
        top_score = head[0][1] or 1.0
        rescored = []
        for pid, score in head:
            text, title, doc = self.store.passage_text(pid), self.store.passage_header(pid), self.store.doc_id_of(pid)
            bonus = coverage.coverage(terms, pid, text, title, self._lead(doc)) if text is not None else 0.0
            if years and self._published_year(doc) in years:
                bonus += self.year_weight
            rescored.append((pid, score / top_score + self.sentence_weight * bonus))
        rescored.sort(key=lambda item: -item[1])
        floor = min(s for _, s in rescored)
        return rescored + [(pid, min(floor, s / top_score) - 1e-9) for pid, s in tail]

    def _lead(self, doc_id: str | None) -> frozenset[str]:
        """Terms of the document's lead (first sentences of its first passage)."""
        if not self.lead_context or doc_id is None:
            return frozenset()
        lead_id = passage_id(doc_id, 0)
        text = self.store.passage_text(lead_id)
        return self.store.sentence_coverage.lead_terms(lead_id, text) if text else frozenset()

    def _published_year(self, doc_id: str | None) -> str | None:
        info = self.store.document_info(doc_id) if doc_id is not None else None
        return info.published[:4] if info is not None and info.published else None

    def _diversify(self, ranked: list[tuple[str, float]], k: int) -> list[tuple[str, float]]:
        """Keep at most `max_per_document` passages of one document in the top k (the rest move down)."""
        chosen, deferred, per_doc = [], [], {}
        for pid, score in ranked:
            doc = self.store.doc_id_of(pid)
            if len(chosen) < k and per_doc.get(doc, 0) >= self.max_per_document:
                deferred.append((pid, score))
                continue
            per_doc[doc] = per_doc.get(doc, 0) + 1
            chosen.append((pid, score))
        return chosen[:k] + deferred + chosen[k:]


def to_langchain(result: SearchResult) -> LCDocument:
    metadata = result.to_json()
    metadata.pop("text")
    metadata["passage_id"] = result.passage_id
    metadata["references"] = list(result.references)
    return LCDocument(page_content=result.text, metadata=metadata)
