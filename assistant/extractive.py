"""The default, offline answerer: a few verbatim sentences (or clauses) with [n] markers.

It picks the best acceptable unit, adds one or two more when the question asks for a list or
when another document contributes, and writes a short Vietnamese answer whose every claim is a
quote of the cited document. Labels name a document's place when several documents answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import refusal, support
from assistant.question import Question
from assistant.selection import Candidate, Pool, Selection, score_candidates

MAX_ANSWER_CHARS = 450
MAX_UNITS = 3
MAX_MULTI_DOC_CHARS = 600  # a list drawn from several documents may run longer
MAX_SENTENCE_FOR_LIST = 420
EXTRA_RATIO_LIST = 0.7  # a list answer takes further units scoring at least this share of the best
EXTRA_RATIO_OTHER = 0.85
_LIST_TYPES = {"list", "place"}


@dataclass(slots=True)
class Draft:
    """An answer before citations are built: text with markers [1..n], in `chosen` order."""

    answer: str
    selection: Selection


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.unit.doc_id == b.unit.doc_id and a.unit.start < b.unit.end and b.unit.start < a.unit.end


def _same_sentence(a: Candidate, b: Candidate) -> bool:
    return a.unit.doc_id == b.unit.doc_id and a.unit.sentence == b.unit.sentence


def choose(q: Question, ranked: list[Candidate]) -> Selection:
    best = refusal.first_acceptable(q, ranked)
    if best is None:
        return Selection(chosen=[], ranked=ranked, reason="no sentence supports the question")
    if q.answer_type == "list" and best.unit.is_clause:
        best = _whole_sentence(best, ranked)
    chosen = [best]
    length = best.unit.end - best.unit.start
    ratio = EXTRA_RATIO_LIST if q.answer_type in _LIST_TYPES else EXTRA_RATIO_OTHER
    for candidate in ranked:
        if len(chosen) >= MAX_UNITS or candidate is best:
            continue
        if candidate.score < ratio * best.score or not refusal.acceptable(q, candidate):
            continue
        if any(_overlaps(candidate, c) for c in chosen):
            continue
        new_doc = all(candidate.unit.doc_id != c.unit.doc_id for c in chosen)
        new_keys = set(q.keys) & candidate.unit.keys - set().union(*(c.unit.keys for c in chosen))
        if q.answer_type == "place" and not new_doc:
            continue  # another place comes from another document
        if q.answer_type not in _LIST_TYPES and (
            candidate.coverage < best.coverage or any(_same_sentence(candidate, c) for c in chosen)
        ):
            continue  # a single fact: a second quote must match the question at least as well
        if not (new_doc or (q.answer_type == "list" and new_keys) or len(new_keys) >= 2):
            continue
        size = candidate.unit.end - candidate.unit.start
        budget = MAX_MULTI_DOC_CHARS if new_doc and q.answer_type in _LIST_TYPES else MAX_ANSWER_CHARS - 40
        if length + size > budget:
            continue
        chosen.append(candidate)
        length += size
    return Selection(chosen=chosen, ranked=ranked)


def _whole_sentence(clause: Candidate, ranked: list[Candidate]) -> Candidate:
    """A list is better answered by the clause's whole sentence, when that is not too long."""
    for candidate in ranked:
        unit = candidate.unit
        if unit.doc_id == clause.unit.doc_id and unit.sentence == clause.unit.sentence and not unit.is_clause:
            return candidate if unit.end - unit.start <= MAX_SENTENCE_FOR_LIST else clause
    return clause


def _sentence(text: str) -> str:
    """A quote made to read as a sentence in the answer (the citation keeps the exact quote)."""
    text = re.sub(r"\s+", " ", text).strip()
    text = text.rstrip(" .;:,")
    return text[:1].upper() + text[1:]


def _place_label(candidate: Candidate) -> str | None:
    place = support.main_place(candidate.index)
    if not place:
        return None
    return surface_of(candidate.index.document.title + "\n" + candidate.index.document.text, place)


def surface_of(text: str, folded_phrase: str) -> str | None:
    """The original spelling of a folded phrase in `text` (first occurrence)."""
    from assistant import textkeys as tk

    tokens = tk.tokenize(text)
    words = folded_phrase.split()
    found: list[str] = []
    for i in range(len(tokens) - len(words) + 1):
        if [t.key for t in tokens[i : i + len(words)]] == words:
            found.append(text[tokens[i].start : tokens[i + len(words) - 1].end])
    # prefer the spelling of running text over an all-capitals heading
    return next((f for f in found if not f.isupper()), found[0] if found else None)


def compose(q: Question, selection: Selection) -> str:
    chosen = selection.chosen
    docs = {c.unit.doc_id for c in chosen}
    labelled = len(docs) > 1 or q.place_kind in {"dia phuong", "tinh"}
    parts: list[str] = []
    for n, candidate in enumerate(chosen, start=1):
        body = f"{_sentence(candidate.unit.text)} [{n}]."
        if labelled:
            label = _place_label(candidate)
            if label:
                body = f"{label}: {body}"
        parts.append(body)
    if len(parts) == 1:
        return parts[0]
    if labelled:
        return "Theo các tài liệu:\n" + "\n".join(f"- {p}" for p in parts)
    return " ".join(parts)


class ExtractiveAnswerer:
    """Scores the units of the retrieved passages, chooses evidence and writes the answer."""

    def draft(self, q: Question, pool: Pool, history_keys: list[str] | None = None) -> Draft:
        ranked = score_candidates(q, pool, history_keys)
        selection = choose(q, ranked)
        if not selection.found:
            return Draft(answer="", selection=selection)
        return Draft(answer=compose(q, selection), selection=selection)
