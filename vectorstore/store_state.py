"""What a `PassageStore` holds in memory, and how its lexical index is kept on disk.

The store's behaviour is split over a few modules (loading, writing, two-phase indexing, reading,
following other processes); they all work on the state declared here.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.embedders import TinhGonEmbeddings
from vectorstore.lexical import Analyzer, LexicalIndex, fingerprint
from vectorstore.records import PassageRecord, lexical_text
from vectorstore.rerank import SentenceCoverage
from vectorstore.results import DocumentInfo

FLUSH_EVERY_S = 15.0
SYNC_EVERY_S = 0.5  # how stale a store on a shared Chroma server may be (writes by other processes)
SENTENCE_CACHE_DOCS = 512  # documents whose sentence vectors are kept in memory

# The attributes that belong to one generation of collections: what a store replaces, all at once,
# when it follows a switch to another generation (`StoreSync._follow_switch`).
GENERATION_STATE = (
    "prefix",
    "_embedder",
    "_sentence_cache",
    "_docs",
    "_passages",
    "_doc_passages",
    "_doc_hash_of_passage",
    "_last_flush",
    "_flush_cost",
    "_prepared",
    "_passage_col",
    "_doc_col",
    "_sentence_col",
    "_waiting_col",
    "_waiting",
    "lexical",
    "sentence_coverage",
    "_version",
    "_last_sync",
)


class StoreState:
    """The attributes every part of the store reads and writes (set up by `PassageStore.__init__`)."""

    data_dir: Path
    chroma_url: str | None
    name: str  # the collection name the settings give (TINHGON_COLLECTION)
    prefix: str  # the prefix of the generation serving now (see `vectorstore.generations`)
    sentence_vectors: bool
    sync_every_s: float
    _analyzer: Analyzer | None
    _pinned: bool  # opened on one generation on purpose: never follows a switch
    _embedder_factory: Callable[[str], TinhGonEmbeddings] | None
    _embedder: TinhGonEmbeddings
    _lock: threading.RLock
    _client: Any
    _passage_col: Any
    _doc_col: Any
    _sentence_col: Any
    _waiting_col: Any
    _docs: dict[str, DocumentInfo]
    _passages: dict[str, PassageRecord]
    _doc_passages: dict[str, list[str]]
    _doc_hash_of_passage: dict[str, str]
    _waiting: dict[str, set[str]]  # doc id -> its passages still without a vector
    _sentence_cache: OrderedDict[tuple[str, str], np.ndarray | None]
    _prepared: set[str]  # embedded by `prepare`, not yet counted by an upsert
    _last_flush: float
    _flush_cost: float  # seconds the last save of the lexical index took
    _version: str | None
    _sentence_rows_at: tuple[int, str | None] | None = None  # (sentence collection, version) seen non-empty
    _last_sync: float
    lexical: LexicalIndex
    sentence_coverage: SentenceCoverage

    @property
    def where(self) -> str:
        return self.chroma_url or str(self.data_dir / "chroma")

    def _forget_sentences(self, doc_id: str) -> None:
        for key in [k for k in self._sentence_cache if k[0] == doc_id]:
            del self._sentence_cache[key]

    # -- the lexical index on disk ----------------------------------------------------------------
    def _fingerprint(self) -> str:
        return fingerprint(self._doc_hash_of_passage.items())

    def _rebuild_lexical(self) -> None:
        self.lexical.clear()
        self.lexical.add(
            (pid, lexical_text(self._docs[rec.doc_id], rec.text)) for pid, rec in self._passages.items() if rec.doc_id in self._docs
        )
        self.lexical.save(self._fingerprint())
        self._last_flush = time.monotonic()

    def _maybe_flush(self) -> None:
        # Saving rewrites the whole file, so a long ingest saves at most 1/20 of the time: the
        # file only spares a rebuild on the next open (a stale one is rebuilt from Chroma).
        if time.monotonic() - self._last_flush > max(FLUSH_EVERY_S, 20 * self._flush_cost):
            self.flush()

    def flush(self) -> None:
        """Persist the lexical index if it changed (Chroma persists itself)."""
        with self._lock:
            if self.lexical.dirty:
                began = time.monotonic()
                self.lexical.save(self._fingerprint())
                self._flush_cost = time.monotonic() - began
            self._last_flush = time.monotonic()
