"""Candidate answer units: the sentences of a document and the clauses of long sentences.

Every unit is a span of the cleaned document text (`text[start:end]`), found with
`ingest.splitter.sentence_spans`, so a quote taken from a unit is verbatim by construction
(and still verified before it is returned). A document is analysed once and cached by content.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock
from typing import Generic, TypeVar

from assistant import textkeys as tk
from assistant.injection import looks_like_instruction
from ingest.models import Document
from ingest.splitter import sentence_spans

T = TypeVar("T")

# Clause boundaries inside a long sentence: list separators and the colon that opens a list.
_CLAUSE_BREAK = re.compile(r"[;:]\s+")
MIN_CLAUSE_CHARS = 12
LONG_SENTENCE_CHARS = 160
VERY_LONG_SENTENCE_CHARS = 320  # without ';' or ':', such a sentence is cut in comma windows
WINDOW_CHARS = 120
_COMMA = re.compile(r",\s+")
_TRIM = " \t\n\u00a0;:,.-–"


@dataclass(slots=True)
class Unit:
    """One sentence or clause of a document, with its lexical keys."""

    doc_id: str
    start: int
    end: int
    text: str
    sentence: int  # index of the sentence it belongs to
    is_clause: bool
    tokens: list[tk.Token] = field(repr=False)
    keys: frozenset[str] = field(repr=False)
    bigrams: set[tuple[str, str]] = field(repr=False)
    places: tuple[str, ...] = field(default=(), repr=False)  # folded place names it states
    heading: bool = False  # a title or heading line: it names a topic, it does not answer


@dataclass(slots=True)
class DocIndex:
    """A document's units and document-level keys, built once per document version."""

    document: Document
    units: list[Unit]
    sentence_spans: list[tuple[int, int]]
    keys: frozenset[str]
    folded: str  # the document (title + text) folded, space padded
    places: list[str]
    years: frozenset[str]
    by_sentence: dict[int, Unit] = field(default_factory=dict, repr=False)
    memo: dict[str, object] = field(default_factory=dict, repr=False)  # values derived once (main place …)

    def __post_init__(self) -> None:
        self.by_sentence = {u.sentence: u for u in self.units if not u.is_clause}

    def sentence_unit(self, unit: Unit) -> Unit | None:
        """The whole-sentence unit a clause belongs to."""
        return self.by_sentence.get(unit.sentence)

    def sentence_keys(self, unit: Unit) -> frozenset[str]:
        if not unit.is_clause:
            return unit.keys
        whole = self.sentence_unit(unit)
        return whole.keys if whole is not None else unit.keys

    def units_in(self, start: int, end: int) -> list[Unit]:
        """Units whose sentence overlaps the span [start, end)."""
        return [u for u in self.units if u.start < end and u.end > start]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    # keep a closing bracket or quote balanced with the text kept
    if end < len(text) and text[end] in ")”\"" and text.count("(", start, end) > text.count(")", start, end):
        end += 1
    return start, end


HEADING_MAX_CHARS = 200
_SENTENCE_END = ".!?…:;\"”»)"


def is_heading(doc: Document, start: int, end: int) -> bool:
    """The document's title, or a short line of its own without closing punctuation."""
    text = doc.text[start:end].strip()
    if text == doc.title.strip():
        return True
    if len(text) > HEADING_MAX_CHARS or text.endswith(tuple(_SENTENCE_END)):
        return False
    return _line_edge(doc.text, start - 1, -1) and _line_edge(doc.text, end, 1)


def _line_edge(text: str, i: int, step: int) -> bool:
    """Only blanks between position i (walking by `step`) and a line break or the text's edge."""
    while 0 <= i < len(text) and text[i] in " \t\u00a0\r":
        i += step
    return not 0 <= i < len(text) or text[i] == "\n"


def _make_unit(doc: Document, start: int, end: int, sentence: int, is_clause: bool) -> Unit:
    text = doc.text[start:end]
    tokens = tk.tokenize(text)
    return Unit(
        heading=not is_clause and is_heading(doc, start, end),
        doc_id=doc.doc_id,
        start=start,
        end=end,
        text=text,
        sentence=sentence,
        is_clause=is_clause,
        tokens=tokens,
        keys=frozenset(tk.content_keys(tokens)),
        bigrams=tk.bigrams(tokens),
        places=tuple(tk.place_names(text)),
    )


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of the sentence text[start:end], split at ';' and ':' (offsets in `text`)."""
    parts: list[tuple[int, int, str]] = []  # (start, end, the separator that ends it)
    cursor = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        parts.append((*_trim(text, cursor, match.start()), match.group()[0]))
        cursor = match.end()
    parts.append((*_trim(text, cursor, end), ""))
    spans: list[tuple[int, int]] = []
    for i, (s, e, sep) in enumerate(parts):
        if sep == ":" and i + 1 < len(parts):
            # "còn một số hạn chế như: [item]" - the intro says nothing alone; keep it with its first item
            spans.append((s, parts[i + 1][1]))
            continue
        spans.append((s, e))
    return [(s, e) for s, e in spans if e - s >= MIN_CLAUSE_CHARS]


def comma_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Overlapping runs of comma-separated segments (~120-250 chars) of a very long sentence."""
    cuts = [start] + [m.end() for m in _COMMA.finditer(text, start, end)] + [end]
    windows: list[tuple[int, int]] = []
    for i in range(len(cuts) - 1):
        j = i + 1
        while j < len(cuts) - 1 and cuts[j] - cuts[i] < WINDOW_CHARS:
            j += 1
        span = _trim(text, cuts[i], cuts[j])
        if span[1] - span[0] >= MIN_CLAUSE_CHARS and span not in windows:
            windows.append(span)
        if cuts[j] == end:
            break
    return windows


def build_index(doc: Document) -> DocIndex:
    units: list[Unit] = []
    spans = sentence_spans(doc.text)
    for number, (start, end) in enumerate(spans):
        if looks_like_instruction(doc.text[start:end]):
            continue  # orders addressed to an AI are not evidence
        units.append(_make_unit(doc, start, end, number, False))
        if end - start >= LONG_SENTENCE_CHARS:
            clauses = clause_spans(doc.text, start, end)
            if len(clauses) == 1 and end - start >= VERY_LONG_SENTENCE_CHARS:
                clauses = comma_windows(doc.text, start, end)
            if len(clauses) > 1:
                units.extend(_make_unit(doc, s, e, number, True) for s, e in clauses)
    all_keys: set[str] = set()
    for unit in units:
        all_keys.update(unit.keys)
    title_tokens = tk.tokenize(doc.title)
    all_keys.update(tk.content_keys(title_tokens))
    years = {t.surface for u in units for t in u.tokens if tk.is_year(t.surface)}
    years.update(t.surface[-4:] for u in units for t in u.tokens if tk.is_date(t.surface))
    if doc.published:
        years.add(doc.published[:4])
    return DocIndex(
        document=doc,
        units=units,
        sentence_spans=spans,
        keys=frozenset(all_keys),
        folded=tk.folded_text(doc.title + "\n" + doc.text),
        places=tk.place_names(doc.title + "\n" + doc.text),
        years=frozenset(years),
    )


class PerDocumentCache(Generic[T]):
    """A small thread-safe LRU of what `build` computes from a document, keyed by its id and
    content (a new version of a document is computed again)."""

    def __init__(self, build: Callable[[Document], T], size: int = 256) -> None:
        self._build = build
        self._size = size
        self._items: OrderedDict[tuple[str, str], T] = OrderedDict()
        self._lock = Lock()

    def get(self, doc: Document) -> T:
        key = (doc.doc_id, hashlib.blake2b(doc.text.encode("utf-8"), digest_size=12).hexdigest())
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        value = self._build(doc)
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class DocIndexCache(PerDocumentCache[DocIndex]):
    """`DocIndex` of documents, built once per document version."""

    def __init__(self, size: int = 256) -> None:
        super().__init__(build_index, size)
