"""Indexing in two phases: text first (searchable by words at once), vectors later.

`add_texts` writes the document record and its passages to the waiting collection without
vectors (a placeholder vector each), so lexical search finds them at once; `embed_waiting` embeds
them, writes them as any upsert does and removes their waiting rows. A waiting row whose passage
already holds a vector of the same document version is a leftover of an interrupted second phase
and is dropped on open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

from assistant.errors import StoreError
from ingest.models import Document, Passage
from vectorstore.records import doc_metadata, passage_base_metadata
from vectorstore.store_writes import StoreWrites


class StoreTwoPhase(StoreWrites):
    def add_text(self, document: Document, passages: Sequence[Passage]) -> int:
        """Phase one for one document (see `add_texts`)."""
        return self.add_texts([(document, passages)])

    def add_texts(self, items: Sequence[tuple[Document, Sequence[Passage]]], added: Mapping[str, str] | None = None) -> int:
        """Phase one: make documents searchable by words now (their passages wait for vectors).

        Written in few large Chroma calls (their cost is mostly per call). Any older version's
        vectors and sentences go; `embed_waiting` computes the new ones. `added` keeps the time a
        document was first indexed (a re-index copies it). Returns the passages written."""
        written = self._add_texts(items, added or {})
        while self._follow_switch():  # a re-index switched during the write: write them where they are read now
            written = self._add_texts(items, added or {})
        return written

    def _add_texts(self, items: Sequence[tuple[Document, Sequence[Passage]]], known_added: Mapping[str, str]) -> int:
        rows = [(document, p) for document, passages in items for p in passages]
        doc_ids = [document.doc_id for document, _ in items]
        bases = {document.doc_id: passage_base_metadata(document) for document, _ in items}
        with self._lock:
            added = {document.doc_id: known_added.get(document.doc_id) or self._added_time(document) for document, _ in items}
            for doc_id in doc_ids:
                self._forget_sentences(doc_id)
            try:
                step = max(1, min(5000, int(self._client.get_max_batch_size())))
                for i in range(0, len(rows), step):
                    chunk = rows[i : i + step]
                    self._waiting_col.upsert(
                        ids=[p.passage_id for _, p in chunk],
                        embeddings=[[1.0]] * len(chunk),
                        metadatas=[{**bases[d.doc_id], "index": p.index, "start": p.start, "end": p.end} for d, p in chunk],
                    )
                for i in range(0, len(doc_ids), 500):
                    where = {"doc_id": {"$in": doc_ids[i : i + 500]}}
                    self._passage_col.delete(where=where)
                    self._sentence_col.delete(where=where)
                for i in range(0, len(items), step):
                    chunk_items = items[i : i + step]
                    self._doc_col.upsert(
                        ids=[d.doc_id for d, _ in chunk_items],
                        embeddings=[[1.0]] * len(chunk_items),
                        documents=[d.text for d, _ in chunk_items],
                        metadatas=[doc_metadata(d, len(passages), added=added[d.doc_id]) for d, passages in chunk_items],
                    )
            except Exception as exc:
                raise StoreError(f"could not index {len(items)} documents in {self.where}: {exc}") from exc
            for document, passages in items:
                self._remember(document, passages, added[document.doc_id], waiting=True)
            self._announce_write()  # the lexical file is saved by `close`: a stale one is rebuilt on open
        return len(rows)

    def waiting_for_vectors(self) -> int:
        """Passages searchable by words only, until `embed_waiting` gives them vectors."""
        self.sync()
        with self._lock:
            return sum(len(pids) for pids in self._waiting.values())

    def embed_waiting(
        self,
        batch_passages: int = 256,
        on_indexed: Callable[[Document, int], None] | None = None,
        stop: threading.Event | None = None,
    ) -> int:
        """Phase two: embed the waiting passages, a group of documents at a time (one batch for
        the embedder, then one ordinary upsert each); return how many vectors were computed now.

        Safe to stop at any point (`stop`, or a crash): what is written stays, and the next call
        goes on from there. A document replaced meanwhile (an upload) is left to its new version."""
        computed = 0
        tried: set[str] = set()
        while not (stop is not None and stop.is_set()) and (group := self._next_waiting_group(batch_passages, tried)):
            self.prepare(group)  # vectors into the cache outside the lock; the upserts below only read them
            for document, passages in group:
                if stop is not None and stop.is_set():
                    break
                with self._lock:
                    current = self._docs.get(document.doc_id)
                    if document.doc_id not in self._waiting or current is None or current.content_hash != document.content_hash:
                        continue
                    computed += self.upsert_document(document, passages)
                if on_indexed is not None:
                    on_indexed(document, len(passages))
        return computed

    def _next_waiting_group(self, batch_passages: int, tried: set[str]) -> list[tuple[Document, list[Passage]]]:
        group: list[tuple[Document, list[Passage]]] = []
        with self._lock:
            doc_ids = sorted(set(self._waiting) - tried)
        for doc_id in doc_ids:
            tried.add(doc_id)
            document = self.get_document(doc_id)
            with self._lock:
                info = self._docs.get(doc_id)
                if document is None or info is None or doc_id not in self._waiting or document.content_hash != info.content_hash:
                    continue
                group.append((document, self.passages_of(doc_id)))
            if sum(len(passages) for _, passages in group) >= batch_passages:
                break
        return group
