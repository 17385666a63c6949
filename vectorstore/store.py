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

The four collections form one *generation*, built by one embedder (`vectorstore.generations`).
`tinhgon reindex` (`vectorstore.reindex`) builds another generation beside the serving one, then
switches a pointer record in Chroma; every store reading the old generation notices the switch
at its next version check and replaces its state, embedder included (`vectorstore.store_sync`).

The code is split by job: `store_loading` (opening, repairs), `store_sync` (other processes,
switches), `store_reads` (documents, search primitives), `store_writes` (upsert, delete),
`two_phase` (text first, vectors later), `store_state` (the shared state, the lexical file),
`records` (rows as records, pure).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from vectorstore import chroma_client
from vectorstore.embedders import TinhGonEmbeddings
from vectorstore.generations import read_active
from vectorstore.lexical import Analyzer, LexicalIndex, lexical_file
from vectorstore.records import PassageRecord, lexical_text, sentence_id
from vectorstore.rerank import SentenceCoverage
from vectorstore.store_state import SYNC_EVERY_S
from vectorstore.two_phase import StoreTwoPhase

__all__ = ["PassageRecord", "PassageStore", "lexical_text", "sentence_id"]


class PassageStore(StoreTwoPhase):
    """Implements `ingest.sink.PassageSink`; the retriever searches through it.

    `generation` pins the store to one generation's prefix (a re-index reads the old one and
    writes the new one that way); by default the store reads whichever generation the pointer
    record names and follows switches. `embedder_factory` builds the embedder of a generation
    this store switches to, from its TINHGON_EMBEDDER name."""

    def __init__(
        self,
        data_dir: Path,
        embedder: TinhGonEmbeddings,
        chroma_url: str | None = None,
        collection: str = "tinhgon",
        analyzer: Analyzer | None = None,
        sentence_vectors: bool = True,
        sync_every_s: float = SYNC_EVERY_S,
        *,
        generation: str | None = None,
        embedder_factory: Callable[[str], TinhGonEmbeddings] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._embedder = embedder
        self.chroma_url = chroma_url
        self.name = collection
        self.sentence_vectors = sentence_vectors
        self.sync_every_s = sync_every_s
        self._analyzer = analyzer
        self._pinned = generation is not None
        self._embedder_factory = embedder_factory
        self._sentence_cache = OrderedDict()
        self._lock = threading.RLock()
        self._docs = {}
        self._passages = {}
        self._doc_passages = {}
        self._doc_hash_of_passage = {}
        self._last_flush = time.monotonic()
        self._flush_cost = 0.0
        self._prepared = set()
        self._client = chroma_client.make_client(self.data_dir, chroma_url)
        if generation is None:
            active = read_active(self._client, collection)
            generation = active.prefix if active is not None else collection
        self.prefix = generation
        self._passage_col, self._doc_col, self._sentence_col, self._waiting_col = self._open_collections()
        self._waiting = {}
        self.lexical = LexicalIndex(lexical_file(self.data_dir, self.prefix), analyzer)
        self.sentence_coverage = SentenceCoverage(self.lexical.analyzer, self.lexical.idf)
        self._version = self._stored_version()
        self._last_sync = time.monotonic()
        self._load()

    @property
    def embedder(self) -> TinhGonEmbeddings:
        """The embedder of the generation serving now (a query must be embedded by this one)."""
        self.sync()
        return self._embedder

    def close(self) -> None:
        self.flush()
        self._embedder.close()

    def __enter__(self) -> "PassageStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
