"""Text first, vectors later: a document added with `add_text` is found by words at once, by
meaning once `embed_waiting` ran; a store reopened in between goes on where it stopped."""

from __future__ import annotations

import re
from dataclasses import replace

from tiny_corpus import DOCS, passages_of


def _dense_doc_ids(store, embedder, query: str) -> set[str]:
    return {store.doc_id_of(pid) for pid, _ in store.dense_search(embedder.embed_query_vector(query), 10)}


def _lexical_doc_ids(store, query: str) -> set[str]:
    return {store.doc_id_of(pid) for pid, _ in store.lexical_search(query, 10)}


def test_words_at_once_meaning_after_the_second_phase(open_store, embedder):
    store = open_store()
    bentre = DOCS[0]
    store.upsert_document(DOCS[1], passages_of(DOCS[1]))
    assert store.add_text(bentre, passages_of(bentre)) == len(passages_of(bentre))

    assert "bentre" in _lexical_doc_ids(store, "1.017 trường hợp kiêm nhiệm")
    assert "bentre" not in _dense_doc_ids(store, embedder, "Bến Tre kiêm nhiệm 1.017 trường hợp")
    assert store.waiting_for_vectors() == len(passages_of(bentre)) == store.stats()["waiting_for_vectors"]
    assert [d.doc_id for d in store.list_documents()] == ["bentre", "sonla"]
    added = store.document_info("bentre").added
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", added)

    reopened = open_store()  # a restart between the phases keeps the waiting passages
    assert reopened.waiting_for_vectors() == len(passages_of(bentre))
    assert reopened.passage_ids() == store.passage_ids()
    done: list[str] = []
    reopened.embed_waiting(on_indexed=lambda document, n: done.append(document.doc_id))
    assert done == ["bentre"] and reopened.waiting_for_vectors() == 0
    assert "bentre" in _dense_doc_ids(reopened, embedder, "Bến Tre kiêm nhiệm 1.017 trường hợp")
    assert reopened.chroma_passage_ids() == reopened.passage_ids() == reopened.lexical.ids()
    assert reopened.sentence_vectors_of(reopened.get_document("bentre")) is not None

    third = open_store()
    assert third.waiting_for_vectors() == 0 and third.passage_ids() == reopened.passage_ids()
    assert third.document_info("bentre").added == added  # its vectors arriving do not make it new


def test_a_new_version_through_add_text_drops_the_old_vectors(open_store, embedder):
    store = open_store()
    original = DOCS[0]
    store.upsert_document(original, passages_of(original))
    changed = replace(original, text=original.text + "\n\nHuyện Mỏ Cày Nam có 16 xã thực hiện mô hình.")
    store.add_text(changed, passages_of(changed))
    assert "bentre" not in _dense_doc_ids(store, embedder, "Bến Tre kiêm nhiệm 1.017 trường hợp")
    assert "bentre" in _lexical_doc_ids(store, "Mỏ Cày Nam 16 xã")
    store.embed_waiting()
    assert open_store().passage_ids() == {p.passage_id for p in passages_of(changed)}
    assert store.chroma_passage_ids() == store.passage_ids()


def test_the_api_answers_at_once_and_embeds_the_waiting_passages_in_the_background(tmp_path, corpus_dir):
    import time

    from fastapi.testclient import TestClient

    from assistant.api import create_app
    from assistant.factory import open_store as open_settings_store
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    settings = Settings(data_dir=tmp_path / "data")
    with open_settings_store(settings) as store:
        report = ingest_paths([corpus_dir], store, text_first=True, embed=False)
        assert report.embedded == 0 and store.waiting_for_vectors() == len(store.passage_ids()) > 0

    app = create_app(settings)
    with TestClient(app) as client:
        services = app.state.services
        waiting = services.store.waiting_for_vectors()
        assert client.get("/healthz").json()["waiting_for_vectors"] == waiting > 0
        services.warm_up()  # what `tinhgon serve` does: the waiting passages get vectors meanwhile
        found = client.post("/api/v1/search", json={"query": "Tháp Mười bí thư kiêm chủ tịch xã", "k": 3})
        assert found.status_code == 200 and found.json()["results"]
        deadline = time.monotonic() + 300
        while services.store.waiting_for_vectors() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert services.store.waiting_for_vectors() == 0
        assert services.store.chroma_passage_ids() == services.store.passage_ids()
