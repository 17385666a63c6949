"""Vietnamese sentence splitting and passage building, with exact character offsets.

`sentence_spans` finds sentence boundaries without cutting numbers ("1.017"), dates
("24/9/2021"), document numbers ("18-NQ/TW"), abbreviations ("TP.", "ThS.", "PGS."), initials
("H. Hiệp"), short quotations or ellipses inside a sentence. `split_passages` groups sentences
into passages of a few sentences; every passage is a slice of the document text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.models import Document, Passage

# Tokens that end with a period but do not end a sentence (compared without the period).
ABBREVIATIONS = frozenset(
    {
        "TP", "Tp", "tp", "Q", "P", "TX", "TT", "Th", "ThS", "Ths", "TS", "PGS", "GS", "BS", "CN", "KS",
        "NCS", "GV", "Th.S", "TS.BS", "PGS.TS", "GS.TS", "v.v", "vv", "St", "Mr", "Mrs", "Ms", "Dr",
        "Tr", "tr", "Đ/c", "đ/c", "NXB", "Nxb", "ĐT", "Tel", "Fax",
    }
)
_TERMINALS = ".!?…"
_CLOSERS = "\"'”’)]}»"
_OPENERS = "“‘\"'([{«"
# A quotation longer than this may be split into sentences (a quoted speech, not a phrase).
MAX_UNSPLIT_QUOTE = 300


def _is_upper_start(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or ch in "-–•*"


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Spans of short quotations (curly quotes, or paired straight quotes) inside one line."""
    regions: list[tuple[int, int]] = []
    for match in re.finditer(r"“[^“”\n]*”|\"[^\"\n]*\"|«[^«»\n]*»", text):
        if match.end() - match.start() <= MAX_UNSPLIT_QUOTE:
            regions.append((match.start(), match.end()))
    return regions


def _ends_sentence(text: str, dot: int, end_of_punct: int, quotes: list[tuple[int, int]]) -> bool:
    """Decide whether the terminal punctuation at text[dot:end_of_punct] closes a sentence."""
    nxt = end_of_punct
    while nxt < len(text) and text[nxt] in " \t\u00a0":
        nxt += 1
    if nxt == end_of_punct:  # no space after: "1.017", "TP.HCM", "v.v.", "...)"
        return nxt >= len(text) or text[nxt] == "\n"
    if nxt >= len(text) or text[nxt] == "\n":
        return True
    if not _is_upper_start(text[nxt]):
        return False  # continues in lower case
    # Quote regions are sorted and disjoint: only the last one starting before here can contain it.
    last = bisect.bisect_left(quotes, (end_of_punct,)) - 1
    if last >= 0 and quotes[last][0] < end_of_punct < quotes[last][1]:
        return False  # inside a short quotation (a quote that ends here may end the sentence)
    punct = text[dot:end_of_punct].rstrip(_CLOSERS)
    if punct.startswith("…") or punct.startswith(".."):
        # An ellipsis after a space marks an omission inside a sentence ("huyện … Đặc biệt").
        return dot > 0 and not text[dot - 1].isspace()
    if punct == ".":
        token_start = dot
        while token_start > 0 and not text[token_start - 1].isspace() and text[token_start - 1] not in _OPENERS:
            token_start -= 1
        token = text[token_start:dot]
        if token in ABBREVIATIONS:
            return False
        if len(token) == 1 and token.isalpha() and token.isupper():
            return False  # an initial: "H. Hiệp"
        if re.fullmatch(r"(?:[A-ZĐ][a-zđ]?\.)+[A-ZĐ][a-zđ]?", token):
            return False  # chained initials: "N.V. An", "Th.S"
    return True


def _line_breaks_sentence(text: str, newline: int) -> bool:
    """A newline ends a sentence unless it only wraps one (lower-case continuation, no punctuation)."""
    after = newline + 1
    if after < len(text) and text[after] == "\n":
        return True  # blank line: paragraph break
    before = newline - 1
    while before >= 0 and text[before] in " \t\u00a0":
        before -= 1
    while after < len(text) and text[after] in " \t\u00a0":
        after += 1
    if before < 0 or after >= len(text) or text[before] == "\n" or text[after] == "\n":
        return True
    if text[before] in _TERMINALS + _CLOSERS + ":;":
        return True
    first = text[after]
    return not (first.islower() or first in ",;)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries `(start, end)` in `text`, whitespace trimmed, in order, never empty.

    The last few texts split are remembered: answering a question splits each retrieved document
    more than once (its units, its sentence vectors)."""
    return list(_sentence_spans(text))


@lru_cache(maxsize=64)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_split_sentences(text))


def _split_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    quotes = _quote_regions(text)
    cuts: list[int] = []
    i = 0
    length = len(text)
    while i < length:
        ch = text[i]
        if ch == "\n":
            if _line_breaks_sentence(text, i):
                cuts.append(i)
            i += 1
            continue
        if ch in _TERMINALS:
            j = i
            while j < length and text[j] in _TERMINALS:
                j += 1
            while j < length and text[j] in _CLOSERS:
                j += 1
            if _ends_sentence(text, i, j, quotes):
                cuts.append(j)
            i = j
            continue
        i += 1
    start = 0
    for cut in [*cuts, length]:
        span = _trim(text, start, cut)
        if span:
            spans.append(span)
        start = cut
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


@dataclass(frozen=True, slots=True)
class PassageConfig:
    """Passage sizing (characters). Tuned by retrieval measurements; see vectorstore benchmarks."""

    target_chars: int = 500  # stop adding sentences once a passage is this long
    max_chars: int = 800  # never grow a passage past this by adding a sentence
    overlap_sentences: int = 1  # sentences repeated at the start of the next passage of a paragraph
    merge_paragraphs_under: int = 500  # consecutive paragraphs are packed together while under this
    min_chars: int = 150  # a shorter passage (headline, caption, byline) joins its neighbour
    hard_max_chars: int = 2000  # a "sentence" longer than this (a table, text without punctuation) is cut


DEFAULT_CONFIG = PassageConfig()


def _paragraphs(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group sentence spans into paragraphs: a newline between two sentences separates paragraphs."""
    groups: list[list[tuple[int, int]]] = []
    for span in spans:
        if groups and "\n" not in text[groups[-1][-1][1] : span[0]]:
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _is_heading(text: str, paragraph: list[tuple[int, int]]) -> bool:
    """A one-line subheading or caption without final punctuation: it belongs with what follows."""
    if len(paragraph) != 1:
        return False
    start, end = paragraph[0]
    return end - start <= 120 and "\n" not in text[start:end] and text[end - 1] not in _TERMINALS + _CLOSERS + ":;"


def _windows(sentences: list[tuple[int, int]], config: PassageConfig) -> list[tuple[int, int]]:
    """Split one long paragraph into overlapping windows of whole sentences."""
    windows: list[tuple[int, int]] = []
    first = 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences):
            size = sentences[last][1] - sentences[first][0]
            grown = sentences[last + 1][1] - sentences[first][0]
            if size >= config.target_chars or grown > config.max_chars:
                break
            last += 1
        windows.append((sentences[first][0], sentences[last][1]))
        if last + 1 >= len(sentences):
            break
        first = max(first + 1, last + 1 - config.overlap_sentences)
    return windows


def _cut_long(text: str, span: tuple[int, int], limit: int) -> list[tuple[int, int]]:
    """Cut an over-long span at line breaks, else at spaces, into pieces of at most `limit` chars."""
    start, end = span
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n")
        if cut <= limit // 4:
            cut = window.rfind(" ")
        if cut <= limit // 4:
            cut = limit
        piece = _trim(text, start, start + cut)
        if piece:
            pieces.append(piece)
        start += cut
    piece = _trim(text, start, end)
    if piece:
        pieces.append(piece)
    return pieces


def passage_spans(text: str, config: PassageConfig = DEFAULT_CONFIG) -> list[tuple[int, int]]:
    """Passage boundaries in `text`: small paragraphs packed, long ones cut into sentence windows."""
    spans: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # packed small paragraphs not yet emitted
    sentences = [piece for span in sentence_spans(text) for piece in _cut_long(text, span, config.hard_max_chars)]
    for paragraph in _paragraphs(text, sentences):
        start, end = paragraph[0][0], paragraph[-1][1]
        if end - start > config.merge_paragraphs_under:
            if pending:
                spans.append(pending)
                pending = None
            spans.extend(_windows(paragraph, config))
            continue
        if pending and end - pending[0] <= config.merge_paragraphs_under and not _is_heading(text, paragraph):
            pending = (pending[0], end)
        else:
            if pending:
                spans.append(pending)
            pending = (start, end)
    if pending:
        spans.append(pending)
    return _absorb_small(spans, config)


def _absorb_small(spans: list[tuple[int, int]], config: PassageConfig) -> list[tuple[int, int]]:
    """Join passages shorter than `min_chars` to the next passage (the last one to the previous)."""
    result: list[tuple[int, int]] = []
    carry: int | None = None  # start of a small passage waiting for the next one
    for start, end in spans:
        if carry is not None:
            start, carry = carry, None
        if end - start < config.min_chars:
            carry = start
            continue
        result.append((start, end))
    if carry is not None:
        if result:
            result[-1] = (result[-1][0], spans[-1][1])
        else:
            result.append((carry, spans[-1][1]))
    return result


def split_passages(document: Document, config: PassageConfig = DEFAULT_CONFIG) -> list[Passage]:
    """The passages of a document, each with `document.text[start:end] == text`."""
    return [
        Passage(doc_id=document.doc_id, index=index, text=document.text[start:end], start=start, end=end)
        for index, (start, end) in enumerate(passage_spans(document.text, config))
    ]
