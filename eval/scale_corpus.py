"""A large index from a small real corpus: its documents repeated with new ids and changed numbers.

The scale benchmark needs about 100,000 passages; embedding that many on a 2-core machine takes
many hours. So the base corpus is embedded once through the content-hash cache, and copy `k` of a
document is the same document with
  * a new id (`{doc_id}~{k}`), source and path,
  * every digit d of its title, text and references replaced by (d + k) mod 10 (so "2025" becomes
    "3136" in copy 1): lengths, offsets, passages and sentences stay where they were,
  * for every text it embeds (passages with their header, and sentences) that differs from the
    original's text at the same position, that text's vector plus Gaussian noise (sigma 0.01 per
    dimension, then renormalised: cosine about 0.98 to the original), written into the embedding
    cache under the copy's own text before the copy is indexed; a text without digits is the
    original's text and keeps its vector.
Indexing then runs through `PassageStore.upsert_many` (the same rows as `upsert_document`, written
for many documents at once; see `eval.bench_scale.build_index`), which finds every vector in the
cache. Lexical statistics grow as in a real archive (document frequencies scale with the copies);
dense neighbours are real passages' vectors, each spread into a small cloud.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from ingest.models import Document, Passage, embedding_text
from ingest.splitter import sentence_spans
from vectorstore.embedding_cache import EmbeddingCache, cache_key

NOISE_SIGMA = 0.01
Item = tuple[Document, Sequence[Passage]]


def shift_digits(text: str, k: int) -> str:
    """Every ASCII digit d becomes (d + k) mod 10; nothing else changes (same length, same offsets)."""
    table = str.maketrans({str(d): str((d + k) % 10) for d in range(10)})
    return text.translate(table)


def copy_item(item: Item, k: int) -> Item:
    """Copy `k` (>= 1) of a document and its passages: new id, digits shifted by k."""
    document, passages = item
    doc_id = f"{document.doc_id}~{k}"
    text = shift_digits(document.text, k)
    copy = replace(
        document,
        doc_id=doc_id,
        source=f"{document.source}~{k}",
        path=f"{document.path}~{k}",
        title=shift_digits(document.title, k),
        text=text,
        references=tuple(shift_digits(r, k) for r in document.references),
    )
    return copy, [Passage(doc_id, p.index, text[p.start : p.end], p.start, p.end) for p in passages]


def embedded_texts(item: Item, with_sentences: bool = True) -> list[str]:
    """Every text the store embeds for a document, in a fixed order: passages, then sentences."""
    document, passages = item
    texts = [embedding_text(document, p) for p in passages]
    if with_sentences:
        texts += [document.text[s:e] for s, e in sentence_spans(document.text)]
    return texts


def copies_until(base: Sequence[Item], target_passages: int) -> Iterator[tuple[Item, Item]]:
    """(original, copy) pairs: copies 1, 2, … document by document until base + copies hold
    `target_passages` passages."""
    total = sum(len(p) for _, p in base)
    k = 1
    while total < target_passages:
        for item in base:
            if total >= target_passages:
                return
            copy = copy_item(item, k)
            total += len(copy[1])
            yield item, copy
        k += 1


class CopyVectors:
    """Writes a copy's vectors into the embedding cache, taken from its original's cached vectors."""

    def __init__(self, cache_path: Path, model_id: str, dimension: int, with_sentences: bool, seed: int = 0) -> None:
        self._cache = EmbeddingCache(cache_path)
        self._model_id = model_id
        self._dimension = dimension
        self._with_sentences = with_sentences
        self._rng = np.random.default_rng(seed)

    def seed(self, original: Item, copy: Item) -> bool:
        """Cache the copy's vectors; False when the copy splits differently or a vector is missing."""
        source = embedded_texts(original, self._with_sentences)
        target = embedded_texts(copy, self._with_sentences)
        if len(source) != len(target):
            return False
        keys = [cache_key(self._model_id, "passage", t) for t in source]
        held = self._cache.get_many(keys, self._dimension)
        if len(held) < len(set(keys)):
            return False
        vectors = np.stack([held[key] for key in keys])
        noisy = vectors + self._rng.normal(0.0, NOISE_SIGMA, vectors.shape).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        # A text the copy shares with its original (no digit in it) keeps the original's vector, as
        # embedding the same text again would: writing a noisy one would overwrite the original's
        # cache entry, and every later copy would add its noise to that (a random walk).
        self._cache.put_many(
            [(cache_key(self._model_id, "passage", t), v) for s, t, v in zip(source, target, noisy, strict=True) if t != s]
        )
        return True

    def close(self) -> None:
        self._cache.close()
