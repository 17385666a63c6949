"""`kill -9` during `tinhgon ingest`, twice, then a re-run: nothing lost, nothing doubled.

The ingest runs as a real process against a real data dir; each trial kills it right after it
reports its first document indexed (`--verbose`), so the kill lands while the next documents are
being written, and the test checks that the process really was still running then. After the final re-run, the store must
hold every document exactly as a clean ingest would, with Chroma, the in-memory index and the
lexical index naming the same passages.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from cli_process import signalled_at

from assistant.factory import open_store
from assistant.settings import Settings
from ingest.pipeline import ingest_paths

KILL_TIMEOUT_S = 180.0


def _ingest_args(corpus: Path) -> list[str]:
    return ["ingest", "--verbose", "--json", str(corpus)]


def _kill_after_first_document(corpus: Path, env: dict[str, str]) -> tuple[int, int]:
    """Start an ingest and SIGKILL it once it reports a document indexed.

    Returns the exit status (-9 when the kill found it running) and the documents it reported."""
    with signalled_at(_ingest_args(corpus), env, "indexed ") as (process, lines):
        return process.wait(KILL_TIMEOUT_S), sum(line.startswith("indexed ") for line in lines)


def test_two_kills_during_ingest_lose_and_duplicate_nothing(tmp_path: Path, corpus_dir: Path) -> None:
    data_dir = tmp_path / "data"
    env = {**os.environ, "TINHGON_DATA_DIR": str(data_dir)}
    trials = [_kill_after_first_document(corpus_dir, env) for _ in range(2)]
    assert trials == [(-signal.SIGKILL, 1), (-signal.SIGKILL, 1)], "an ingest finished before it could be killed"
    store = open_store(Settings(data_dir=data_dir))
    try:
        partial = len(store.list_documents())
    finally:
        store.close()
    assert 2 <= partial < len(list(corpus_dir.iterdir())), "the kills did not land mid-ingest"

    final = subprocess.run([sys.executable, "-m", "assistant.cli", *_ingest_args(corpus_dir)], env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr

    expected = {item.document.doc_id: item for item in ingest_paths([corpus_dir], None, dry_run=True).processed}
    store = open_store(Settings(data_dir=data_dir))
    try:
        assert {info.doc_id for info in store.list_documents()} == set(expected)
        passage_ids = store.passage_ids()
        assert store.chroma_passage_ids() == passage_ids
        assert set(store.lexical.ids()) == passage_ids
        per_doc = Counter(store.doc_id_of(pid) for pid in passage_ids)
        for doc_id, item in expected.items():
            assert per_doc[doc_id] == len(item.passages), f"{doc_id}: passages lost or doubled"
            stored = store.get_document(doc_id)
            assert stored is not None and stored.text == item.document.text
        texts = Counter((store.doc_id_of(pid), store.passage_text(pid)) for pid in passage_ids)
        assert max(texts.values()) == 1, "a passage is stored twice"
    finally:
        store.close()


def test_a_kill_during_the_second_phase_resumes_without_embedding_anything_twice(tmp_path: Path, corpus_dir: Path) -> None:
    from ingest.models import embedding_text
    from ingest.splitter import sentence_spans
    from vectorstore.embedding_cache import EmbeddingCache

    # two short articles and an embedding cache of their own: every vector is computed here
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(corpus_dir.iterdir(), key=lambda p: p.stat().st_size)[:2]:
        shutil.copy(path, corpus / path.name)
    data_dir, cache_dir = tmp_path / "data", tmp_path / "cache"
    cache_path = cache_dir / "embeddings.sqlite3"
    env = {**os.environ, "TINHGON_DATA_DIR": str(data_dir), "TINHGON_EMBEDDING_CACHE": str(cache_dir)}
    with signalled_at(["ingest", "--text-first", "--verbose", str(corpus)], env, "embedded ") as (process, lines):
        assert process.wait(KILL_TIMEOUT_S) == -signal.SIGKILL, "".join(lines)
    expected = {item.document.doc_id: item for item in ingest_paths([corpus], None, dry_run=True).processed}
    assert sum(line.startswith("indexed ") for line in lines) == len(expected)  # phase one had finished

    store = open_store(Settings(data_dir=data_dir))
    try:  # searchable by words before a single further vector is computed
        assert {info.doc_id for info in store.list_documents()} == set(expected)
        assert 0 < store.waiting_for_vectors() < len(store.passage_ids())
    finally:
        store.close()
    cached_at_kill = len(EmbeddingCache(cache_path))

    resumed = subprocess.run([sys.executable, "-m", "assistant.cli", "embed"], env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    computed = int(resumed.stderr.split("(")[1].split(" computed")[0])

    needed: set[str] = set()
    for item in expected.values():
        needed.update(embedding_text(item.document, p) for p in item.passages)
        needed.update(item.document.text[s:e] for s, e in sentence_spans(item.document.text))
    assert cached_at_kill + computed == len(needed) == len(EmbeddingCache(cache_path))
    store = open_store(Settings(data_dir=data_dir))
    try:
        assert store.waiting_for_vectors() == 0
        assert store.chroma_passage_ids() == store.passage_ids() == set(store.lexical.ids())
        assert sum(len(item.passages) for item in expected.values()) == len(store.passage_ids())
    finally:
        store.close()
