"""Two stores (two API workers, or two machines) on one real `chroma run` server see each other's
writes: the version token written with every change makes a reader reload what changed."""

from __future__ import annotations

from tiny_corpus import DOCS, passages_of

from vectorstore.store import PassageStore


def _open(tmp_path, name: str, embedder, chroma_server: str, collection: str) -> PassageStore:
    return PassageStore(tmp_path / name, embedder, chroma_url=chroma_server, collection=collection, sync_every_s=0.0)


def _lexical_doc_ids(store: PassageStore, query: str) -> set[str]:
    return {store.doc_id_of(pid) for pid, _ in store.lexical_search(query, 10)}


def test_a_write_through_one_store_is_read_through_the_other(tmp_path, embedder, chroma_server):
    writer = _open(tmp_path, "a", embedder, chroma_server, "shared1")
    reader = _open(tmp_path, "b", embedder, chroma_server, "shared1")
    try:
        bentre, sonla = DOCS[0], DOCS[1]
        writer.upsert_document(bentre, passages_of(bentre))
        assert [d.doc_id for d in reader.list_documents()] == ["bentre"]
        assert _lexical_doc_ids(reader, "1.017 trường hợp kiêm nhiệm") == {"bentre"}
        vector = embedder.embed_query_vector("kiêm nhiệm ở Bến Tre")
        assert {reader.doc_id_of(pid) for pid, _ in reader.dense_search(vector, 5)} == {"bentre"}

        writer.upsert_document(sonla, passages_of(sonla))
        writer.delete_document("bentre")
        assert [d.doc_id for d in reader.list_documents()] == ["sonla"]
        assert reader.passage_ids() == writer.passage_ids() == writer.chroma_passage_ids()
        assert reader.lexical.ids() == reader.passage_ids()
        assert "bentre" not in _lexical_doc_ids(reader, "1.017 trường hợp kiêm nhiệm")
    finally:
        writer.close()
        reader.close()


def test_a_document_still_being_written_elsewhere_is_not_half_read(tmp_path, embedder, chroma_server):
    writer = _open(tmp_path, "a", embedder, chroma_server, "shared2")
    reader = _open(tmp_path, "b", embedder, chroma_server, "shared2")
    try:
        document = DOCS[0]
        passages = passages_of(document)
        # what another process has written so far: passages without the document record
        vectors, _ = embedder.embed_passages([p.text for p in passages])
        writer._passage_col.upsert(
            ids=[p.passage_id for p in passages],
            embeddings=vectors,
            documents=[p.text for p in passages],
            metadatas=[{"doc_id": document.doc_id, "doc_hash": document.content_hash, "index": p.index, "start": p.start, "end": p.end} for p in passages],
        )
        writer._announce_write()
        assert reader.list_documents() == [] and reader.passage_ids() == set()
        writer.upsert_document(document, passages)
        assert [d.doc_id for d in reader.list_documents()] == [document.doc_id]
    finally:
        writer.close()
        reader.close()


def test_checks_are_spaced_by_the_sync_interval(tmp_path, embedder, chroma_server):
    writer = _open(tmp_path, "a", embedder, chroma_server, "shared3")
    reader = PassageStore(tmp_path / "b", embedder, chroma_url=chroma_server, collection="shared3", sync_every_s=600)
    try:
        reader.sync()  # starts the interval
        writer.upsert_document(DOCS[0], passages_of(DOCS[0]))
        assert reader.sync() is False  # within the interval: no request to the server
        # the interval passes without sleeping, so a slow write on a busy machine cannot end it early
        reader._last_sync -= 600
        assert reader.sync() is True and reader.sync() is False
    finally:
        writer.close()
        reader.close()
