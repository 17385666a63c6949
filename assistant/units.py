"""Candidate answer units: the sentences of a document and the clauses of long sentences.

Every unit is a span of the cleaned document text (`text[start:end]`), found with
`ingest.splitter.sentence_spans`, so a quote taken from a unit is verbatim by construction
(and still verified before it is returned). A document is split into sentences once and cached by
content; a sentence is analysed only when a caller asks for its units (`DocIndex.units_in` for the
sentences of a retrieved passage, `DocIndex.units` for the whole document), and a unit's lexical
keys only when asked for, so the cost of a question follows what it reads, not whole documents.
"""

from __future__ import annotations

import bisect
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
    """One sentence or clause of a document. Its lexical keys (`tokens`, `keys`, `bigrams`,
    `places`) are computed on first use: most units of a document are never asked for them."""

    doc_id: str
    start: int
    end: int
    text: str
    sentence: int  # index of the sentence it belongs to
    is_clause: bool
    heading: bool = False  # a title or heading line: it names a topic, it does not answer
    _tokens: list[tk.Token] | None = field(default=None, repr=False, compare=False)
    _keys: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _bigrams: set[tuple[str, str]] | None = field(default=None, repr=False, compare=False)
    _places: tuple[str, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def tokens(self) -> list[tk.Token]:
        if self._tokens is None:
            self._tokens = tk.tokenize(self.text)
        return self._tokens

    @property
    def keys(self) -> frozenset[str]:
        if self._keys is None:
            self._keys = frozenset(tk.content_keys(self.tokens))
        return self._keys

    @property
    def bigrams(self) -> set[tuple[str, str]]:
        if self._bigrams is None:
            self._bigrams = tk.bigrams(self.tokens)
        return self._bigrams

    @property
    def places(self) -> tuple[str, ...]:
        """Folded place names it states."""
        if self._places is None:
            self._places = tuple(tk.place_names(self.text))
        return self._places


class DocIndex:
    """A document's units (its sentences, and the clauses of long ones), built once per document
    version. Document-level keys are computed on first use, and so are the units themselves:
    `units_in` analyses only the sentences overlapping a span, `units` the whole document."""

    __slots__ = ("document", "sentence_spans", "memo", "_units", "_all", "_by_sentence", "_keys", "_folded", "_places", "_years")

    def __init__(self, document: Document, sentence_spans: list[tuple[int, int]]) -> None:
        self.document = document
        self.sentence_spans = sentence_spans
        self.memo: dict[object, object] = {}  # values derived once (main place …)
        self._units: dict[int, list[Unit]] = {}  # sentence number → its units (sentence first, then clauses)
        self._all: list[Unit] | None = None
        self._by_sentence: dict[int, Unit | None] = {}
        self._keys: frozenset[str] | None = None
        self._folded: str | None = None
        self._places: list[str] | None = None
        self._years: frozenset[str] | None = None

    # -- units ------------------------------------------------------------------------------------
    def sentence_units(self, number: int) -> list[Unit]:
        """The units of sentence `number`: the sentence, then its clauses ([] for an instruction to an AI)."""
        found = self._units.get(number)
        if found is None:
            found = _sentence_units(self.document, self.sentence_spans, number)
            self._units[number] = found
            self._by_sentence[number] = next((u for u in found if not u.is_clause), None)
        return found

    @property
    def units(self) -> list[Unit]:
        """Every unit of the document, in order."""
        if self._all is None:
            self._all = [u for number in range(len(self.sentence_spans)) for u in self.sentence_units(number)]
        return self._all

    def units_in(self, start: int, end: int) -> list[Unit]:
        """Units whose sentence overlaps the span [start, end)."""
        spans = self.sentence_spans
        # from the sentence before the last one starting at or before `start` (a clause may end one
        # character after its sentence, on a closing bracket)
        first = bisect.bisect_right(spans, (start, _LAST)) - 2
        out: list[Unit] = []
        for number in range(max(0, first), len(spans)):
            s, e = spans[number]
            if s >= end:
                break
            if e + 1 > start:
                out.extend(u for u in self.sentence_units(number) if u.start < end and u.end > start)
        return out

    def sentence_unit(self, unit: Unit) -> Unit | None:
        """The whole-sentence unit a clause belongs to."""
        self.sentence_units(unit.sentence)
        return self._by_sentence.get(unit.sentence)

    def sentence_keys(self, unit: Unit) -> frozenset[str]:
        if not unit.is_clause:
            return unit.keys
        whole = self.sentence_unit(unit)
        return whole.keys if whole is not None else unit.keys

    # -- document-level keys ------------------------------------------------------------------------
    @property
    def keys(self) -> frozenset[str]:
        """Content keys of every unit and of the title."""
        if self._keys is None:
            found: set[str] = set()
            for unit in self.units:
                found.update(unit.keys)
            found.update(tk.content_keys(tk.tokenize(self.document.title)))
            self._keys = frozenset(found)
        return self._keys

    @property
    def folded(self) -> str:
        """The document (title + text) folded, space padded."""
        if self._folded is None:
            self._folded = tk.folded_text(self.document.title + "\n" + self.document.text)
        return self._folded

    @property
    def places(self) -> list[str]:
        if self._places is None:
            self._places = tk.place_names(self.document.title + "\n" + self.document.text)
        return self._places

    def set_places(self, places: list[str]) -> None:
        """Give the place names `places` would compute (read from stored statistics)."""
        self._places = places

    @property
    def years(self) -> frozenset[str]:
        """Years its units state (alone or ending a date), and the year it was published."""
        if self._years is None:
            units = self.units
            found = {t.surface for u in units for t in u.tokens if tk.is_year(t.surface)}
            found.update(t.surface[-4:] for u in units for t in u.tokens if tk.is_date(t.surface))
            if self.document.published:
                found.add(self.document.published[:4])
            self._years = frozenset(found)
        return self._years


_LAST = 1 << 62

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
    return Unit(
        heading=not is_clause and is_heading(doc, start, end),
        doc_id=doc.doc_id,
        start=start,
        end=end,
        text=doc.text[start:end],
        sentence=sentence,
        is_clause=is_clause,
    )


def _sentence_units(doc: Document, spans: list[tuple[int, int]], number: int) -> list[Unit]:
    """Sentence `number` as a unit, then its clauses when it is long ([] when it is an instruction to an AI)."""
    start, end = spans[number]
    if looks_like_instruction(doc.text[start:end]):
        return []  # orders addressed to an AI are not evidence
    units = [_make_unit(doc, start, end, number, False)]
    if end - start >= LONG_SENTENCE_CHARS:
        clauses = clause_spans(doc.text, start, end)
        if len(clauses) == 1 and end - start >= VERY_LONG_SENTENCE_CHARS:
            clauses = comma_windows(doc.text, start, end)
        if len(clauses) > 1:
            units.extend(_make_unit(doc, s, e, number, True) for s, e in clauses)
    return units


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
    """The document's index: its sentence spans now, everything else when first asked for."""
    return DocIndex(doc, sentence_spans(doc.text))


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
