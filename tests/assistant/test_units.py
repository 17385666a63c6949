"""Units are built lazily: what a caller reads is what the whole-document analysis would give."""

from __future__ import annotations

from pathlib import Path

from assistant import textkeys as tk
from assistant.units import DocIndex, DocIndexCache, build_index
from ingest.models import Document
from ingest.pipeline import ingest_paths


def _documents(corpus_dir: Path) -> list[tuple[Document, list[tuple[int, int]]]]:
    processed = ingest_paths([corpus_dir], None, dry_run=True).processed
    return [(item.document, [(p.start, p.end) for p in item.passages]) for item in processed]


def test_units_in_a_span_are_those_of_the_whole_document(corpus_dir: Path) -> None:
    for document, passages in _documents(corpus_dir):
        whole = build_index(document).units
        spans = passages + [(0, len(document.text)), (0, 0)] + [(e, e + 2) for _, e in build_index(document).sentence_spans]
        for start, end in spans:
            lazy = build_index(document)  # a fresh index: nothing analysed yet
            expected = [(u.start, u.end, u.sentence, u.is_clause) for u in whole if u.start < end and u.end > start]
            assert [(u.start, u.end, u.sentence, u.is_clause) for u in lazy.units_in(start, end)] == expected
            assert len(lazy._units) <= len(lazy.sentence_spans)


def test_lazy_keys_are_computed_from_the_unit_text(corpus_dir: Path) -> None:
    document, _ = _documents(corpus_dir)[0]
    index = build_index(document)
    unit = next(u for u in index.units if u.is_clause)
    tokens = tk.tokenize(unit.text)
    assert unit.tokens == tokens and unit.keys == frozenset(tk.content_keys(tokens))
    assert unit.bigrams == tk.bigrams(tokens) and unit.places == tuple(tk.place_names(unit.text))
    whole = index.sentence_unit(unit)
    assert whole is not None and not whole.is_clause and whole.start <= unit.start and index.sentence_keys(unit) == whole.keys
    assert index.keys >= unit.keys and index.folded == tk.folded_text(document.title + "\n" + document.text)
    assert index.places == tk.place_names(document.title + "\n" + document.text)
    assert (document.published or "")[:4] in index.years or not document.published


def test_the_cache_returns_one_index_per_document_version(corpus_dir: Path) -> None:
    document, _ = _documents(corpus_dir)[0]
    cache = DocIndexCache(size=2)
    first = cache.get(document)
    assert isinstance(first, DocIndex) and cache.get(document) is first


def test_unit_words_taken_from_the_document_tokens_are_those_of_the_unit_text(shared_dir: Path) -> None:
    from assistant.answering.analysis import canonical_words
    from assistant.answering.candidates import document_sequence, unit_sequence

    for folder in ("corpus", "corpus-2025"):
        for document, _ in _documents(shared_dir / folder):
            index = build_index(document)
            assert document_sequence(index) == canonical_words(document.title + "\n" + document.text)
            for unit in index.units:
                assert unit_sequence(index, unit) == canonical_words(unit.text), (document.doc_id, unit.start)


def test_place_names_from_given_tokens_are_those_found_alone(shared_dir: Path) -> None:
    for document, _ in _documents(shared_dir / "corpus-2025")[:20] + _documents(shared_dir / "corpus"):
        text = document.title + "\n" + document.text
        assert tk.place_names(text, tokens=tk.tokenize(text)) == tk.place_names(text)
