"""Following other processes that share the same Chroma: their writes, and switches of generation.

Every write ends by storing a new random version token in the documents collection's metadata.
A store checks that token at most every `sync_every_s` seconds when it is read (one small
request). On a change it first reads the pointer record (`vectorstore.generations`): if another
generation serves now (`tinhgon reindex` switched), the store opens it and replaces its whole
state at once, embedder included; otherwise, on a server, it reloads the documents that changed.
Embedded Chroma belongs to one process, so an embedded store only looks for switches.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from vectorstore import chroma_client
from vectorstore.embedders import TinhGonEmbeddings, make_embedder
from vectorstore.generations import collection_name, read_active
from vectorstore.records import PassageRecord, doc_info, lexical_text, record_of
from vectorstore.results import DocumentInfo
from vectorstore.store_loading import StoreLoading
from vectorstore.store_state import GENERATION_STATE

log = logging.getLogger(__name__)


class StoreSync(StoreLoading):
    def _stored_metadata(self) -> dict[str, Any]:
        collection = self._client.get_collection(name=collection_name(self.prefix, "documents"), embedding_function=None)
        return dict(collection.metadata or {})

    def _stored_version(self) -> str | None:
        return self._stored_metadata().get("version")

    def _announce_write(self) -> None:
        """Tell other processes on the same Chroma that the index changed (see the module docstring)."""
        token = uuid.uuid4().hex
        self._doc_col.modify(metadata={"kind": "documents", "version": token})
        self._version = token

    def announce_replaced(self, successor: str) -> None:
        """Tell the readers of this generation that `successor` serves now (after the pointer moved)."""
        token = uuid.uuid4().hex
        self._doc_col.modify(metadata={"kind": "documents", "version": token, "replaced_by": successor})
        self._version = token

    def sync(self) -> bool:
        """Pick up what other processes changed through the same Chroma; True if anything changed.

        Checks at most every `sync_every_s` seconds; reloads only the documents that changed."""
        if time.monotonic() - self._last_sync < self.sync_every_s or (self._pinned and not self.chroma_url):
            return False
        self._last_sync = time.monotonic()
        try:
            version = self._stored_version()
        except Exception as exc:  # a read must not fail because the check did
            if self._follow_switch():  # this generation was dropped after a switch
                return True
            log.warning("could not check the index version on %s: %s", self.where, exc)
            return False
        if version == self._version:
            return False
        if self._follow_switch():
            return True
        if not self.chroma_url:
            self._version = version
            return False
        with self._lock:
            self._reload_changed()
            self._version = version
        return True

    def refresh(self) -> None:
        """Reload now whatever changed in Chroma since this store last looked (any back end)."""
        version = self._stored_version()
        with self._lock:
            self._reload_changed()
            self._version = version

    # -- generations ---------------------------------------------------------------------------
    def _follow_switch(self) -> bool:
        """If another generation serves now, open it and take its state; True if this store switched.

        The new generation is loaded and swapped in under the store's lock (readers wait for it
        once; a second lock would deadlock with writers, which call this holding the first). A
        failure is logged and leaves the store as it was."""
        if self._pinned:
            return False
        with self._lock:
            return self._follow_switch_locked()

    def _follow_switch_locked(self) -> bool:
        try:
            active = read_active(self._client, self.name)
            prefix = active.prefix if active is not None else self.name
            if prefix == self.prefix or active is None:
                return False
            same = active.model_id == self._embedder.model_id
            embedder = self._embedder if same else self._make_embedder(active.embedder)
            fresh = type(self)(
                self.data_dir,
                embedder,
                chroma_url=self.chroma_url,
                collection=self.name,
                analyzer=self._analyzer,
                sentence_vectors=self.sentence_vectors,
                sync_every_s=self.sync_every_s,
                generation=prefix,
                embedder_factory=self._embedder_factory,
            )
        except Exception as exc:
            log.warning("could not follow the switch of %s to another generation: %s", self.where, exc)
            return False
        previous, old_lexical = self._embedder, self.lexical.path
        for field in GENERATION_STATE:
            setattr(self, field, getattr(fresh, field))
        if previous is not self._embedder:
            previous.close()
        old_lexical.unlink(missing_ok=True)
        log.info("the index was re-built: now reading generation %r (embedder %s)", prefix, self._embedder.model_id)
        return True

    def _make_embedder(self, name: str) -> TinhGonEmbeddings:
        if self._embedder_factory is not None:
            return self._embedder_factory(name)
        cache = getattr(self._embedder, "_cache", None)
        return make_embedder(name, cache_dir=cache.path.parent if cache is not None else None)

    # -- documents changed elsewhere ---------------------------------------------------------------
    def _reload_changed(self) -> None:
        rows = chroma_client.get_all(self._doc_col, ["metadatas"])
        current = {doc_id: doc_info(doc_id, meta or {}) for doc_id, meta in zip(rows["ids"], rows["metadatas"], strict=True)}
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
                record, doc_hash = record_of(pid, meta or {}, text)
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
