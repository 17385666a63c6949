"""The default, offline answerer: a few verbatim sentences (or clauses) with [n] markers.

It picks the best acceptable unit, adds one or two more when the question asks for a list or
when another document contributes, and writes a short Vietnamese answer whose every claim is a
quote of the cited document. Labels name a document's place when several documents answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import refusal, scope
from assistant import textkeys as tk
from assistant.facets import facets
from assistant.question import Question
from assistant.selection import Candidate, Pool, Selection, focus_score, score_candidates

MAX_ANSWER_CHARS = 450
MAX_UNITS = 3
MAX_MULTI_DOC_CHARS = 600  # a list drawn from several documents may run longer
MAX_SENTENCE_FOR_LIST = 420  # a clause is widened to its sentence up to this length
MAX_SENTENCE_TYPED = 260
MIN_EXTRA_FOCUS = 0.2  # a further quote says the asked phrase (or another wording of it), not one word of it
MAX_LIST_CHARS = 650  # a list answer with the sentence that continues it  # … or this one, for a number, date, name or document number
_TYPED = {"number", "date", "person", "docnum", "role"}
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
    if best.unit.is_clause:
        best = _whole_sentence(q, best, ranked)
    chosen = [best]
    length = best.unit.end - best.unit.start
    follow = _continuation(q, best, ranked)
    if follow is not None and length + follow.unit.end - follow.unit.start <= MAX_LIST_CHARS:
        chosen.append(follow)
        length += follow.unit.end - follow.unit.start
    ratio = EXTRA_RATIO_LIST if q.answer_type in _LIST_TYPES else EXTRA_RATIO_OTHER
    for candidate in ranked:
        if len(chosen) >= MAX_UNITS or candidate is best:
            continue
        if candidate.score < ratio * best.score or not refusal.acceptable(q, candidate):
            continue
        if any(_overlaps(candidate, c) for c in chosen):
            continue
        if q.focus and focus_score(q, candidate.unit, candidate.index) < MIN_EXTRA_FOCUS:
            continue  # a further quote must say what is asked ("hạn chế"), not only share the subject
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


# How the next sentence of a report goes on with the same list ("Một số nơi chưa …").
_CONTINUES = ("mot so", "ngoai ra", "ben canh do", "mat khac", "hon nua", "them vao do", "dong thoi", "tiep theo",
              "thu hai", "con co", "cung co")


def _continuation(q: Question, best: Candidate, ranked: list[Candidate]) -> Candidate | None:
    """For a list question, the next sentence when it visibly continues the list of the best one."""
    if q.answer_type != "list" or best.unit.is_clause:
        return None
    for candidate in ranked:
        unit = candidate.unit
        if unit.doc_id != best.unit.doc_id or unit.sentence != best.unit.sentence + 1 or unit.is_clause:
            continue
        opening = tk.folded_text(unit.text[:40])
        if unit.text.lstrip()[:1] in "-+•" or any(opening.startswith(f" {c} ") for c in _CONTINUES):
            return candidate if candidate.entities_ok and not unit.heading else None
        return None
    return None


def _whole_sentence(q: Question, clause: Candidate, ranked: list[Candidate]) -> Candidate:
    """The clause's whole sentence, when that is not too long: the clause may cut off part of the
    answer ("…; giảm khâu trung gian"). A short typed fact (a number, a date) keeps its clause
    unless the sentence is short too."""
    limit = MAX_SENTENCE_TYPED if q.answer_type in _TYPED else MAX_SENTENCE_FOR_LIST
    for candidate in ranked:
        unit = candidate.unit
        if unit.doc_id == clause.unit.doc_id and unit.sentence == clause.unit.sentence and not unit.is_clause:
            fits = unit.end - unit.start <= limit and refusal.acceptable(q, candidate)
            return candidate if fits else clause
    return clause


def _sentence(text: str) -> str:
    """A quote made to read as a sentence in the answer (the citation keeps the exact quote)."""
    text = re.sub(r"\s+", " ", text).strip()
    text = text.rstrip(" .;:,")
    return text[:1].upper() + text[1:]


def _place_label(candidate: Candidate) -> str | None:
    place = scope.main_place(candidate.index)
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


def choose_facets(parts: list[tuple[str, Question]], pool: Pool, history_keys: list[str] | None) -> tuple[list[str], Selection]:
    """The best acceptable unit for each part of a two-sided question (labels of the parts found)."""
    labels: list[str] = []
    chosen: list[Candidate] = []
    ranked: list[Candidate] = []
    for label, part in parts:
        part_ranked = score_candidates(part, pool, history_keys)
        ranked = ranked or part_ranked
        best = refusal.first_acceptable(part, part_ranked)
        if best is None or any(_overlaps(best, c) for c in chosen):
            continue
        labels.append(label)
        chosen.append(best)
    return labels, Selection(chosen=chosen, ranked=ranked)


def compose_facets(labels: list[str], selection: Selection) -> str:
    lines = [f"- {label}: {_sentence(c.unit.text)} [{n}]." for n, (label, c) in enumerate(zip(labels, selection.chosen), 1)]
    return "Theo các tài liệu:\n" + "\n".join(lines)


class ExtractiveAnswerer:
    """Scores the units of the retrieved passages, chooses evidence and writes the answer."""

    def draft(self, q: Question, pool: Pool, history_keys: list[str] | None = None) -> Draft:
        parts = facets(q)
        if parts:
            labels, selection = choose_facets(parts, pool, history_keys)
            if selection.found:
                return Draft(answer=compose_facets(labels, selection), selection=selection)
        ranked = score_candidates(q, pool, history_keys)
        selection = choose(q, ranked)
        if not selection.found:
            return Draft(answer="", selection=selection)
        return Draft(answer=compose(q, selection), selection=selection)
