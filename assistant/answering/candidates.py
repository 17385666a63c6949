"""Candidate answer units: the sentences and clauses of the retrieved passages and their documents.

A candidate is a `Unit` (a verbatim span of its document) with where retrieval found it. Besides
the units inside the retrieved passages, every unit of the best few documents is a candidate too
(marked as outside): retrieval sometimes ranks the passage holding the answer just below the cut.
Per-document facts the features need (canonical words of each unit, the names a document
mentions, its headings) are computed once and kept in the document's `DocIndex.memo`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant import textkeys as tk
from assistant.answering.analysis import canonical_tokens, canonical_words
from assistant.units import DocIndex, Unit
from ingest.normalize import folded_key
from ingest.sections import decode_sections, section_path
from vectorstore.results import SearchResult

OUTSIDE_DOCS = 3  # documents read beyond their retrieved passages
OUTSIDE_UNITS = 60  # of their other units, those sharing most words with the question (long documents have hundreds)
_NAME_RUN = re.compile(r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?: [A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,4}")


@dataclass(slots=True)
class Candidate:
    unit: Unit
    index: DocIndex
    passage: SearchResult  # the retrieved passage it lies in (a window around it when outside)
    rank: int  # rank of that passage (len(pool) when outside)
    inside: bool
    doc_rank: int  # rank of the document's best passage
    vector: np.ndarray | None  # the vector of the unit's sentence


@dataclass(slots=True)
class PoolItem:
    passage: SearchResult
    index: DocIndex
    vectors: np.ndarray | None  # sentence vectors of the document (None when the index has none)


def unit_sequence(index: DocIndex, unit: Unit) -> tuple[str, ...]:
    """Canonical words of a unit in order (abbreviations spelled out), cached on its document.

    Taken from the document's tokens (tokenised once, `document_tokens`) when no token straddles
    the unit's edges, which makes them exactly `canonical_words(unit.text)`; computed from the
    unit's text otherwise."""
    key = ("seq", unit.start, unit.end)
    found = index.memo.get(key)
    if found is None:
        inside = _tokens_inside(index, unit.start, unit.end)
        found = canonical_words(unit.text) if inside is None else _token_words(index, *inside)
        index.memo[key] = found
    return found  # type: ignore[return-value]


def _tokens_inside(index: DocIndex, start: int, end: int) -> tuple[int, int] | None:
    """The document tokens (`document_tokens`) of the text span [start, end) as [first, last);
    None when a token straddles an edge (the span's own tokens would then differ)."""
    starts, ends, _, offset, _ = document_tokens(index)
    start, end = start + offset, end + offset
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end)  # tokens [first, last) start inside the span
    straddles = (first > 0 and ends[first - 1] > start) or (last > first and ends[last - 1] > end)
    return None if straddles else (first, last)


def _token_words(index: DocIndex, first: int, last: int) -> tuple[str, ...]:
    """The canonical words of document tokens [first, last), in order."""
    words = document_tokens(index)[2]
    if hasattr(words, "span"):  # read from stored statistics (`doc_stats.TokenWords`)
        return words.span(first, last)  # type: ignore[attr-defined]
    return tuple(w for i in range(first, last) for w in words[i])


def document_tokens(index: DocIndex) -> tuple[Sequence[int], Sequence[int], Sequence[tuple[str, ...]], int, list[tk.Token]]:
    """The tokens of the document's title and text (`title + "\n" + text`): their starts, ends and
    canonical words, the offset of the text in that string, and the tokens; computed once."""
    found = index.memo.get("doc_tokens")
    if found is None:
        tokens = canonical_tokens(index.document.title + "\n" + index.document.text)
        found = (
            [t.start for t, _ in tokens],
            [t.end for t, _ in tokens],
            [w for _, w in tokens],
            len(index.document.title) + 1,
            [t for t, _ in tokens],
        )
        index.memo["doc_tokens"] = found
    return found  # type: ignore[return-value]


def unit_words(index: DocIndex, unit: Unit) -> frozenset[str]:
    """Canonical words of a unit (abbreviations spelled out), cached on its document."""
    key = ("words", unit.start, unit.end)
    found = index.memo.get(key)
    if found is None:
        found = frozenset(unit_sequence(index, unit))
        index.memo[key] = found
    return found  # type: ignore[return-value]


def unit_pairs(index: DocIndex, unit: Unit) -> frozenset[tuple[str, str]]:
    key = ("pairs", unit.start, unit.end)
    found = index.memo.get(key)
    if found is None:
        words = unit_sequence(index, unit)
        found = frozenset(zip(words, words[1:]))
        index.memo[key] = found
    return found  # type: ignore[return-value]


def document_sequence(index: DocIndex) -> tuple[str, ...]:
    """Canonical words of the document's title and text, in order, computed once."""
    found = index.memo.get("doc_seq")
    if found is None:
        found = tuple(w for words in document_tokens(index)[2] for w in words)  # canonical_words(title + "\n" + text)
        index.memo["doc_seq"] = found
    return found  # type: ignore[return-value]


def document_words(index: DocIndex) -> frozenset[str]:
    found = index.memo.get("doc_words")
    if found is None:
        found = frozenset(document_sequence(index))
        index.memo["doc_words"] = found
    return found  # type: ignore[return-value]


def document_names(index: DocIndex) -> frozenset[str]:
    """Folded names the document mentions: runs of capitalised words, without the leading words
    it also writes in lower case ("Xã Thạch Lập" → "thach lap", "Theo TTXVN" → "ttxvn")."""
    found = index.memo.get("names")
    if found is None:
        text = index.document.title + "\n" + index.document.text
        lower = {m.group().lower() for m in re.finditer(r"\b[a-zà-ỹđ]+\b", text)}
        names: set[str] = set()
        keyed: dict[str, str] = {}  # a run's key, computed once per distinct run
        for m in _NAME_RUN.finditer(text):
            words = m.group().split()
            while words and words[0].lower() in lower:
                words = words[1:]
            if words:
                run = " ".join(words)
                key = keyed.get(run)
                if key is None:
                    key = keyed[run] = " ".join(t.key for t in tk.tokenize(run))
                names.add(key)
        names |= set(tk.place_names(text, tokens=document_tokens(index)[4]))  # = index.places, from the tokens at hand
        found = frozenset(n for n in names if n)
        index.memo["names"] = found
    return found  # type: ignore[return-value]


def _headings(index: DocIndex) -> list[tuple[int, int, str]]:
    found = index.memo.get("headings")
    if found is None:
        found = decode_sections(index.document.metadata)
        index.memo["headings"] = found
    return found  # type: ignore[return-value]


def _context_sentences(index: DocIndex, unit: Unit) -> list[int]:
    """The sentences in a unit's surroundings: the one before and its own."""
    return [i for i in (unit.sentence - 1, unit.sentence) if 0 <= i < len(index.sentence_spans)]


def context_parts(index: DocIndex, unit: Unit) -> list[str]:
    """The pieces of a unit's surroundings: the document title, its section headings, the sentence
    before and its own."""
    parts = [index.document.title, section_path(_headings(index), unit.start)]
    spans = index.sentence_spans
    parts += [index.document.text[spans[i][0] : spans[i][1]] for i in _context_sentences(index, unit)]
    return parts


def context_text(index: DocIndex, unit: Unit) -> str:
    """A unit's surroundings (`context_parts`), one per line."""
    key = ("context_text", unit.sentence, unit.start)
    found = index.memo.get(key)
    if found is None:
        found = "\n".join(context_parts(index, unit))
        index.memo[key] = found
    return found  # type: ignore[return-value]


# The words of a piece of a unit's surroundings in order, and the folded words it writes with a capital.
Piece = tuple[tuple[str, ...], frozenset[str]]


def _piece_of_text(text: str) -> Piece:
    tokens = canonical_tokens(text)
    return tuple(w for _, words in tokens for w in words), frozenset(t.key for t, _ in tokens if t.surface[:1].isupper())


def _piece_of_tokens(index: DocIndex, first: int, last: int) -> Piece:
    """A piece read from the document's tokens (`document_tokens`), without tokenising again."""
    return _token_words(index, first, last), _capitalised_tokens(index, first, last)


def _capitalised_tokens(index: DocIndex, first: int, last: int) -> frozenset[str]:
    """Folded keys of the document tokens [first, last) written with a capital."""
    starts, ends, _, _, _ = document_tokens(index)
    full = index.document.title + "\n"  # token offsets count from the title
    text, offset = index.document.text, len(full)
    capitalised = set()
    for i in range(first, last):
        start, end = starts[i], ends[i]
        surface = text[start - offset : end - offset] if start >= offset else full[start:end]
        if surface[:1].isupper():
            capitalised.add(folded_key(surface))
    return frozenset(capitalised)


def unit_capitalised(index: DocIndex, unit: Unit) -> frozenset[str]:
    """Folded words the unit writes with a capital, from the document's tokens when no token
    straddles the unit's edges (then they are the unit's own tokens), cached on its document."""
    key = ("caps", unit.start, unit.end)
    found = index.memo.get(key)
    if found is None:
        inside = _tokens_inside(index, unit.start, unit.end)
        if inside is None:
            found = frozenset(t.key for t in tk.tokenize(unit.text) if t.surface[:1].isupper())
        else:
            found = _capitalised_tokens(index, *inside)
        index.memo[key] = found
    return found  # type: ignore[return-value]


def _title_piece(index: DocIndex) -> Piece:
    found = index.memo.get("title_piece")
    if found is None:
        last = bisect.bisect_left(document_tokens(index)[0], len(index.document.title) + 1)
        found = _piece_of_tokens(index, 0, last)  # the line break ends the title's last token
        index.memo["title_piece"] = found
    return found  # type: ignore[return-value]


def _sentence_piece(index: DocIndex, number: int) -> Piece:
    key = ("sentence_piece", number)
    found = index.memo.get(key)
    if found is None:
        start, end = index.sentence_spans[number]
        inside = _tokens_inside(index, start, end)
        found = _piece_of_text(index.document.text[start:end]) if inside is None else _piece_of_tokens(index, *inside)
        index.memo[key] = found
    return found  # type: ignore[return-value]


def _path_piece(index: DocIndex, path: str) -> Piece:
    key = ("path_piece", path)
    found = index.memo.get(key)
    if found is None:
        found = _piece_of_text(path)
        index.memo[key] = found
    return found  # type: ignore[return-value]


def _context_pieces(index: DocIndex, unit: Unit) -> list[Piece]:
    """The pieces of `context_text`: no token runs over the line breaks joining them, so their
    words and capitalised words are those of the joined text. Each piece is computed once per
    document (a sentence is the one before the next; all share the title), sentences from the
    document's tokens. Once per sentence: its first unit asked for decides the section path."""
    key = ("context_pieces", unit.sentence)
    found = index.memo.get(key)
    if found is None:
        found = [_title_piece(index), _path_piece(index, section_path(_headings(index), unit.start))]
        found += [_sentence_piece(index, i) for i in _context_sentences(index, unit)]
        index.memo[key] = found
    return found  # type: ignore[return-value]


def context_sequence(index: DocIndex, unit: Unit) -> tuple[str, ...]:
    """`canonical_words(context_text(...))`, once per sentence."""
    key = ("context_seq", unit.sentence)
    found = index.memo.get(key)
    if found is None:
        found = tuple(w for words, _ in _context_pieces(index, unit) for w in words)
        index.memo[key] = found
    return found  # type: ignore[return-value]


def context_capitalised(index: DocIndex, unit: Unit) -> frozenset[str]:
    """Folded words the unit's surroundings (`context_text`) write with a capital, once per sentence."""
    key = ("caps_ctx", unit.sentence)
    found = index.memo.get(key)
    if found is None:
        found = frozenset().union(*(caps for _, caps in _context_pieces(index, unit)))
        index.memo[key] = found
    return found  # type: ignore[return-value]


def written_as_name(index: DocIndex) -> frozenset[str]:
    """Folded words the document writes with a capital more often than in lower case
    ("Huế", "Hà"), once per document; a word mostly written in lower case ("thành", "ủy") is a
    common word even where a heading capitalises it."""
    found = index.memo.get("written_as_name")
    if found is None:
        capitalised: dict[str, int] = {}
        lower: dict[str, int] = {}
        for token in document_tokens(index)[4]:
            first = token.surface[:1]
            if first.isupper():
                capitalised[token.key] = capitalised.get(token.key, 0) + 1
            elif first.islower():
                lower[token.key] = lower.get(token.key, 0) + 1
        found = frozenset(w for w, n in capitalised.items() if n > lower.get(w, 0))
        index.memo["written_as_name"] = found
    return found  # type: ignore[return-value]


LEAD_SENTENCES = 3  # a news article names its place and subject in its opening sentences


def lead_words(index: DocIndex) -> frozenset[str]:
    """Folded words of the document's opening sentences (its lead), once per document."""
    found = index.memo.get("lead_words")
    if found is None:
        count = min(LEAD_SENTENCES, len(index.sentence_spans))
        found = frozenset(w for i in range(count) for w in _sentence_piece(index, i)[0])
        index.memo["lead_words"] = found
    return found  # type: ignore[return-value]


def context_words(index: DocIndex, unit: Unit) -> frozenset[str]:
    key = ("context", unit.sentence)
    found = index.memo.get(key)
    if found is None:
        found = frozenset(context_sequence(index, unit))
        index.memo[key] = found
    return found  # type: ignore[return-value]


def _window(index: DocIndex, unit: Unit) -> SearchResult:
    """A pseudo-passage for a unit found outside the retrieved passages: it and its neighbours."""
    spans = index.sentence_spans
    i = unit.sentence
    start, end = spans[max(0, i - 1)][0], spans[min(len(spans) - 1, i + 1)][1]
    doc = index.document
    return SearchResult(
        passage_id=f"{doc.doc_id}@{start}-{end}",
        doc_id=doc.doc_id,
        source=doc.source,
        title=doc.title,
        published=doc.published,
        text=doc.text[start:end],
        start=start,
        end=end,
        score=0.0,
        references=doc.references,
    )


def _vector(item_vectors: np.ndarray | None, unit: Unit) -> np.ndarray | None:
    if item_vectors is None or unit.sentence >= len(item_vectors):
        return None
    return item_vectors[unit.sentence]


def collect(items: list[PoolItem], keys: Sequence[str] = ()) -> list[Candidate]:
    """Every unit of the retrieved passages, in retrieval order, each once; then the units of the
    best documents outside them that share most words with the question (`keys`)."""
    out: list[Candidate] = []
    seen: set[tuple[str, int, int]] = set()
    doc_rank: dict[str, int] = {}
    for rank, item in enumerate(items):
        doc_rank.setdefault(item.index.document.doc_id, rank)
    for rank, item in enumerate(items):
        doc_id = item.index.document.doc_id
        for unit in item.index.units_in(item.passage.start, item.passage.end):
            key = (doc_id, unit.start, unit.end)
            if key not in seen:
                seen.add(key)
                out.append(Candidate(unit, item.index, item.passage, rank, True, doc_rank[doc_id], _vector(item.vectors, unit)))
    top_docs: list[PoolItem] = []
    for item in items:
        if all(item.index.document.doc_id != d.index.document.doc_id for d in top_docs):
            top_docs.append(item)
    wanted = set(keys)
    outside: list[tuple[int, int, Candidate]] = []
    for item in top_docs[:OUTSIDE_DOCS]:
        doc_id = item.index.document.doc_id
        for unit in item.index.units:
            key = (doc_id, unit.start, unit.end)
            if key not in seen:
                seen.add(key)
                overlap = len(wanted & unit_words(item.index, unit))
                candidate = Candidate(unit, item.index, _window(item.index, unit), len(items), False, doc_rank[doc_id], _vector(item.vectors, unit))
                outside.append((-overlap, len(outside), candidate))
    outside.sort(key=lambda entry: entry[:2])
    return out + [candidate for _, _, candidate in outside[:OUTSIDE_UNITS]]
