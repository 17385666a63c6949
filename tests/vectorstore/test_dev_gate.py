"""The retrieval gate on the dev set: evidence in the top passage for >= 85% of answerable
questions, in the top 5 for >= 98% (evidence rule of eval.evidence; follow-ups searched with
their previous user turn)."""

from __future__ import annotations

import time

import pytest

from eval.bench_retrieval import dev_ranks, load_dev, metrics_from_ranks


@pytest.mark.slow
def test_dev_set_retrieval_gate(corpus_settings, dev_set_path):
    from assistant.factory import make_retriever, open_store

    store = open_store(corpus_settings)
    try:
        retriever = make_retriever(corpus_settings, store)
        questions = load_dev(dev_set_path)
        assert len(questions) >= 20
        ranks = dev_ranks(retriever, questions, k=5)
        metrics = metrics_from_ranks(ranks)
        misses = {q.id: r for q, r in zip(questions, ranks) if r != 1}
        assert metrics["hit@1"] >= 0.85, (metrics, misses)
        assert metrics["hit@5"] >= 0.98, (metrics, misses)

        # every question typed without diacritics finds its evidence in the top 5
        plain = [r for q, r in zip(questions, ranks) if "no-diacritics" in q.tags]
        assert plain and all(r is not None for r in plain), misses

        # latency: a search costs little more than embedding the query (median over the questions)
        embed_ms, search_ms = [], []
        for q in questions[:8]:
            text = q.query + " ?"  # not in the query LRU
            t = time.perf_counter()
            store.embedder.embed_queries([text])
            embed_ms.append(time.perf_counter() - t)
            t = time.perf_counter()
            retriever.search(text + " ")
            search_ms.append(time.perf_counter() - t)
        embed_ms.sort(), search_ms.sort()
        assert search_ms[len(search_ms) // 2] <= 3 * embed_ms[len(embed_ms) // 2] + 0.010
    finally:
        store.close()
