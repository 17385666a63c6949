"""Stored per-document statistics: equal to recomputed ones, and answers identical with or without them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answering import doc_stats as ds
from assistant.answering.candidates import document_names, document_sequence, document_words, unit_sequence, unit_words
from assistant.chain import Assistant
from assistant.doc_stats_store import DocStatsStore, backfill
from assistant.factory import make_retriever, open_store
from assistant.schemas import ChatRequest
from assistant.units import build_index
from ingest.pipeline import ingest_paths

QUESTIONS = [
    "Huyện Ba Chẽ đã giảm bao nhiêu cấp phó?",
    "Bến Tre thí điểm mô hình bí thư kiêm chủ tịch từ năm nào?",
    "huyen ba che giam bao nhieu cap pho",
    "Sơn La và Đồng Tháp sắp xếp bộ máy thế nào?",
    "Giá vé máy bay đi Tokyo là bao nhiêu?",
]


@pytest.fixture(scope="module")
def documents(corpus_dir: Path):
    return [item.document for item in ingest_paths([corpus_dir], None, dry_run=True).processed]


def derived(index) -> list[object]:
    """Everything the answerer reads from a document's statistics."""
    return [
        document_sequence(index),
        document_words(index),
        document_names(index),
        index.places,
        ds.sentence_frequencies(index),
        [unit_sequence(index, u) for u in index.units],
        [unit_words(index, u) for u in index.units],
    ]


def test_stored_statistics_equal_recomputed_ones(documents) -> None:
    for document in documents:
        stats = ds.compute(build_index(document))
        assert stats is not None
        applied = build_index(document)
        ds.apply(applied, ds.DocStats.decode(*stats.encode()))
        assert ds.has_stats(applied)
        assert derived(applied) == derived(build_index(document)), document.doc_id


def test_token_words_reads_like_a_list() -> None:
    words = ds.TokenWords(["uy", "ban", "nhan", "dan", "xa"], [0, 4, 5])
    assert len(words) == 2 and words[0] == ("uy", "ban", "nhan", "dan") and words[-1] == ("xa",)
    assert list(words) == [("uy", "ban", "nhan", "dan"), ("xa",)] and words.span(0, 2) == ("uy", "ban", "nhan", "dan", "xa")
    with pytest.raises(IndexError):
        words[2]


def test_the_store_keeps_one_version_per_document(tmp_path: Path, documents) -> None:
    store = DocStatsStore(tmp_path / "stats.sqlite3")
    first = documents[0]
    assert store.store_documents([first]) == 1
    assert first.doc_id in store.get_many([first])
    changed = replace(first, text=first.text + "\nMột câu mới.")
    assert store.get_many([changed]) == {}  # another version: not read
    store.store_documents([changed])
    assert store.held() == {first.doc_id: changed.content_hash}
    store.close()


def answers(assistant: Assistant) -> list[str]:
    out = []
    for question in QUESTIONS:
        response = assistant.answer(ChatRequest(question=question)).response
        out.append(response.model_dump_json(exclude={"timings_ms"}))
    return out


def test_answers_are_identical_with_stored_lazy_or_no_statistics(corpus_settings, tmp_path: Path) -> None:
    store = open_store(corpus_settings)
    retriever = make_retriever(corpus_settings, store)
    plain = answers(Assistant(store=store, retriever=retriever, k=5))

    stats = DocStatsStore(tmp_path / "stats.sqlite3")
    lazy = Assistant(store=store, retriever=retriever, k=5, doc_stats=stats)
    assert answers(lazy) == plain  # no statistics stored yet: computed, then stored in the background
    stats.wait()
    assert set(stats.held()) and set(stats.held()) <= set(store.document_hashes())

    missing = len(store.document_hashes()) - len(stats.held())
    assert backfill(store, stats) == missing and backfill(store, stats) == 0
    assert stats.held() == store.document_hashes()
    stored = Assistant(store=store, retriever=retriever, k=5, doc_stats=stats)
    assert answers(stored) == plain  # every document read from the stored statistics
    assert all(ds.has_stats(index) for index in stored._indexes._items.values())
    stats.close()
