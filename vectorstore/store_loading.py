"""Opening one generation of a store: its collections, the embedder check, and repairs on load."""

from __future__ import annotations

import logging
from typing import Any

from assistant.errors import EmbedderMismatchError
from vectorstore import chroma_client
from vectorstore.generations import collection_name, embedder_name_of
from vectorstore.records import PassageRecord, doc_info, record_of
from vectorstore.results import DocumentInfo
from vectorstore.store_state import StoreState

log = logging.getLogger(__name__)


class StoreLoading(StoreState):
    def _open_collections(self) -> tuple[Any, Any, Any, Any]:
        """The passages, documents, sentences and waiting collections of `self.prefix` (created
        when missing); refuses a generation another embedder built (an empty one is recreated)."""
        passages_name = collection_name(self.prefix, "passages")
        existing = chroma_client.find_collection(self._client, passages_name)
        if existing is not None:
            meta = existing.metadata or {}
            built_with = meta.get("embedder")
            if built_with != self._embedder.model_id:
                if existing.count() == 0:
                    self._client.delete_collection(passages_name)
                    existing = None
                else:
                    raise EmbedderMismatchError(
                        f"the index in {self.where} (collection {passages_name!r}) was built with embedder "
                        f"{built_with!r} (dimension {meta.get('dimension')}), but the configured embedder is "
                        f"{self._embedder.model_id!r}. Either set TINHGON_EMBEDDER to "
                        f"{embedder_name_of(str(built_with))!r} (the embedder that built it), or rebuild the vectors with the configured embedder: "
                        "run `tinhgon reindex` (the current index keeps answering until the new one is ready, "
                        "then every process switches to it)."
                    )
        if existing is None:
            existing = chroma_client.create_collection(
                self._client,
                passages_name,
                {"embedder": self._embedder.model_id, "dimension": self._embedder.dimension},
            )
        docs = chroma_client.create_collection(self._client, collection_name(self.prefix, "documents"), {"kind": "documents"})
        sentences = chroma_client.create_collection(
            self._client,
            collection_name(self.prefix, "sentences"),
            {"embedder": self._embedder.model_id, "dimension": self._embedder.dimension, "kind": "sentences"},
        )
        waiting = chroma_client.create_collection(self._client, collection_name(self.prefix, "waiting"), {"kind": "waiting"})
        return existing, docs, sentences, waiting

    def _load(self) -> None:
        docs = chroma_client.get_all(self._doc_col, ["metadatas"])
        for doc_id, meta in zip(docs["ids"], docs["metadatas"], strict=True):
            self._docs[doc_id] = doc_info(doc_id, meta or {})
        rows = chroma_client.get_all(self._passage_col, ["metadatas", "documents"])
        for pid, meta, text in zip(rows["ids"], rows["metadatas"], rows["documents"], strict=True):
            record, doc_hash = record_of(pid, meta or {}, text)
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
            out.append(record_of(pid, meta, text))
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
        """Remove what an interrupted write left behind (see `vectorstore.store`)."""
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
