"""Re-indexing: new vectors for every passage, built beside the serving index, then one switch.

Text, passages, ids, offsets and the time each document was added stay as they are; only the
vectors change (passages and sentences), so a new generation of collections is filled with the
two-phase machinery (`add_texts`, then `embed_waiting`, which embeds the passages of the old
generation that were still waiting for vectors as well) while the old generation keeps serving:

1. The pointer record names the generation being built (a re-run with the same embedder resumes
   it: what is written stays, and the content-hash cache means nothing is embedded twice; with
   another embedder it is dropped and started again).
2. Documents are copied and embedded until the new generation matches the old one, uploads and
   deletes made meanwhile included (a few passes).
3. Switch: one write of the pointer record, then a new version token on the old documents
   collection, so every store reading it looks at the pointer and moves over (`store_sync`).
4. Documents changed in the old generation in the moment before the switch are copied once more
   (a writer that finishes after the switch rewrites its document in the new generation itself).
5. After a short grace for readers, the old collections and lexical file are dropped.

A `kill -9` at any point leaves a working index: before step 3 the old generation serves and is
untouched; after it the new one serves, and the next run drops what is left of the old one.
One re-index at a time per collection name.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.errors import EmbedderError
from ingest.models import Document, Passage
from vectorstore import chroma_client
from vectorstore.embedders import Kind, TinhGonEmbeddings
from vectorstore.generations import (
    ActiveIndex,
    collection_name,
    drop_generation,
    embedder_name_of,
    new_prefix,
    read_active,
    write_active,
)
from vectorstore.lexical import Analyzer, lexical_file
from vectorstore.store import PassageStore

log = logging.getLogger(__name__)

DROP_AFTER_S = 2.0  # readers on other processes check the version every 0.5 s by default
MAX_PASSES = 10  # copy passes before switching anyway (an index that never stops changing)
BATCH_DOCUMENTS = 200


@dataclass(frozen=True, slots=True)
class ReindexReport:
    previous: str  # generation prefix switched away from
    current: str  # generation prefix serving now
    previous_embedder: str  # model ids
    embedder: str
    documents: int
    passages: int
    computed: int  # vectors computed now (passages and sentences); the rest came from the cache
    resumed: bool  # an interrupted re-index into the same embedder was continued
    seconds: float


class RecordedEmbedder(TinhGonEmbeddings):
    """Stands for the embedder that built the old generation: the re-index only reads that
    generation, so its model (possibly no longer installed) is never loaded."""

    def __init__(self, model_id: str, dimension: int) -> None:
        super().__init__(cache_dir=None)
        self.model_id = model_id
        self._dimension = dimension

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        raise EmbedderError(f"the embedder {self.model_id!r} is only recorded here; it cannot embed")

    def _load_dimension(self) -> int:
        return int(self._dimension or 0)


def serving(client: object, collection: str, default_model_id: str) -> tuple[ActiveIndex, int]:
    """The pointer record (made up from the passages collection for an index that predates it),
    and the dimension of the serving generation's vectors."""
    active = read_active(client, collection)
    prefix = active.prefix if active is not None else collection
    passages = chroma_client.find_collection(client, collection_name(prefix, "passages"))
    meta = (passages.metadata or {}) if passages is not None else {}
    if active is None:
        model_id = str(meta.get("embedder") or default_model_id)
        active = ActiveIndex(prefix=collection, embedder=embedder_name_of(model_id), model_id=model_id)
    return active, int(meta.get("dimension") or 0)


def reindex(
    data_dir: Path,
    embedder: TinhGonEmbeddings,
    embedder_name: str,
    *,
    chroma_url: str | None = None,
    collection: str = "tinhgon",
    sentence_vectors: bool = True,
    analyzer: Analyzer | None = None,
    on_total: Callable[[int], None] | None = None,
    on_embedded: Callable[[Document, int], None] | None = None,
    drop_after_s: float = DROP_AFTER_S,
) -> ReindexReport:
    """Rebuild every vector with `embedder` (named `embedder_name`, a TINHGON_EMBEDDER value),
    then switch every process to it. `on_total(n)`: n more passages are about to be embedded;
    `on_embedded(document, passages)`: one document's vectors are written."""
    began = time.perf_counter()
    data_dir = Path(data_dir)
    embedder.dimension  # loads the model now: a missing one fails before anything is written
    client = chroma_client.make_client(data_dir, chroma_url)
    active, dimension = serving(client, collection, embedder.model_id)
    if active.retired:  # a previous run switched, then stopped before dropping the old generation
        _retire(client, collection, active, data_dir)
        active = replace(active, retired="")
    resumed = bool(active.building) and active.building_model_id == embedder.model_id
    if active.building and not resumed:
        log.info("dropping the unfinished re-index %r (another embedder)", active.building)
        drop_generation(client, active.building)
        lexical_file(data_dir, active.building).unlink(missing_ok=True)
    target_prefix = active.building if resumed else new_prefix(collection)
    if not resumed:
        active = replace(active, building=target_prefix, building_embedder=embedder_name, building_model_id=embedder.model_id)
        write_active(client, collection, active)

    def open_generation(emb: TinhGonEmbeddings, prefix: str) -> PassageStore:
        return PassageStore(
            data_dir, emb, chroma_url=chroma_url, collection=collection, analyzer=analyzer, sentence_vectors=sentence_vectors, generation=prefix
        )

    source = open_generation(RecordedEmbedder(active.model_id, dimension), active.prefix)
    try:
        target = open_generation(embedder, target_prefix)
        try:
            before = embedder.computed
            snapshot = _copy_until_equal(source, target, on_total, on_embedded)
            write_active(client, collection, ActiveIndex(target_prefix, embedder_name, embedder.model_id, retired=active.prefix))
            source.announce_replaced(target_prefix)
            log.info("switched %r from generation %r to %r", collection, active.prefix, target_prefix)
            _copy_late_changes(source, target, snapshot, on_total, on_embedded)
            documents, passages = len(target.list_documents()), len(target)
            computed = embedder.computed - before
        finally:
            target.flush()
    finally:
        source.flush()
    time.sleep(drop_after_s)  # readers that have not looked since the switch move over first
    _retire(client, collection, ActiveIndex(target_prefix, embedder_name, embedder.model_id, retired=active.prefix), data_dir)
    return ReindexReport(
        previous=active.prefix,
        current=target_prefix,
        previous_embedder=active.model_id,
        embedder=embedder.model_id,
        documents=documents,
        passages=passages,
        computed=computed,
        resumed=resumed,
        seconds=time.perf_counter() - began,
    )


def _retire(client: object, collection: str, active: ActiveIndex, data_dir: Path) -> None:
    """Drop the generation switched away from, and forget it in the pointer record."""
    old = chroma_client.find_collection(client, collection_name(active.retired, "documents"))
    if old is not None:  # a reader that missed the switch sees the collection gone and looks at the pointer
        old.modify(metadata={"kind": "documents", "version": "retired", "replaced_by": active.prefix})
    drop_generation(client, active.retired)
    lexical_file(data_dir, active.retired).unlink(missing_ok=True)
    write_active(client, collection, replace(active, retired=""))


def _items(source: PassageStore, doc_ids: list[str], hashes: Mapping[str, str]) -> tuple[list[tuple[Document, list[Passage]]], dict[str, str]]:
    """The documents to copy, as the old generation holds them (skipping any caught mid-write)."""
    items, added = [], {}
    for doc_id in doc_ids:
        document, info, passages = source.get_document(doc_id), source.document_info(doc_id), source.passages_of(doc_id)
        if document is None or info is None or document.content_hash != hashes[doc_id] or len(passages) != info.passages:
            continue
        items.append((document, passages))
        added[doc_id] = info.added
    return items, added


def _copy(
    source: PassageStore,
    target: PassageStore,
    doc_ids: list[str],
    hashes: Mapping[str, str],
    on_total: Callable[[int], None] | None,
    on_embedded: Callable[[Document, int], None] | None,
) -> None:
    for i in range(0, len(doc_ids), BATCH_DOCUMENTS):
        items, added = _items(source, doc_ids[i : i + BATCH_DOCUMENTS], hashes)
        if items:
            target.add_texts(items, added=added)
    waiting = target.waiting_for_vectors()
    if waiting:
        if on_total is not None:
            on_total(waiting)
        target.embed_waiting(on_indexed=on_embedded)


def _copy_until_equal(
    source: PassageStore,
    target: PassageStore,
    on_total: Callable[[int], None] | None,
    on_embedded: Callable[[Document, int], None] | None,
) -> dict[str, str]:
    """Copy documents until the new generation holds what the old one does; return the old
    generation's documents (id -> content hash) as last seen."""
    for _ in range(MAX_PASSES):
        source.refresh()  # uploads and deletes other processes made meanwhile
        wanted, held = source.document_hashes(), target.document_hashes()
        gone = sorted(set(held) - set(wanted))
        todo = sorted(doc_id for doc_id, doc_hash in wanted.items() if held.get(doc_id) != doc_hash)
        if not gone and not todo and not target.waiting_for_vectors():
            return wanted
        for doc_id in gone:
            target.delete_document(doc_id)
        _copy(source, target, todo, wanted, on_total, on_embedded)
    log.warning("the index kept changing during the re-index; switching after %d passes", MAX_PASSES)
    return source.document_hashes()


def _copy_late_changes(
    source: PassageStore,
    target: PassageStore,
    snapshot: Mapping[str, str],
    on_total: Callable[[int], None] | None,
    on_embedded: Callable[[Document, int], None] | None,
) -> None:
    """After the switch: copy what changed in the old generation since `snapshot` (a write that
    landed just before the switch). Documents untouched there are left alone: the new
    generation may already hold a newer version written after the switch."""
    source.refresh()
    target.refresh()
    now = source.document_hashes()
    for doc_id in sorted(set(snapshot) - set(now)):
        target.delete_document(doc_id)
    changed = sorted(doc_id for doc_id, doc_hash in now.items() if snapshot.get(doc_id) != doc_hash)
    _copy(source, target, changed, now, on_total, on_embedded)
