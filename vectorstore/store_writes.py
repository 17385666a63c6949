"""Writing documents: the `ingest.sink.PassageSink` side of the store (upsert, delete, batching).

Writes are ordered so that an interrupted one is repaired on the next open (see `vectorstore.store`).
A write that finds, once done, that another generation serves now (a re-index switched meanwhile)
is made again in the new generation, so no upload or delete is lost across a switch.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.errors import StoreError
from ingest.models import Document, Passage, embedding_text
from ingest.splitter import sentence_spans
from vectorstore.records import (
    PassageRecord,
    doc_metadata,
    info_from_document,
    lexical_text,
    passage_base_metadata,
    sentence_id,
    sentence_texts,
)
from vectorstore.store_reads import StoreReads


class StoreWrites(StoreReads):
    def document_hashes(self) -> dict[str, str]:
        self.sync()
        with self._lock:
            return {doc_id: info.content_hash for doc_id, info in self._docs.items()}

    def document_paths(self) -> dict[str, str]:
        self.sync()
        with self._lock:
            return {doc_id: info.path for doc_id, info in self._docs.items()}

    def prepare(self, items: Sequence[tuple[Document, Sequence[Passage]]], batch: int = 64) -> int:
        """Embed the passages of many documents in large batches, ahead of their `upsert_document`.

        Optional (not part of PassageSink): batching is several times faster than embedding
        document by document. The vectors go to the embedding cache; each later upsert still
        reports the passages computed here as "embedded" (so ingest reports stay truthful).
        """
        embedder = self._embedder
        texts = list(dict.fromkeys(embedding_text(d, p) for d, passages in items for p in passages))
        todo = [texts[i] for i in embedder.uncached(texts)]
        sentences = list(dict.fromkeys(t for d, _ in items for t in sentence_texts(d))) if self.sentence_vectors else []
        extra = [sentences[i] for i in embedder.uncached(sentences)]
        work = todo + extra
        for i in range(0, len(work), batch):
            embedder.embed_passages(work[i : i + batch])
        with self._lock:
            self._prepared.update(todo)
        return len(todo)

    def upsert_document(self, document: Document, passages: Sequence[Passage]) -> int:
        """Index a document (replacing any older version); return how many passages were embedded now."""
        computed = self._upsert_document(document, passages)
        while self._follow_switch():  # a re-index switched during the write: write it where it is read now
            computed += self._upsert_document(document, passages)
        return computed

    def _upsert_document(self, document: Document, passages: Sequence[Passage]) -> int:
        embedder = self._embedder
        texts = [embedding_text(document, p) for p in passages]
        sentences = sentence_texts(document) if self.sentence_vectors else []
        vectors, computed = embedder.embed_passages(texts)
        sentence_vectors = embedder.embed_passages(sentences)[0] if sentences else np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            for text in texts:
                if text in self._prepared:
                    self._prepared.discard(text)
                    computed += 1
        with self._lock:
            if embedder is not self._embedder:  # switched to another embedder meanwhile: its vectors, not these
                return self._upsert_document(document, passages)
            added = self._added_time(document)
            new_ids = [p.passage_id for p in passages]
            old_ids = set(self._doc_passages.get(document.doc_id, []))
            base = passage_base_metadata(document)
            metas = [{**base, "index": p.index, "start": p.start, "end": p.end} for p in passages]
            old_sentences = self._sentence_count(document.doc_id)
            self._forget_sentences(document.doc_id)
            try:
                self._write_passages(new_ids, vectors, [p.text for p in passages], metas)
                self._write_sentences(document, sentence_vectors)
                stale = sorted(old_ids - set(new_ids))
                if stale:
                    self._passage_col.delete(ids=stale)
                stale_sentences = [sentence_id(document.doc_id, i) for i in range(len(sentences), old_sentences)]
                if stale_sentences:
                    self._sentence_col.delete(ids=stale_sentences)
                self._doc_col.upsert(
                    ids=[document.doc_id],
                    embeddings=[[1.0]],
                    documents=[document.text],
                    metadatas=[doc_metadata(document, len(passages), len(sentences), added)],
                )
                if self._waiting.pop(document.doc_id, None) is not None:
                    self._waiting_col.delete(where={"doc_id": document.doc_id})
            except Exception as exc:
                raise StoreError(f"could not index {document.doc_id!r} in {self.where}: {exc}") from exc
            self._remember(document, passages, added, waiting=False)  # memory and lexical index follow Chroma
            self._announce_write()
            self._maybe_flush()
        return computed

    def upsert_many(self, items: Sequence[tuple[Document, Sequence[Passage]]]) -> int:
        """Index many documents with a few large writes; return how many passages were embedded now.

        For bulk loads (the scale benchmark's copies): the vectors of all the documents are read
        or computed in one `embed_passages` call per kind, then Chroma receives all their passages,
        then all their sentences, then all their document records, in batches of up to 1,000 rows
        (the same order as `upsert_document`, so an interruption is repaired on the next open); the
        lexical index takes them all, and the version is announced once. The lexical file is saved
        as usual by `_maybe_flush` / `flush`. Documents already indexed (in any version) go through
        `upsert_document`, which also removes their stale rows."""
        fresh: list[tuple[Document, Sequence[Passage]]] = []
        computed = 0
        with self._lock:
            known = set(self._docs) | set(self._doc_passages)
        for document, passages in items:
            if document.doc_id in known or any(d.doc_id == document.doc_id for d, _ in fresh):
                computed += self.upsert_document(document, passages)
            else:
                fresh.append((document, passages))
        if not fresh:
            return computed
        embedder = self._embedder
        texts = [embedding_text(d, p) for d, passages in fresh for p in passages]
        vectors, now = embedder.embed_passages(texts)
        computed += now
        sentences = [sentence_texts(d) if self.sentence_vectors else [] for d, _ in fresh]
        flat = [t for group in sentences for t in group]
        sentence_vectors = embedder.embed_passages(flat)[0] if flat else np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            if embedder is not self._embedder or any(d.doc_id in self._docs for d, _ in fresh):
                return computed + sum(self.upsert_document(d, p) for d, p in fresh)  # the state moved meanwhile
            for text in texts:
                if text in self._prepared:
                    self._prepared.discard(text)
                    computed += 1
            added = [self._added_time(d) for d, _ in fresh]
            ids = [p.passage_id for _, passages in fresh for p in passages]
            metas = [
                {**passage_base_metadata(d), "index": p.index, "start": p.start, "end": p.end} for d, passages in fresh for p in passages
            ]
            try:
                self._write_passages(ids, vectors, [p.text for _, passages in fresh for p in passages], metas)
                self._write_sentences_many([d for d, _ in fresh], [len(g) for g in sentences], sentence_vectors)
                step = max(1, min(1000, int(self._client.get_max_batch_size())))
                for i in range(0, len(fresh), step):
                    part = range(i, min(i + step, len(fresh)))
                    self._doc_col.upsert(
                        ids=[fresh[j][0].doc_id for j in part],
                        embeddings=[[1.0] for _ in part],
                        documents=[fresh[j][0].text for j in part],
                        metadatas=[doc_metadata(fresh[j][0], len(fresh[j][1]), len(sentences[j]), added[j]) for j in part],
                    )
                waiting = [d.doc_id for d, _ in fresh if self._waiting.pop(d.doc_id, None) is not None]
                for doc_id in waiting:
                    self._waiting_col.delete(where={"doc_id": doc_id})
            except Exception as exc:
                raise StoreError(f"could not index {len(fresh)} documents in {self.where}: {exc}") from exc
            for (document, passages), when in zip(fresh, added, strict=True):
                self._remember(document, passages, when, waiting=False)
            self._announce_write()
            self._maybe_flush()
        if self._follow_switch():  # a re-index switched during the write: write them where they are read now
            computed += sum(self.upsert_document(d, p) for d, p in fresh)
        return computed

    def _write_sentences_many(self, documents: Sequence[Document], counts: Sequence[int], vectors: np.ndarray) -> None:
        """Sentence vectors of several documents (`counts[i]` rows of `vectors` each), in large batches."""
        ids: list[str] = []
        metas: list[dict[str, Any]] = []
        for document, count in zip(documents, counts, strict=True):
            spans = sentence_spans(document.text)
            for i in range(count):
                ids.append(sentence_id(document.doc_id, i))
                metas.append({"doc_id": document.doc_id, "doc_hash": document.content_hash, "index": i, "start": spans[i][0], "end": spans[i][1]})
        step = max(1, min(1000, int(self._client.get_max_batch_size())))
        for i in range(0, len(ids), step):
            self._sentence_col.upsert(ids=ids[i : i + step], embeddings=vectors[i : i + step], metadatas=metas[i : i + step])

    def _added_time(self, document: Document) -> str:
        """When this version of the document was first indexed: kept while its content is the same
        (its vectors arriving later do not make it new), now otherwise (lock held)."""
        known = self._docs.get(document.doc_id)
        if known is not None and known.content_hash == document.content_hash and known.added:
            return known.added
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    def _remember(self, document: Document, passages: Sequence[Passage], added: str, waiting: bool) -> None:
        """Memory and the lexical index take a document just written to Chroma (lock held);
        `waiting`: its passages have no vectors yet."""
        new_ids = [p.passage_id for p in passages]
        old_ids = set(self._doc_passages.get(document.doc_id, []))
        info = info_from_document(document, len(passages), added)
        for pid in old_ids:
            self._passages.pop(pid, None)
            self._doc_hash_of_passage.pop(pid, None)
        self._docs[document.doc_id] = info
        self._doc_passages[document.doc_id] = list(new_ids)
        for pid, p in zip(new_ids, passages, strict=True):
            self._passages[pid] = PassageRecord(pid, document.doc_id, p.index, p.text, p.start, p.end)
            self._doc_hash_of_passage[pid] = info.content_hash
        if waiting:
            self._waiting[document.doc_id] = set(new_ids)
        else:
            self._waiting.pop(document.doc_id, None)
        self.lexical.remove(old_ids - set(new_ids))
        self.lexical.add((pid, lexical_text(document, p.text)) for pid, p in zip(new_ids, passages, strict=True))

    def _write_passages(self, ids: list[str], vectors: np.ndarray, texts: list[str], metas: list[dict[str, Any]]) -> None:
        step = max(1, min(1000, int(self._client.get_max_batch_size())))
        for i in range(0, len(ids), step):
            self._passage_col.upsert(
                ids=ids[i : i + step], embeddings=vectors[i : i + step], documents=texts[i : i + step], metadatas=metas[i : i + step]
            )

    def _write_sentences(self, document: Document, vectors: np.ndarray) -> None:
        if not len(vectors):
            return
        doc_hash = document.content_hash
        spans = sentence_spans(document.text)
        ids = [sentence_id(document.doc_id, i) for i in range(len(vectors))]
        metas = [
            {"doc_id": document.doc_id, "doc_hash": doc_hash, "index": i, "start": spans[i][0], "end": spans[i][1]}
            for i in range(len(vectors))
        ]
        step = max(1, min(1000, int(self._client.get_max_batch_size())))
        for i in range(0, len(ids), step):
            self._sentence_col.upsert(ids=ids[i : i + step], embeddings=vectors[i : i + step], metadatas=metas[i : i + step])

    def _sentence_count(self, doc_id: str) -> int:
        row = self._doc_col.get(ids=[doc_id], include=["metadatas"])
        if not row["ids"]:
            return 0
        return int((row["metadatas"][0] or {}).get("sentences", 0))

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and everything indexed of it; False when it is not indexed."""
        deleted = self._delete_document(doc_id)
        while self._follow_switch():  # a re-index switched during the delete: delete it there too
            deleted = self._delete_document(doc_id) or deleted
        return deleted

    def _delete_document(self, doc_id: str) -> bool:
        with self._lock:
            known = doc_id in self._docs or doc_id in self._doc_passages
            if not known:
                return False
            try:
                self._doc_col.delete(ids=[doc_id])
                pids = self._drop_passages(doc_id)
            except Exception as exc:
                raise StoreError(f"could not delete {doc_id!r} from {self.where}: {exc}") from exc
            self._docs.pop(doc_id, None)
            self.lexical.remove(pids)
            self._announce_write()
            self._maybe_flush()
            return True
