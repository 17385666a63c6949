"""The lexical side: Vietnamese analysis, abbreviations both ways, persistence, rebuild, no drift, repair."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from tiny_corpus import DOCS, make_document, passages_of
from vectorstore.lexical import Analyzer, LexicalIndex
from vectorstore.filters import chroma_where, document_matches
from vectorstore.results import DocumentInfo, SearchFilters


def _shared(a: str, b: str, mode: str = "syllable") -> set[str]:
    analyzer = Analyzer(mode)
    return set(analyzer.query_tokens(a)) & set(analyzer.tokens(b))


@pytest.mark.parametrize(
    ("query", "passage", "must_share"),
    [
        ("bi thu kiem chu tich ubnd xa", "Bí thư kiêm Chủ tịch UBND xã", {"~bi", "~thu", "~kiem", "~chu", "~tich", "#ubnd", "~xa"}),
        ("UBND xã", "Ủy ban nhân dân xã", {"#ubnd"}),
        ("Ủy ban nhân dân tỉnh", "UBND tỉnh", {"#ubnd"}),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân", {"ủy", "#ubnd"}),  # old tone placement
        ("hội đồng nhân dân", "HĐND huyện", {"#hdnd"}),
        ("mttq", "Mặt trận Tổ quốc Việt Nam", {"#mttq"}),
        ("Nghị quyết 18-NQ/TW", "theo 18-NQ/TW của BCH Trung ương", {"=18-nq/tw", "18", "#nq", "#tw"}),
        ("1.017 trường hợp", "có 1.017 trường hợp", {"1.017"}),
        ("cán bộ công chức viên chức", "CBCCVC", {"#cbccvc"}),
    ],
)
def test_analyzer_matches(query, passage, must_share):
    assert must_share <= _shared(query, passage)


def test_ambiguous_short_forms_need_capitals():
    # "tu" may be tư/từ/tự: only the capitalised "TU" is the Tỉnh ủy abbreviation
    assert "#tu" in Analyzer().tokens("02-NQ/TU của Tỉnh ủy")
    assert "#tu" not in Analyzer().tokens("tự chủ, từ đó")


def test_question_without_diacritics_uses_the_folded_field_only():
    tokens = Analyzer().query_tokens("ba che da giam bao nhieu cap pho")
    assert tokens and all(t[0] in "~#=" for t in tokens)
    assert "~bao" not in tokens and "~nhieu" not in tokens  # interrogatives dropped


def test_analyzer_modes_and_unknown_mode():
    assert "bí_thư" in Analyzer("bigram").tokens("Bí thư Tỉnh ủy")
    with pytest.raises(ValueError):
        Analyzer("nope")


def test_index_persists_atomically_and_refuses_other_analyzer(tmp_path):
    path = tmp_path / "lex.npz"
    index = LexicalIndex(path, Analyzer("syllable"))
    index.add([("a::00000", "Bí thư kiêm Chủ tịch"), ("b::00000", "Ba Chẽ giảm cấp phó")])
    index.save("fp1")
    again = LexicalIndex(path, Analyzer("syllable"))
    assert again.load() and again.ids() == {"a::00000", "b::00000"} and again.fingerprint == "fp1"
    scores = dict(zip(again.order, again.scores("giam cap pho")))
    assert scores["b::00000"] > scores["a::00000"] == 0
    assert not LexicalIndex(path, Analyzer("bigram")).load()
    path.write_bytes(b"garbage")
    assert not LexicalIndex(path, Analyzer("syllable")).load()


def test_scores_equal_bm25s_on_a_random_corpus(tmp_path):
    """The compact matrix scores exactly as bm25s (Lucene BM25) does, repeated query tokens included."""
    import bm25s
    import numpy as np

    rng = random.Random(7)
    words = ["xã", "phường", "tỉnh", "sáp", "nhập", "bí", "thư", "kiêm", "chủ", "tịch", "UBND", "2025", "705", "Hà", "Nội"]
    texts = {f"d{i}::00000": " ".join(rng.choice(words) for _ in range(rng.randint(0, 30))) for i in range(60)}
    index = LexicalIndex(tmp_path / "lex.npz", Analyzer("bigram"))
    index.add(texts.items())
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index([Analyzer("bigram").tokens(texts[pid]) or ["\x00empty"] for pid in index.order], show_progress=False)
    for query in ["bí thư kiêm chủ tịch UBND xã", "xã xã phường 2025", "Hà Nội sáp nhập 705", "không có từ nào"]:
        tokens = [t for t in Analyzer("bigram").query_tokens(query) if t in reference.vocab_dict]
        expected = reference.get_scores_from_ids([reference.vocab_dict[t] for t in tokens]) if tokens else np.zeros(60)
        assert np.allclose(index.scores(query), expected, rtol=1e-5, atol=1e-6), query
        for token in tokens:
            assert index.document_frequency(token) == sum(token in Analyzer("bigram").tokens(t) for t in texts.values())


def _persisted(store) -> LexicalIndex:
    saved = LexicalIndex(store.lexical.path, store.lexical.analyzer)
    assert saved.load()
    return saved


def test_missing_or_stale_lexical_index_is_rebuilt_from_chroma(open_store):
    store = open_store()
    for d in DOCS:
        store.upsert_document(d, passages_of(d))
    store.close()
    assert _persisted(store).ids() == store.passage_ids()

    store.lexical.path.unlink()  # missing
    again = open_store()
    assert again.lexical.ids() == again.chroma_passage_ids() == again.passage_ids()
    assert again.lexical.path.exists()
    again.close()

    # stale: the file claims to be current but misses a passage
    stale = _persisted(again)
    stale.remove([min(stale.ids())])
    stale.save(stale.fingerprint)  # one passage short, under the fingerprint of the full state
    third = open_store()
    assert third.lexical.ids() == third.chroma_passage_ids()
    assert third.lexical.order and len(third.lexical.scores("Ba Chẽ")) == len(third.passage_ids())


def test_lexical_and_chroma_never_drift(open_store):
    """Random upserts, changes and deletes: after each, both indexes hold the same passage ids."""
    rng = random.Random(7)
    store = open_store()
    pool = list(DOCS) + [
        make_document("extra", "Phụ lục", "Một câu ngắn về tinh gọn bộ máy. Một câu khác về sáp nhập."),
    ]
    for step in range(12):
        doc = rng.choice(pool)
        action = rng.choice(["upsert", "change", "delete"])
        if action == "delete":
            store.delete_document(doc.doc_id)
        else:
            if action == "change":
                doc = replace(doc, text=doc.text + f"\n\nĐoạn bổ sung số {rng.randint(0, 2)}.")
            store.upsert_document(doc, passages_of(doc))
        chroma_ids = store.chroma_passage_ids()
        assert chroma_ids == store.passage_ids() == store.lexical.ids(), step
    store.close()
    reopened = open_store()
    assert reopened.lexical.ids() == reopened.chroma_passage_ids() == store.passage_ids()


def test_interrupted_writes_are_repaired_on_open(open_store):
    """Passages written without their document record (a crash mid-upsert) are removed on open."""
    store = open_store()
    store.upsert_document(DOCS[0], passages_of(DOCS[0]))
    half = DOCS[1]
    passages = passages_of(half)
    vectors, _ = store.embedder.embed_passages([p.text for p in passages])
    # simulate the first step of an upsert, then a crash: passages but no document record
    store._write_passages([p.passage_id for p in passages], vectors, [p.text for p in passages], [
        {"doc_id": half.doc_id, "source": half.source, "doc_hash": half.content_hash, "published_ord": -1,
         "references": "", "index": p.index, "start": p.start, "end": p.end} for p in passages
    ])
    # and a document record whose passages are gone (a crash mid-delete of the other kind)
    store._passage_col.delete(ids=[p.passage_id for p in passages_of(DOCS[0])][:1])
    store.close()
    repaired = open_store()
    assert repaired.document_hashes() == {}  # both inconsistent documents dropped: re-ingest re-adds them
    assert repaired.chroma_passage_ids() == repaired.passage_ids() == repaired.lexical.ids() == set()
    assert repaired.upsert_document(DOCS[0], passages_of(DOCS[0])) == 0  # cache: no embedding needed
    assert set(repaired.document_hashes()) == {DOCS[0].doc_id}


@pytest.mark.parametrize(
    ("filters", "where"),
    [
        (None, None),
        (SearchFilters(), None),
        (SearchFilters(sources=("a.txt",)), {"source": {"$in": ["a.txt"]}}),
        (SearchFilters(published_from="2020-01-01"), {"published_ord": {"$gte": 20200101}}),
        (SearchFilters(references=("18-nq/tw",)), {"ref:18-NQ/TW": True}),
        (
            SearchFilters(published_to="2020-12-31", references=("A", "B")),
            {"$and": [{"published_ord": {"$lte": 20201231}}, {"published_ord": {"$gte": 0}}, {"$or": [{"ref:A": True}, {"ref:B": True}]}]},
        ),
    ],
)
def test_chroma_where(filters, where):
    assert chroma_where(filters) == where


def test_document_matches_agrees_with_where_semantics():
    info = DocumentInfo("d", "d.txt", "t", "2021-09-24", 1, ("34-KL/TW",))
    undated = replace(info, published=None)
    assert document_matches(info, SearchFilters(published_from="2021-09-24", published_to="2021-09-24"))
    assert not document_matches(info, SearchFilters(published_to="2021-09-23"))
    assert not document_matches(undated, SearchFilters(published_to="2030-01-01"))
    assert document_matches(info, SearchFilters(references=("34-kl/tw",), sources=("d.txt",)))
    assert not document_matches(info, SearchFilters(sources=("x.txt",)))
