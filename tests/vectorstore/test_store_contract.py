"""The PassageStore contract, run against both back ends: embedded Chroma and a real `chroma run` server."""

from __future__ import annotations

from dataclasses import replace

from tiny_corpus import DOCS, passages_of
from vectorstore.retriever import HybridRetriever
from vectorstore.results import SearchFilters


def _ingest(store, docs=DOCS) -> int:
    return sum(store.upsert_document(d, passages_of(d)) for d in docs)


def test_upsert_list_get_stats_delete(open_store):
    store = open_store()
    _ingest(store)
    assert store.document_hashes() == {d.doc_id: d.content_hash for d in DOCS}
    assert store.document_paths() == {d.doc_id: d.path for d in DOCS}
    infos = {i.doc_id: i for i in store.list_documents()}
    assert set(infos) == {d.doc_id for d in DOCS}
    assert infos["bentre"].references == ("34-KL/TW",) and infos["bentre"].published == "2021-09-24"
    assert infos["bentre"].passages == len(passages_of(DOCS[0]))

    doc = store.get_document("sonla")
    assert doc is not None and doc.text == DOCS[1].text and doc.title == DOCS[1].title
    assert doc.references == ("18-NQ/TW",) and doc.content_hash == DOCS[1].content_hash
    assert store.get_document("missing") is None

    total = sum(len(passages_of(d)) for d in DOCS)
    stats = store.stats()
    assert (stats["documents"], stats["passages"]) == (3, total)
    assert stats["embedder"] == store.embedder.model_id

    assert store.delete_document("sonla") is True
    assert store.delete_document("sonla") is False
    assert "sonla" not in store.document_hashes()
    assert store.chroma_passage_ids() == store.passage_ids() == store.lexical.ids()
    assert not any(pid.startswith("sonla::") for pid in store.passage_ids())


def test_reopen_sees_everything_and_search_offsets_hold(open_store):
    store = open_store()
    _ingest(store)
    store.close()
    again = open_store()
    assert again.document_hashes() == {d.doc_id: d.content_hash for d in DOCS}
    retriever = HybridRetriever(store=again, k=3)
    results = retriever.search("Ba Chẽ giảm bao nhiêu cấp phó?")
    assert results and results[0].doc_id == "bache"
    texts = {d.doc_id: d.text for d in DOCS}
    for r in results:
        assert texts[r.doc_id][r.start : r.end] == r.text
    # without diacritics, and with the long form of an abbreviation
    assert retriever.search("bi thu kiem chu tich uy ban nhan dan xa")[0].doc_id == "bentre"
    assert retriever.search("UBND huyện sắp xếp cơ quan chuyên môn")[0].doc_id == "bache"


def test_changed_document_replaces_its_passages(open_store):
    store = open_store()
    _ingest(store)
    old = DOCS[0]
    new = replace(old, text=f"Bến Tre chỉ còn một đoạn văn duy nhất về kiêm nhiệm chức danh ({open_store.backend}).")
    assert store.upsert_document(new, passages_of(new)) == len(passages_of(new))
    assert store.document_hashes()["bentre"] == new.content_hash
    pids = {p for p in store.passage_ids() if p.startswith("bentre::")}
    assert pids == {p.passage_id for p in passages_of(new)}
    assert store.chroma_passage_ids() == store.passage_ids() == store.lexical.ids()
    assert store.get_document("bentre").text == new.text


def test_filters_narrow_both_retrievers(open_store):
    store = open_store()
    _ingest(store)
    for mode in ("hybrid", "dense", "lexical"):
        retriever = HybridRetriever(store=store, k=10, mode=mode)
        query = "mô hình kiêm nhiệm"
        by_source = retriever.search(query, filters=SearchFilters(sources=("sonla.txt",)))
        assert by_source and {r.doc_id for r in by_source} == {"sonla"}, mode
        dated = retriever.search(query, filters=SearchFilters(published_from="2021-01-01"))
        assert dated and {r.doc_id for r in dated} == {"bentre"}, mode  # undated documents never match a range
        until = retriever.search(query, filters=SearchFilters(published_to="2020-12-31"))
        assert until and {r.doc_id for r in until} == {"sonla"}, mode
        cited = retriever.search(query, filters=SearchFilters(references=("18-nq/tw", "99-NQ/TW")))
        assert cited and {r.doc_id for r in cited} == {"sonla"}, mode
        assert retriever.search(query, filters=SearchFilters(references=("99-NQ/TW",))) == [], mode


def test_search_many_matches_search_and_langchain_interface(open_store):
    store = open_store()
    _ingest(store)
    retriever = HybridRetriever(store=store, k=2)
    queries = ["Nghị quyết 18-NQ/TW ban hành ngày nào?", "1.017 trường hợp kiêm nhiệm"]
    many = retriever.search_many(queries)
    assert [[r.passage_id for r in rs] for rs in many] == [[r.passage_id for r in retriever.search(q)] for q in queries]
    docs = retriever.invoke(queries[1])
    assert docs and docs[0].metadata["doc_id"] == "bentre" and docs[0].page_content == many[1][0].text


def test_sentence_vectors_follow_their_document(open_store):
    import numpy as np

    from ingest.splitter import sentence_spans

    store = open_store()
    _ingest(store)
    doc = DOCS[0]
    vectors = store.sentence_vectors_of(doc)
    spans = sentence_spans(doc.text)
    assert vectors is not None and vectors.shape == (len(spans), store.embedder.dimension)
    first = doc.text[spans[0][0] : spans[0][1]]
    assert np.allclose(vectors[0], store.embedder.embed_passages([first])[0][0], atol=1e-5)

    assert len(spans) >= 2
    shorter = replace(doc, text=doc.text[: spans[0][1]])  # a new version with one sentence
    store.upsert_document(shorter, passages_of(shorter))
    assert store.sentence_vectors_of(doc) is None  # the old version's vectors are gone
    assert store.sentence_vectors_of(shorter).shape[0] == 1
    assert not any(i.endswith("::s00001") for i in store._sentence_col.get()["ids"] if i.startswith("bentre"))
    store.close()
    again = open_store()
    assert again.sentence_vectors_of(shorter).shape[0] == 1
    assert again.delete_document(doc.doc_id)
    assert again.sentence_vectors_of(shorter) is None


def test_upsert_many_writes_what_upsert_document_writes(open_store, tmp_path):
    one = open_store()
    _ingest(one)
    many = open_store(data_dir=tmp_path / "many") if open_store.backend == "embedded" else None
    if many is None:  # on the server every store of a test shares the collection: compare before/after instead
        before = (one.stats()["passages"], one.stats().get("sentence_vectors"))
        assert one.delete_document("sonla") and one.delete_document("bache")
        changed = replace(DOCS[0], text=DOCS[0].text + " Thêm một câu.")
        one.upsert_many([(changed, passages_of(changed)), *[(d, passages_of(d)) for d in DOCS[1:]]])
        assert (one.stats()["passages"], one.stats().get("sentence_vectors")) == (before[0], before[1] + 1)  # one more sentence
        assert one.document_hashes()["bentre"] == changed.content_hash
        assert one.chroma_passage_ids() == one.passage_ids() == one.lexical.ids()
        return
    assert many.upsert_many([(d, passages_of(d)) for d in DOCS]) == 0  # every vector came from the cache
    assert many.document_hashes() == one.document_hashes()
    assert many.chroma_passage_ids() == many.passage_ids() == many.lexical.ids() == one.passage_ids()
    assert many.stats()["sentence_vectors"] == one.stats()["sentence_vectors"]
    for d in DOCS:
        assert many.get_document(d.doc_id).text == d.text
        assert [v.tolist() for v in many.sentence_vectors_of(d)] == [v.tolist() for v in one.sentence_vectors_of(d)]
    query = "Ba Chẽ giảm bao nhiêu cấp phó?"
    same = [(r.passage_id, round(r.score, 6)) for r in HybridRetriever(store=many, k=5).search(query)]
    assert same == [(r.passage_id, round(r.score, 6)) for r in HybridRetriever(store=one, k=5).search(query)]
    many.close()
    again = open_store(data_dir=tmp_path / "many")
    assert again.document_hashes() == one.document_hashes()  # nothing repaired away on reopen


def test_sentence_vectors_of_many_documents_in_one_read(open_store):
    store = open_store()
    _ingest(store)
    stale = replace(DOCS[1], text=DOCS[1].text + " Câu chưa được lập chỉ mục.")  # a version the index does not hold
    fresh = open_store()  # nothing cached yet
    many = fresh.sentence_vectors_many([DOCS[0], stale, DOCS[2], DOCS[0]])
    assert set(many) == {"bentre", "sonla", "bache"} and many["sonla"] is None
    for d in (DOCS[0], DOCS[2]):
        assert many[d.doc_id].tolist() == store.sentence_vectors_of(d).tolist()
    assert fresh.sentence_vectors_many([DOCS[0]])["bentre"] is many["bentre"]  # kept in memory
