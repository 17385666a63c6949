"""A unit's surroundings and capitalised words, read from the document's tokens piece by piece,
equal those of tokenising `context_text` and the unit's text, with and without stored statistics."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import textkeys as tk
from assistant.answering import doc_stats as ds
from assistant.answering.analysis import canonical_tokens
from assistant.answering.candidates import (
    context_capitalised,
    context_sequence,
    context_text,
    context_words,
    unit_capitalised,
)
from assistant.units import build_index
from ingest.models import Document
from ingest.pipeline import ingest_paths
from ingest.sections import encode_sections


def _documents(paths: list[Path]) -> list[Document]:
    return [item.document for item in ingest_paths(paths, None, dry_run=True).processed]


@pytest.fixture(scope="module")
def documents(corpus_dir: Path, shared_dir: Path) -> list[Document]:
    found = _documents([corpus_dir])
    newer = sorted((shared_dir / "corpus-2025").glob("*"))[:8]  # crawled Markdown: section headings
    return found + _documents(newer) + [_hand_made()]


def _hand_made() -> Document:
    """Headings, abbreviations in capitals, a date and a name split over a line break."""
    text = (
        "# Phần I. UBND tỉnh\n"
        "UBND tỉnh Thanh Hóa họp ngày 24/9/2021. Ông Nguyễn Văn A, Bí thư Huyện ủy, phát biểu.\n"
        "## Mục 2. HĐND\n"
        "HĐND xã Thạch Lập thông qua Nghị quyết 18-NQ/TW; TP. Hồ Chí Minh có 1.017 cán bộ.\n"
        "Xã Rạch Tre - huyện Cây Gõ.\nKết thúc."
    )
    first, second = text.index("# Phần"), text.index("## Mục")
    sections = [(first, 1, "Phần I. UBND tỉnh"), (second, 2, "Mục 2. HĐND")]
    return Document(
        doc_id="hand-made", source="hand-made.md", title="Báo cáo của UBND tỉnh Thanh Hóa", text=text,
        published="2021-09-24", metadata={"sections": encode_sections(sections)},
    )


def _expected(index, unit) -> tuple[tuple[str, ...], frozenset[str]]:
    tokens = canonical_tokens(context_text(index, unit))
    return tuple(w for _, words in tokens for w in words), frozenset(t.key for t, _ in tokens if t.surface[:1].isupper())


@pytest.mark.parametrize("stored", [False, True], ids=["computed", "stored statistics"])
def test_surroundings_equal_those_of_the_joined_text(documents, stored: bool) -> None:
    checked = 0
    for document in documents:
        index = build_index(document)
        if stored:
            stats = ds.compute(build_index(document))
            assert stats is not None
            ds.apply(index, ds.DocStats.decode(*stats.encode()))
        for unit in index.units:
            first = index.sentence_units(unit.sentence)[0]  # the first unit asked for decides, once per sentence
            words, capitalised = _expected(index, first)
            assert context_sequence(index, unit) == words, (document.doc_id, unit.text)
            assert context_words(index, unit) == frozenset(words)
            assert context_capitalised(index, unit) == capitalised, (document.doc_id, unit.text)
            own = frozenset(t.key for t in tk.tokenize(unit.text) if t.surface[:1].isupper())
            assert unit_capitalised(index, unit) == own, (document.doc_id, unit.text)
            checked += 1
    assert checked > 500


def test_the_hand_made_document_has_headings_in_its_surroundings() -> None:
    index = build_index(_hand_made())
    unit = next(u for u in index.units if u.text.startswith("HĐND xã"))
    sequence = context_sequence(index, unit)
    assert "muc" in sequence and "hoi" in sequence  # the heading "Mục 2. HĐND", spelled out
    assert {"thach", "lap", "hdnd"} <= context_capitalised(index, unit)


def test_the_refusal_score_sees_how_much_of_the_earlier_question_a_follow_up_finds() -> None:
    import numpy as np

    from assistant.answering.features import FEATURES
    from assistant.answering.refusal import REFUSAL_FEATURES, refusal_vector

    matrix = np.zeros((3, len(FEATURES)))
    matrix[:, FEATURES.index("hist_cov")] = [0.2, 0.9, 0.5]
    vector = refusal_vector(matrix, np.array([0.1, 0.3, 0.8]))  # the third candidate is the best
    assert vector[REFUSAL_FEATURES.index("best_hist_cov")] == 0.5
    assert vector[REFUSAL_FEATURES.index("max_hist_cov")] == 0.9
