"""The scale benchmark's copies: new ids, changed numbers, same offsets, vectors from the original."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from eval.scale_corpus import CopyVectors, copies_until, copy_item, embedded_texts, shift_digits
from ingest.pipeline import ingest_paths
from vectorstore.embedding_cache import EmbeddingCache, cache_key

MODEL = "test-model"
DIM = 8


def _items(corpus_dir: Path) -> list:
    return [(item.document, item.passages) for item in ingest_paths([corpus_dir], None, dry_run=True).processed]


def test_shift_digits_changes_every_digit_and_nothing_else() -> None:
    assert shift_digits("Ngày 24/9/2021, 705 xã", 1) == "Ngày 35/0/3132, 816 xã"
    assert shift_digits("không có số", 3) == "không có số"


def test_a_copy_keeps_offsets_and_changes_ids_and_numbers(corpus_dir: Path) -> None:
    original = next(item for item in _items(corpus_dir) if any(ch.isdigit() for ch in item[0].text))
    document, passages = copy_item(original, 2)
    assert document.doc_id == f"{original[0].doc_id}~2" and document.text != original[0].text
    assert len(document.text) == len(original[0].text)
    assert [(p.start, p.end) for p in passages] == [(p.start, p.end) for p in original[1]]
    assert all(p.doc_id == document.doc_id and document.text[p.start : p.end] == p.text for p in passages)
    assert len(embedded_texts((document, passages))) == len(embedded_texts(original))


def test_copies_stop_once_the_target_is_reached_with_distinct_ids(corpus_dir: Path) -> None:
    items = _items(corpus_dir)
    base = sum(len(p) for _, p in items)
    pairs = list(copies_until(items, 3 * base))
    total = base + sum(len(copy[1]) for _, copy in pairs)
    assert 3 * base <= total < 3 * base + max(len(p) for _, p in items)
    ids = [copy[0].doc_id for _, copy in pairs]
    assert len(ids) == len(set(ids)) and not set(ids) & {d.doc_id for d, _ in items}


def test_copy_vectors_come_from_the_original_with_a_little_noise(tmp_path: Path, corpus_dir: Path) -> None:
    original = _items(corpus_dir)[0]
    texts = embedded_texts(original)
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(len(texts), DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    cache.put_many([(cache_key(MODEL, "passage", t), v) for t, v in zip(texts, vectors, strict=True)])
    seeder = CopyVectors(tmp_path / "cache.sqlite3", MODEL, DIM, with_sentences=True)
    copy = copy_item(original, 1)
    assert seeder.seed(original, copy)
    copy_texts = embedded_texts(copy)
    held = cache.get_many([cache_key(MODEL, "passage", t) for t in copy_texts], DIM)
    copied = np.stack([held[cache_key(MODEL, "passage", t)] for t in copy_texts])
    cosines = np.sum(copied * vectors, axis=1)
    changed = np.array([a != b for a, b in zip(texts, copy_texts, strict=True)])
    assert changed.any() and not changed.all()
    assert np.all(cosines[changed] > 0.95) and np.all(cosines[changed] < 1.0)  # near the original, not the same point
    assert np.allclose(cosines[~changed], 1.0, atol=1e-5)  # a text without digits is the original's own: its vector is kept
    assert np.allclose(np.linalg.norm(copied, axis=1), 1.0, atol=1e-5)


def test_a_copy_whose_original_was_never_embedded_is_refused(tmp_path: Path, corpus_dir: Path) -> None:
    original = _items(corpus_dir)[0]
    seeder = CopyVectors(tmp_path / "empty.sqlite3", MODEL, DIM, with_sentences=True)
    assert not seeder.seed(original, copy_item(original, 1))


def test_the_benchmark_index_holds_the_base_and_its_copies(tmp_path: Path, corpus_dir: Path) -> None:
    import os

    from assistant.factory import open_store
    from assistant.settings import Settings
    from eval.bench_scale import build_index

    cache_dir = Path(os.environ.get("TINHGON_EMBEDDING_CACHE") or tmp_path / "cache")
    base = sum(len(p) for _, p in _items(corpus_dir))
    info = build_index(tmp_path / "index", cache_dir, [corpus_dir], 2 * base + 1)
    assert info["copies_skipped"] == 0 and info["passages"] > 2 * base
    assert build_index(tmp_path / "index", cache_dir, [corpus_dir], 2 * base + 1) == info  # kept, not rebuilt
    with open_store(Settings(data_dir=tmp_path / "index", embedding_cache=cache_dir)) as store:
        copy_id = next(d.doc_id for d in store.list_documents() if d.doc_id.endswith("~2"))
        copy = store.get_document(copy_id)
        assert copy is not None and store.waiting_for_vectors() == 0
        sentence = next(s for s in copy.text.split(". ") if any(ch.isdigit() for ch in s) and len(s) > 40)
        vector = store.embedder.embed_query_vector(sentence)
        assert any(store.doc_id_of(pid) == copy_id for pid, _ in store.dense_search(vector, 10))
