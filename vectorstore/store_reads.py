"""Reading the store: documents, statistics, and the search primitives the retriever combines."""

from __future__ import annotations

from typing import Any

import numpy as np

from ingest.models import Document, Passage
from ingest.splitter import sentence_spans
from vectorstore import chroma_client
from vectorstore.filters import chroma_where, document_matches
from vectorstore.records import bytes_under, document_of, lexical_text, sentence_id
from vectorstore.results import DocumentInfo, SearchFilters, SearchResult
from vectorstore.store_state import SENTENCE_CACHE_DOCS
from vectorstore.store_sync import StoreSync


class StoreReads(StoreSync):
    # -- documents ------------------------------------------------------------------------------
    def list_documents(self) -> list[DocumentInfo]:
        self.sync()
        with self._lock:
            return sorted(self._docs.values(), key=lambda d: (d.source, d.doc_id))

    def document_info(self, doc_id: str) -> DocumentInfo | None:
        return self._docs.get(doc_id)

    def get_document(self, doc_id: str) -> Document | None:
        """The full cleaned document (citations are checked against its text)."""
        row = self._doc_col.get(ids=[doc_id], include=["documents", "metadatas"])
        if not row["ids"]:
            return None
        return document_of(doc_id, row["documents"][0], row["metadatas"][0] or {})

    def get_documents(self, doc_ids: list[str]) -> dict[str, Document]:
        """`get_document` for several documents, read from Chroma in one request (absent ids are left out)."""
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return {}
        rows = self._doc_col.get(ids=ids, include=["documents", "metadatas"])
        return {
            doc_id: document_of(doc_id, text, meta or {})
            for doc_id, text, meta in zip(rows["ids"], rows["documents"], rows["metadatas"], strict=True)
        }

    def passages_of(self, doc_id: str) -> list[Passage]:
        """A document's passages as indexed (with or without vectors), in order."""
        with self._lock:
            records = sorted((self._passages[pid] for pid in self._doc_passages.get(doc_id, [])), key=lambda r: r.index)
        return [Passage(doc_id, r.index, r.text, r.start, r.end) for r in records]

    def passage_ids(self) -> set[str]:
        with self._lock:
            return set(self._passages)

    def chroma_passage_ids(self) -> set[str]:
        """Passage ids as Chroma holds them right now (for consistency checks)."""
        return set(chroma_client.get_all(self._passage_col, [])["ids"])

    def stats(self) -> dict[str, Any]:
        self.sync()
        with self._lock:
            return {
                "documents": len(self._docs),
                "passages": len(self._passages),
                "embedder": self._embedder.model_id,
                "dimension": self._embedder.dimension,
                "chroma": self.where,
                "collection": self.name,
                "generation": self.prefix,
                "lexical_analyzer": self.lexical.analyzer.mode,
                "lexical_passages": len(self.lexical.ids()),
                "waiting_for_vectors": sum(len(pids) for pids in self._waiting.values()),
                "passage_vectors": self._passage_col.count(),
                "sentence_vectors": self._sentence_col.count(),
                "lexical_bytes": bytes_under(self.lexical.path),
                "chroma_bytes": None if self.chroma_url else bytes_under(self.data_dir / "chroma"),
            }

    # -- search primitives (used by the retriever) -------------------------------------------------
    def __len__(self) -> int:
        return len(self._passages)

    def dense_search(self, vector: np.ndarray, n: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """Top `n` passages by cosine similarity, best first."""
        self.sync()
        total = len(self._passages)
        if total == 0 or n <= 0:
            return []
        res = self._passage_col.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=min(n, total), where=chroma_where(filters), include=["distances"]
        )
        return [(pid, 1.0 - float(dist)) for pid, dist in zip(res["ids"][0], res["distances"][0], strict=True)]

    def sentence_search(self, vector: np.ndarray, n: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """Passages ranked by their best sentence's cosine similarity (top `n` sentences searched).

        A sentence lies in every passage whose span holds its start (passages overlap by a sentence).
        """
        if not self.sentence_vectors or n <= 0 or not self._has_sentence_rows():
            return []
        res = self._sentence_col.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            where=chroma_where(filters),
            include=["distances", "metadatas"],
        )
        best: dict[str, float] = {}
        with self._lock:
            for meta, dist in zip(res["metadatas"][0], res["distances"][0], strict=True):
                doc_id, start = str((meta or {}).get("doc_id", "")), int((meta or {}).get("start", -1))
                for pid in self._doc_passages.get(doc_id, []):
                    record = self._passages[pid]
                    if record.start <= start < record.end:
                        best[pid] = max(best.get(pid, -1.0), 1.0 - float(dist))
        return sorted(best.items(), key=lambda item: -item[1])

    def _has_sentence_rows(self) -> bool:
        """Whether the sentence collection holds any row. Counting a large collection costs
        tens of milliseconds, so a non-empty answer is kept until the next write (a new version)."""
        key = (id(self._sentence_col), self._version)
        if self._sentence_rows_at == key:
            return True
        if self._sentence_col.count() == 0:
            return False
        self._sentence_rows_at = key
        return True

    def sentence_vectors_of(self, document: Document) -> np.ndarray | None:
        """The vectors of `sentence_spans(document.text)`, in order; None when the index has none
        for this version of the document (sentence vectors off, or written by an older version)."""
        return self.sentence_vectors_many([document])[document.doc_id]

    def sentence_vectors_many(self, documents: list[Document]) -> dict[str, np.ndarray | None]:
        """`sentence_vectors_of` for several documents, read from Chroma in one request."""
        out: dict[str, np.ndarray | None] = {}
        todo: dict[str, Document] = {}
        with self._lock:
            for document in documents:
                key = (document.doc_id, document.content_hash)
                if key in self._sentence_cache:
                    self._sentence_cache.move_to_end(key)
                    out[document.doc_id] = self._sentence_cache[key]
                elif document.doc_id not in out:
                    todo[document.doc_id] = document
        if not todo:
            return out
        ids = list(todo)
        counts = {doc_id: len(sentence_spans(document.text)) for doc_id, document in todo.items()}
        # by id (the primary key): a filter on the doc_id metadata costs tens of ms at 350,000 rows
        wanted = [sentence_id(doc_id, i) for doc_id in ids for i in range(counts[doc_id])]
        rows = self._sentence_col.get(ids=wanted, include=["embeddings", "metadatas"]) if wanted else {"ids": [], "embeddings": [], "metadatas": []}
        grouped: dict[str, list[int]] = {doc_id: [] for doc_id in ids}
        metas = rows.get("metadatas") or [None] * len(rows["ids"])
        for i, meta in enumerate(metas):
            doc_id = (meta or {}).get("doc_id")
            if doc_id in grouped:
                grouped[doc_id].append(i)
        embeddings = rows["embeddings"]
        for doc_id, document in todo.items():
            found: np.ndarray | None = None
            expected, content_hash = counts[doc_id], document.content_hash
            rows_of = grouped[doc_id]
            if expected and len(rows_of) == expected and all((metas[i] or {}).get("doc_hash") == content_hash for i in rows_of):
                order = np.argsort([int((metas[i] or {}).get("index", 0)) for i in rows_of])
                found = np.asarray([embeddings[i] for i in rows_of], dtype=np.float32)[order]
            out[doc_id] = found
            with self._lock:
                self._sentence_cache[(doc_id, document.content_hash)] = found
                while len(self._sentence_cache) > SENTENCE_CACHE_DOCS:
                    self._sentence_cache.popitem(last=False)
        return out

    def lexical_search(self, query: str, n: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """Top `n` passages by BM25 (only those with a positive score), best first."""
        self.sync()
        with self._lock:
            scores = self.lexical.scores(query)
            order = self.lexical.order
            if self.lexical.dirty:
                self.flush()
        if scores.size == 0:
            return []
        if filters is not None and not filters.is_empty():
            allowed = {d for d, info in self._docs.items() if document_matches(info, filters)}
            mask = np.fromiter((self._passages[p].doc_id in allowed for p in order), dtype=bool, count=len(order))
            scores = np.where(mask, scores, 0.0)
        n = min(n, scores.size)
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(order[i], float(scores[i])) for i in top if scores[i] > 0]

    # -- one passage ----------------------------------------------------------------------------
    def passage_text(self, passage_id: str) -> str | None:
        record = self._passages.get(passage_id)
        return record.text if record else None

    def passage_header(self, passage_id: str) -> str:
        """The lexical header of a passage's document (title, date)."""
        record = self._passages.get(passage_id)
        info = self._docs.get(record.doc_id) if record else None
        return lexical_text(info, "").strip() if info else ""

    def doc_id_of(self, passage_id: str) -> str | None:
        record = self._passages.get(passage_id)
        return record.doc_id if record else None

    def result(self, passage_id: str, score: float) -> SearchResult | None:
        record = self._passages.get(passage_id)
        if record is None:
            return None
        info = self._docs.get(record.doc_id)
        if info is None:
            return None
        return SearchResult(
            passage_id=passage_id,
            doc_id=record.doc_id,
            source=info.source,
            title=info.title,
            published=info.published,
            text=record.text,
            start=record.start,
            end=record.end,
            score=float(score),
            references=info.references,
        )
