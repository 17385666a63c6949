"""PassageStore: passages in Chroma (dense) and in a BM25 index (lexical), under the same ids.

Writes are ordered so that an interrupted ingest or delete is repaired on the next open:
- upsert: passages first (each tagged with its document's content hash), sentence vectors next,
  stale passages and sentences after that, the document record last. A document record therefore
  only exists once all its passages and sentences do.
- delete: the document record first, then its passages and sentences.
On open, passages whose document record is missing, carries another hash, or whose count
disagrees with the record are removed (with their record): the next ingest re-adds them.
The lexical index is kept in memory next to Chroma and persisted atomically with a fingerprint
of the Chroma state; a missing or stale lexical file is rebuilt from Chroma on open.

Several processes (API workers, possibly on several machines) may share one Chroma server. Every
write ends by storing a new random version token in the documents collection's metadata; a store
on a server compares that token at most every `sync_every_s` seconds when it is read, and on a
change reloads the documents that changed (memory and lexical index) from Chroma. A document whose
passages are still being written by another process is left out until its writer's token arrives.

Indexing may also happen in two phases (`add_texts`, then `embed_waiting`): the first writes the
document record and its passages to a fourth collection without vectors (`{name}_waiting`, a
placeholder vector each), so lexical search finds them at once; the second embeds them, writes
them as any upsert does and removes their waiting rows. A waiting row whose passage already holds
a vector of the same document version is a leftover of an interrupted second phase and is dropped.

Besides passage vectors, every sentence of a document (`ingest.splitter.sentence_spans`) gets a
vector of its own in a third collection: the answerer compares the question with each candidate
sentence without embedding anything at question time. A store opened with
`sentence_vectors=False` writes none, and the answerer then does without that signal.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import EmbedderMismatchError, StoreError
from ingest.models import Document, Passage, embedding_text
from ingest.splitter import sentence_spans
from vectorstore import chroma_client
from vectorstore.embedders import TinhGonEmbeddings
from vectorstore.filters import (
    chroma_where,
    date_ordinal,
    document_matches,
    join_references,
    reference_key,
    split_references,
)
from vectorstore.lexical import Analyzer, LexicalIndex, fingerprint
from vectorstore.rerank import SentenceCoverage
from vectorstore.results import DocumentInfo, SearchFilters, SearchResult

log = logging.getLogger(__name__)

_FLUSH_EVERY_S = 15.0
_SYNC_EVERY_S = 0.5  # how stale a store on a shared Chroma server may be (writes by other processes)
_SENTENCE_CACHE_DOCS = 512  # documents whose sentence vectors are kept in memory


@dataclass(frozen=True, slots=True)
class PassageRecord:
    passage_id: str
    doc_id: str
    index: int
    text: str
    start: int
    end: int


def lexical_text(document: DocumentInfo | Document, text: str) -> str:
    """What BM25 sees for a passage: a header (title, publication date and year), then the passage."""
    header = document.title
    if document.published:
        header = f"{header} ({document.published}, {document.published[:4]})"
    return f"{header}\n{text}" if header else text


class PassageStore:
    """Implements `ingest.sink.PassageSink`; the retriever searches through it."""

    def __init__(
        self,
        data_dir: Path,
        embedder: TinhGonEmbeddings,
        chroma_url: str | None = None,
        collection: str = "tinhgon",
        analyzer: Analyzer | None = None,
        sentence_vectors: bool = True,
        sync_every_s: float = _SYNC_EVERY_S,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.embedder = embedder
        self.chroma_url = chroma_url
        self.name = collection
        self.sentence_vectors = sentence_vectors
        self._sentence_cache: OrderedDict[tuple[str, str], np.ndarray | None] = OrderedDict()
        self._lock = threading.RLock()
        self._docs: dict[str, DocumentInfo] = {}
        self._passages: dict[str, PassageRecord] = {}
        self._doc_passages: dict[str, list[str]] = {}
        self._doc_hash_of_passage: dict[str, str] = {}
        self._last_flush = time.monotonic()
        self._flush_cost = 0.0  # seconds the last save of the lexical index took
        self._prepared: set[str] = set()  # embedded by `prepare`, not yet counted by an upsert
        self._client = chroma_client.make_client(self.data_dir, chroma_url)
        self._passage_col, self._doc_col, self._sentence_col = self._open_collections()
        self._waiting_col = chroma_client.create_collection(self._client, f"{self.name}_waiting", {"kind": "waiting"})
        self._waiting: dict[str, set[str]] = {}  # doc id -> its passages still without a vector
        lexical_dir = self.data_dir / "lexical"
        self.lexical = LexicalIndex(lexical_dir / f"{collection}.json.gz", analyzer)
        self.sentence_coverage = SentenceCoverage(self.lexical.analyzer, self.lexical.idf)
        self.sync_every_s = sync_every_s
        self._version = self._stored_version()
        self._last_sync = time.monotonic()
        self._load()

    # -- opening -----------------------------------------------------------------------------
    @property
    def where(self) -> str:
        return self.chroma_url or str(self.data_dir / "chroma")

    def _open_collections(self) -> tuple[Any, Any, Any]:
        passages_name, docs_name = f"{self.name}_passages", f"{self.name}_documents"
        existing = chroma_client.find_collection(self._client, passages_name)
        if existing is not None:
            meta = existing.metadata or {}
            built_with = meta.get("embedder")
            if built_with != self.embedder.model_id:
                if existing.count() == 0:
                    self._client.delete_collection(passages_name)
                    existing = None
                else:
                    raise EmbedderMismatchError(
                        f"the index in {self.where} (collection {passages_name!r}) was built with embedder "
                        f"{built_with!r} (dimension {meta.get('dimension')}), but the configured embedder is "
                        f"{self.embedder.model_id!r}. Either set TINHGON_EMBEDDER back to the embedder that built it, "
                        f"or re-index: delete {self._reset_hint()} and run `tinhgon ingest PATH...` again "
                        "(or use another TINHGON_COLLECTION for the new embedder)."
                    )
        if existing is None:
            existing = chroma_client.create_collection(
                self._client,
                passages_name,
                {"embedder": self.embedder.model_id, "dimension": self.embedder.dimension},
            )
        docs = chroma_client.create_collection(self._client, docs_name, {"kind": "documents"})
        sentences = chroma_client.create_collection(
            self._client,
            f"{self.name}_sentences",
            {"embedder": self.embedder.model_id, "dimension": self.embedder.dimension, "kind": "sentences"},
        )
        return existing, docs, sentences

    def _reset_hint(self) -> str:
        if self.chroma_url:
            return f"the collections '{self.name}_passages' and '{self.name}_documents' on the Chroma server"
        return f"the data dir {self.data_dir} (TINHGON_DATA_DIR)"

    def _load(self) -> None:
        docs = chroma_client.get_all(self._doc_col, ["metadatas"])
        for doc_id, meta in zip(docs["ids"], docs["metadatas"], strict=True):
            self._docs[doc_id] = _doc_info(doc_id, meta or {})
        rows = chroma_client.get_all(self._passage_col, ["metadatas", "documents"])
        for pid, meta, text in zip(rows["ids"], rows["metadatas"], rows["documents"], strict=True):
            record, doc_hash = _record_of(pid, meta or {}, text)
            self._passages[pid] = record
            self._doc_passages.setdefault(record.doc_id, []).append(pid)
            self._doc_hash_of_passage[pid] = doc_hash
        self._load_waiting()
        self._repair()
        for pids in self._doc_passages.values():
            pids.sort(key=lambda p: self._passages[p].index)
        if not self.lexical.load() or self.lexical.fingerprint != self._fingerprint() or self.lexical.ids() != set(self._passages):
            log.info("lexical index missing or stale; rebuilding it from Chroma (%d passages)", len(self._passages))
            self._rebuild_lexical()

    def _waiting_rows(self, where: dict[str, Any] | None = None) -> list[tuple[PassageRecord, str]]:
        """Waiting passages as records; a waiting row holds no text (indexing text costs Chroma
        more than the rest of the row), so it is cut from its document's text by its offsets."""
        rows = chroma_client.get_all(self._waiting_col, ["metadatas"], where=where)
        metas = [meta or {} for meta in rows["metadatas"]]
        doc_ids = sorted({str(meta.get("doc_id", "")) for meta in metas})
        texts: dict[str, str] = {}
        for i in range(0, len(doc_ids), 100):
            found = self._doc_col.get(ids=doc_ids[i : i + 100], include=["documents"])
            texts.update(zip(found["ids"], (text or "" for text in found["documents"]), strict=True))
        out = []
        for pid, meta in zip(rows["ids"], metas, strict=True):
            text = texts.get(str(meta.get("doc_id", "")), "")[int(meta.get("start", 0)) : int(meta.get("end", 0))]
            out.append(_record_of(pid, meta, text))
        return out

    def _load_waiting(self) -> None:
        leftovers = []
        for record, doc_hash in self._waiting_rows():
            pid = record.passage_id
            if pid in self._passages and self._doc_hash_of_passage[pid] == doc_hash:
                leftovers.append(pid)  # embedded already; the second phase stopped before removing it
                continue
            if pid not in self._passages:
                self._doc_passages.setdefault(record.doc_id, []).append(pid)
            self._passages[pid] = record
            self._doc_hash_of_passage[pid] = doc_hash
            self._waiting.setdefault(record.doc_id, set()).add(pid)
        if leftovers:
            self._waiting_col.delete(ids=leftovers)

    def _repair(self) -> None:
        """Remove what an interrupted write left behind (see the module docstring)."""
        broken = [doc_id for doc_id, info in self._docs.items() if not self._complete(doc_id, info)]
        orphans = [doc_id for doc_id in self._doc_passages if doc_id not in self._docs]
        for doc_id in broken + orphans:
            log.warning("repairing an interrupted write: removing document %r; ingest it again", doc_id)
            self._doc_col.delete(ids=[doc_id])
            self._drop_passages(doc_id)
            self._docs.pop(doc_id, None)

    def _complete(self, doc_id: str, info: DocumentInfo) -> bool:
        pids = self._doc_passages.get(doc_id, [])
        return len(pids) == info.passages and all(self._doc_hash_of_passage[p] == info.content_hash for p in pids)

    def _forget_sentences(self, doc_id: str) -> None:
        for key in [k for k in self._sentence_cache if k[0] == doc_id]:
            del self._sentence_cache[key]

    def _drop_passages(self, doc_id: str) -> list[str]:
        self._forget_sentences(doc_id)
        pids = self._doc_passages.pop(doc_id, [])
        self._passage_col.delete(where={"doc_id": doc_id})
        self._sentence_col.delete(where={"doc_id": doc_id})
        self._waiting_col.delete(where={"doc_id": doc_id})
        self._waiting.pop(doc_id, None)
        for pid in pids:
            self._passages.pop(pid, None)
            self._doc_hash_of_passage.pop(pid, None)
        return pids

    def _fingerprint(self) -> str:
        return fingerprint(self._doc_hash_of_passage.items())

    def _rebuild_lexical(self) -> None:
        self.lexical.clear()
        self.lexical.add(
            (pid, lexical_text(self._docs[rec.doc_id], rec.text)) for pid, rec in self._passages.items() if rec.doc_id in self._docs
        )
        self.lexical.save(self._fingerprint())
        self._last_flush = time.monotonic()

    # -- other writers --------------------------------------------------------------------------
    def _stored_version(self) -> str | None:
        collection = self._client.get_collection(name=f"{self.name}_documents", embedding_function=None)
        return (collection.metadata or {}).get("version")

    def _announce_write(self) -> None:
        """Tell other processes on the same Chroma that the index changed (see the module docstring)."""
        token = uuid.uuid4().hex
        self._doc_col.modify(metadata={"kind": "documents", "version": token})
        self._version = token

    def sync(self) -> bool:
        """Pick up the writes other processes made through the same Chroma server; True if any.

        Embedded Chroma belongs to one process, so only a store on a server looks. Checks at most
        every `sync_every_s` seconds (one small request); reloads only the documents that changed."""
        if not self.chroma_url or time.monotonic() - self._last_sync < self.sync_every_s:
            return False
        self._last_sync = time.monotonic()
        try:
            version = self._stored_version()
        except Exception as exc:  # a read must not fail because the check did
            log.warning("could not check the index version on %s: %s", self.where, exc)
            return False
        if version == self._version:
            return False
        with self._lock:
            self._reload_changed()
            self._version = version
        return True

    def _reload_changed(self) -> None:
        rows = chroma_client.get_all(self._doc_col, ["metadatas"])
        current = {doc_id: _doc_info(doc_id, meta or {}) for doc_id, meta in zip(rows["ids"], rows["metadatas"], strict=True)}
        for doc_id in [d for d in self._docs if d not in current]:
            self.lexical.remove(self._forget_document(doc_id))
        changed = [doc_id for doc_id, info in current.items() if self._docs.get(doc_id) != info]
        for start in range(0, len(changed), 100):
            batch = changed[start : start + 100]
            where = {"doc_id": {"$in": batch}}
            records: dict[str, dict[str, tuple[PassageRecord, str]]] = {doc_id: {} for doc_id in batch}
            waiting: dict[str, set[str]] = {doc_id: set() for doc_id in batch}
            for record, doc_hash in self._waiting_rows(where):
                waiting[record.doc_id].add(record.passage_id)
                records[record.doc_id][record.passage_id] = (record, doc_hash)
            found = chroma_client.get_all(self._passage_col, ["metadatas", "documents"], where=where)
            for pid, meta, text in zip(found["ids"], found["metadatas"], found["documents"], strict=True):
                record, doc_hash = _record_of(pid, meta or {}, text)
                if doc_hash == current[record.doc_id].content_hash:  # a vector beats a waiting row
                    waiting[record.doc_id].discard(pid)
                records[record.doc_id][pid] = (record, doc_hash)
            for doc_id in batch:
                self._take_document(current[doc_id], list(records[doc_id].values()), waiting[doc_id])
        log.info("index changed elsewhere: %d documents reloaded", len(changed))

    def _take_document(self, info: DocumentInfo, records: list[tuple[PassageRecord, str]], waiting: set[str]) -> None:
        """Replace what memory and the lexical index hold of one document (if it is complete)."""
        if len(records) != info.passages or any(doc_hash != info.content_hash for _, doc_hash in records):
            return  # still being written: its writer's next token brings it
        self.lexical.remove(self._forget_document(info.doc_id))
        records.sort(key=lambda item: item[0].index)
        self._docs[info.doc_id] = info
        self._doc_passages[info.doc_id] = [record.passage_id for record, _ in records]
        for record, doc_hash in records:
            self._passages[record.passage_id] = record
            self._doc_hash_of_passage[record.passage_id] = doc_hash
        self.lexical.add((record.passage_id, lexical_text(info, record.text)) for record, _ in records)
        if waiting:
            self._waiting[info.doc_id] = set(waiting)

    def _forget_document(self, doc_id: str) -> list[str]:
        """Drop a document from memory only (Chroma untouched); return its passage ids."""
        self._forget_sentences(doc_id)
        self._docs.pop(doc_id, None)
        self._waiting.pop(doc_id, None)
        pids = self._doc_passages.pop(doc_id, [])
        for pid in pids:
            self._passages.pop(pid, None)
            self._doc_hash_of_passage.pop(pid, None)
        return pids

    # -- PassageSink -----------------------------------------------------------------------------
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
        texts = list(dict.fromkeys(embedding_text(d, p) for d, passages in items for p in passages))
        todo = [texts[i] for i in self.embedder.uncached(texts)]
        sentences = list(dict.fromkeys(t for d, _ in items for t in _sentence_texts(d))) if self.sentence_vectors else []
        extra = [sentences[i] for i in self.embedder.uncached(sentences)]
        work = todo + extra
        for i in range(0, len(work), batch):
            self.embedder.embed_passages(work[i : i + batch])
        with self._lock:
            self._prepared.update(todo)
        return len(todo)

    def upsert_document(self, document: Document, passages: Sequence[Passage]) -> int:
        """Index a document (replacing any older version); return how many passages were embedded now."""
        texts = [embedding_text(document, p) for p in passages]
        sentences = _sentence_texts(document) if self.sentence_vectors else []
        vectors, computed = self.embedder.embed_passages(texts)
        sentence_vectors = self.embedder.embed_passages(sentences)[0] if sentences else np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            for text in texts:
                if text in self._prepared:
                    self._prepared.discard(text)
                    computed += 1
        with self._lock:
            added = self._added_time(document)
            new_ids = [p.passage_id for p in passages]
            old_ids = set(self._doc_passages.get(document.doc_id, []))
            base = _passage_base_metadata(document)
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
                    metadatas=[_doc_metadata(document, len(passages), len(sentences), added)],
                )
                if self._waiting.pop(document.doc_id, None) is not None:
                    self._waiting_col.delete(where={"doc_id": document.doc_id})
            except Exception as exc:
                raise StoreError(f"could not index {document.doc_id!r} in {self.where}: {exc}") from exc
            self._remember(document, passages, added, waiting=False)  # memory and lexical index follow Chroma
            self._announce_write()
            self._maybe_flush()
        return computed

    # -- two phases: text first, vectors later -----------------------------------------------------
    def add_text(self, document: Document, passages: Sequence[Passage]) -> int:
        """Phase one for one document (see `add_texts`)."""
        return self.add_texts([(document, passages)])

    def add_texts(self, items: Sequence[tuple[Document, Sequence[Passage]]]) -> int:
        """Phase one: make documents searchable by words now (their passages wait for vectors).

        Written in few large Chroma calls (their cost is mostly per call). Any older version's
        vectors and sentences go; `embed_waiting` computes the new ones. Returns the passages written."""
        rows = [(document, p) for document, passages in items for p in passages]
        doc_ids = [document.doc_id for document, _ in items]
        bases = {document.doc_id: _passage_base_metadata(document) for document, _ in items}
        with self._lock:
            added = {document.doc_id: self._added_time(document) for document, _ in items}
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
                        metadatas=[_doc_metadata(d, len(passages), added=added[d.doc_id]) for d, passages in chunk_items],
                    )
            except Exception as exc:
                raise StoreError(f"could not index {len(items)} documents in {self.where}: {exc}") from exc
            for document, passages in items:
                self._remember(document, passages, added[document.doc_id], waiting=True)
            self._announce_write()  # the lexical file is saved by `close`: a stale one is rebuilt on open
        return len(rows)

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
        info = _info_from_document(document, len(passages), added)
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
                records = sorted((self._passages[pid] for pid in self._doc_passages.get(doc_id, [])), key=lambda r: r.index)
            group.append((document, [Passage(doc_id, r.index, r.text, r.start, r.end) for r in records]))
            if sum(len(passages) for _, passages in group) >= batch_passages:
                break
        return group

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

    def sentence_vectors_of(self, document: Document) -> np.ndarray | None:
        """The vectors of `sentence_spans(document.text)`, in order; None when the index has none
        for this version of the document (sentence vectors off, or written by an older version)."""
        key = (document.doc_id, document.content_hash)
        with self._lock:
            if key in self._sentence_cache:
                self._sentence_cache.move_to_end(key)
                return self._sentence_cache[key]
        rows = self._sentence_col.get(where={"doc_id": document.doc_id}, include=["embeddings", "metadatas"])
        found: np.ndarray | None = None
        expected = len(sentence_spans(document.text))
        metas = rows.get("metadatas") or []
        if expected and len(rows["ids"]) == expected and all((m or {}).get("doc_hash") == key[1] for m in metas):
            order = np.argsort([int((m or {}).get("index", 0)) for m in metas])
            found = np.asarray(rows["embeddings"], dtype=np.float32)[order]
        with self._lock:
            self._sentence_cache[key] = found
            while len(self._sentence_cache) > _SENTENCE_CACHE_DOCS:
                self._sentence_cache.popitem(last=False)
        return found

    def delete_document(self, doc_id: str) -> bool:
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

    # -- reading ----------------------------------------------------------------------------------
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
        meta = row["metadatas"][0] or {}
        info = _doc_info(doc_id, meta)
        return Document(
            doc_id=doc_id,
            source=info.source,
            title=info.title,
            text=row["documents"][0] or "",
            published=info.published,
            references=info.references,
            path=info.path,
            metadata=json.loads(meta.get("metadata_json") or "{}"),
        )

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
                "embedder": self.embedder.model_id,
                "dimension": self.embedder.dimension,
                "chroma": self.where,
                "collection": self.name,
                "lexical_analyzer": self.lexical.analyzer.mode,
                "lexical_passages": len(self.lexical.ids()),
                "waiting_for_vectors": sum(len(pids) for pids in self._waiting.values()),
                "passage_vectors": self._passage_col.count(),
                "sentence_vectors": self._sentence_col.count(),
                "lexical_bytes": _bytes_under(self.lexical.path),
                "chroma_bytes": None if self.chroma_url else _bytes_under(self.data_dir / "chroma"),
            }

    # -- search primitives (used by the retriever) -----------------------------------------------------
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
        if not self.sentence_vectors or n <= 0 or self._sentence_col.count() == 0:
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

    # -- persistence -----------------------------------------------------------------------------
    def _maybe_flush(self) -> None:
        # Saving rewrites the whole file, so a long ingest saves at most 1/20 of the time: the
        # file only spares a rebuild on the next open (a stale one is rebuilt from Chroma).
        if time.monotonic() - self._last_flush > max(_FLUSH_EVERY_S, 20 * self._flush_cost):
            self.flush()

    def flush(self) -> None:
        """Persist the lexical index if it changed (Chroma persists itself)."""
        with self._lock:
            if self.lexical.dirty:
                began = time.monotonic()
                self.lexical.save(self._fingerprint())
                self._flush_cost = time.monotonic() - began
            self._last_flush = time.monotonic()

    def close(self) -> None:
        self.flush()
        self.embedder.close()

    def __enter__(self) -> "PassageStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _record_of(passage_id: str, meta: dict[str, Any], text: str | None) -> tuple[PassageRecord, str]:
    """A passage row of Chroma as a record, with the content hash of the document it belongs to."""
    record = PassageRecord(
        passage_id, str(meta.get("doc_id", "")), int(meta.get("index", 0)), text or "", int(meta.get("start", 0)), int(meta.get("end", 0))
    )
    return record, str(meta.get("doc_hash", ""))


def _passage_base_metadata(document: Document) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": document.doc_id,
        "source": document.source,
        "doc_hash": document.content_hash,
        "published_ord": date_ordinal(document.published),
        "references": join_references(document.references),
    }
    for ref in document.references:
        meta[reference_key(ref)] = True
    return meta


def _bytes_under(path: Path) -> int:
    """Size on disk of a file, or of every file under a folder (0 when it does not exist)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}::s{index:05d}"


def _sentence_texts(document: Document) -> list[str]:
    """What is embedded for each sentence: its text alone (the question is compared with it)."""
    return [document.text[start:end] for start, end in sentence_spans(document.text)]


def _doc_metadata(document: Document, passages: int, sentences: int = 0, added: str = "") -> dict[str, Any]:
    return {
        "added": added,
        "sentences": sentences,
        "source": document.source,
        "title": document.title,
        "published": document.published or "",
        "references": join_references(document.references),
        "path": document.path,
        "content_hash": document.content_hash,
        "passages": passages,
        "metadata_json": json.dumps(document.metadata, ensure_ascii=False),
    }


def _doc_info(doc_id: str, meta: dict[str, Any]) -> DocumentInfo:
    return DocumentInfo(
        doc_id=doc_id,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        published=str(meta.get("published") or "") or None,
        passages=int(meta.get("passages", 0)),
        references=split_references(str(meta.get("references", ""))),
        path=str(meta.get("path", "")),
        content_hash=str(meta.get("content_hash", "")),
        added=str(meta.get("added", "")),
    )


def _info_from_document(document: Document, passages: int, added: str = "") -> DocumentInfo:
    return DocumentInfo(
        doc_id=document.doc_id,
        source=document.source,
        title=document.title,
        published=document.published,
        passages=passages,
        references=tuple(document.references),
        path=document.path,
        content_hash=document.content_hash,
        added=added,
    )
