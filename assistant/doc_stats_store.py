"""The answerer's per-document statistics (`assistant.answering.doc_stats`) on disk: one SQLite
file under `TINHGON_DATA_DIR`, keyed by document id and content hash.

A row belongs to one version of one document, so a stale row is never read: a re-ingested
document has another hash and its statistics are computed again. Rows are written when
documents are ingested through `tinhgon ingest` or an upload, by `tinhgon doc-stats` for an index
built before they existed, and after a question that met documents without them (in a
background thread, so the question does not wait). Every API worker keeps its own file (several
workers on one Chroma server each fill theirs as they meet documents). Nothing here changes an
answer: a document without a row is analysed from its text, as it always was.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from assistant.answering.doc_stats import FORMAT, DocStats, apply, compute, has_stats
from assistant.units import DocIndex, build_index
from ingest.models import Document
from vectorstore.embedding_cache import connect_wal

log = logging.getLogger(__name__)
FILE_NAME = "doc_stats.sqlite3"
WRITE_DELAY_S = 1.0  # the background writer starts this long after a question queued documents
_CHUNK = 500


class DocStatsStore:
    """Statistics by (document id, content hash); safe for threads (one lock) and processes (WAL)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str], DocIndex] = {}
        self._writer: threading.Thread | None = None

    @classmethod
    def in_dir(cls, data_dir: Path) -> "DocStatsStore":
        return cls(Path(data_dir) / FILE_NAME)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect_wal(
                self.path,
                "CREATE TABLE IF NOT EXISTS doc_stats (doc_id TEXT NOT NULL, content_hash TEXT NOT NULL, format INTEGER NOT NULL, "
                "words TEXT NOT NULL, starts BLOB NOT NULL, ends BLOB NOT NULL, counts BLOB NOT NULL, rest TEXT NOT NULL, "
                "PRIMARY KEY (doc_id, content_hash))",
            )
        return self._conn

    # -- reading -----------------------------------------------------------------------------------
    def get_many(self, documents: Sequence[Document]) -> dict[str, DocStats]:
        """The stored statistics of these document versions (those without a row are left out)."""
        wanted = {(d.doc_id, d.content_hash) for d in documents}
        if not wanted:
            return {}
        rows: list[tuple] = []
        ids = sorted({doc_id for doc_id, _ in wanted})
        with self._lock:
            conn = self._connection()
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows += conn.execute(
                    f"SELECT doc_id, content_hash, words, starts, ends, counts, rest FROM doc_stats WHERE format = ? AND doc_id IN ({marks})",
                    [FORMAT, *chunk],
                ).fetchall()
        found: dict[str, DocStats] = {}
        for doc_id, content_hash, *encoded in rows:
            if (doc_id, content_hash) in wanted:
                found[doc_id] = DocStats.decode(*encoded)
        return found

    def fill(self, indexes: Iterable[DocIndex]) -> list[DocIndex]:
        """Apply stored statistics to the indexes that lack them; return those still without."""
        todo = [index for index in indexes if not has_stats(index)]
        stored = self.get_many([index.document for index in todo])
        missing = []
        for index in todo:
            stats = stored.get(index.document.doc_id)
            if stats is not None:
                apply(index, stats)
            else:
                missing.append(index)
        return missing

    # -- writing -----------------------------------------------------------------------------------
    def put_many(self, items: Sequence[tuple[Document, DocStats]]) -> None:
        if not items:
            return
        rows = [(d.doc_id, d.content_hash, FORMAT, *s.encode()) for d, s in items]
        with self._lock:
            conn = self._connection()
            with conn:
                # one row per document: the statistics of its older versions go
                conn.executemany("DELETE FROM doc_stats WHERE doc_id = ?", [(r[0],) for r in rows])
                conn.executemany(
                    "INSERT OR REPLACE INTO doc_stats (doc_id, content_hash, format, words, starts, ends, counts, rest) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )

    def store_documents(self, documents: Iterable[Document]) -> int:
        """Compute and store the statistics of these documents (at ingest, or to backfill); return how many."""
        items = [(d, stats) for d in documents if (stats := compute(build_index(d))) is not None]
        self.put_many(items)
        return len(items)

    def held(self) -> dict[str, str]:
        """Content hash of every document with statistics in the current format."""
        with self._lock:
            rows = self._connection().execute("SELECT doc_id, content_hash FROM doc_stats WHERE format = ?", (FORMAT,)).fetchall()
        return dict(rows)

    def delete(self, doc_ids: Iterable[str]) -> None:
        with self._lock:
            conn = self._connection()
            with conn:
                conn.executemany("DELETE FROM doc_stats WHERE doc_id = ?", [(d,) for d in doc_ids])

    def store_later(self, indexes: Iterable[DocIndex]) -> None:
        """Store the statistics of these indexes from a background thread (a question met them
        without statistics: what it computed is reused, the rest is computed there)."""
        with self._lock:
            for index in indexes:
                self._pending[(index.document.doc_id, index.document.content_hash)] = index
            if not self._pending or self._writer is not None:
                return
            self._writer = threading.Thread(target=self._drain, name="doc-stats-writer", daemon=True)
            self._writer.start()

    def _drain(self) -> None:
        time.sleep(WRITE_DELAY_S)  # let the question that queued them be answered first
        while True:
            with self._lock:
                if not self._pending:
                    self._writer = None
                    return
                _, index = self._pending.popitem()
            try:
                stats = compute(index)
                if stats is not None:
                    self.put_many([(index.document, stats)])
            except Exception as exc:  # statistics are an optimisation: never fail a question
                log.warning("could not store the statistics of %s: %s", index.document.doc_id, exc)

    def wait(self) -> None:
        """Wait until the background writer has stored everything queued (tests, shutdown)."""
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.join()

    def close(self) -> None:
        self.wait()
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def backfill(store: Any, stats: DocStatsStore, batch: int = 50, progress: Callable[[int], None] | None = None) -> int:
    """Compute and store the statistics of every indexed document without them (in the current
    format and for its current version), and drop those of documents no longer indexed; return
    how many were computed."""
    indexed: dict[str, str] = store.document_hashes()
    held = stats.held()
    stats.delete([doc_id for doc_id in held if doc_id not in indexed])
    todo = sorted(doc_id for doc_id, content_hash in indexed.items() if held.get(doc_id) != content_hash)
    done = 0
    for i in range(0, len(todo), batch):
        documents = store.get_documents(todo[i : i + batch])
        done += stats.store_documents(documents.values())
        if progress is not None:
            progress(len(documents))
    return done
