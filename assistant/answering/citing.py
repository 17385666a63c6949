"""Which units an answer cites, once the model has ranked them: the best unit, the rest of a list
it opens or belongs to, a neighbouring or lower-ranked unit stating the asked fact when the best
one does not, and further units scoring close to it. Also the unit a side or part of a question is
answered from. Pure functions of the ranking and the question's analysis.
"""

from __future__ import annotations

import re

from assistant.answering.analysis import Analysis, canonical_words, new_kinds_in
from assistant.answering.candidates import Candidate, unit_words
from assistant.answering.compose import short_answer
from assistant.answering.features import names_only_other_places
from assistant.answering.spans import ANSWERS

MAX_UNITS = 3
STATED_TYPES = ("number", "date", "docnum")  # kinds of fact a facet's sentence must state to answer it
TYPED_RATIO = 0.3  # share of the best score down to which a unit stating the asked fact is cited
MAX_ANSWER_CHARS = 600
MAX_LIST_ITEMS = 6
MAX_LIST_CHARS = 900
_ITEM = re.compile(r"^(?:[-+•–]\s|\(?\d{1,2}[.)]\s|\(?[a-zđ][)]\s)")


def overlaps(a: Candidate, b: Candidate) -> bool:
    """The two units quote the same sentence, or overlapping text, of one document."""
    same_doc = a.unit.doc_id == b.unit.doc_id
    return same_doc and (a.unit.sentence == b.unit.sentence or (a.unit.start < b.unit.end and b.unit.start < a.unit.end))


def whole_sentence(best: Candidate, ranked: list[tuple[Candidate, float]]) -> Candidate:
    """For a list question, the whole sentence of a best unit that is one clause of it ("4 chủ
    động: chủ động nắm tình hình; chủ động tập huấn …": the items are its other clauses), when the
    sentence is a candidate and not longer than a list answer may be."""
    if not best.unit.is_clause:
        return best
    for candidate, _ in ranked:
        unit = candidate.unit
        if unit.doc_id == best.unit.doc_id and unit.sentence == best.unit.sentence and not unit.is_clause:
            return candidate if unit.end - unit.start <= MAX_LIST_CHARS else best
    return best


def list_items_after(best: Candidate, ranked: list[tuple[Candidate, float]], asks_list: bool) -> list[Candidate]:
    """The items of a list the best sentence opens ("… gồm:") or belongs to, when a list is asked
    for: the following sentences of the same document that are list items ("- …", "a) …", "1. …")."""
    text = best.unit.text.rstrip()
    if best.unit.is_clause or not (text.endswith(":") or (asks_list and _is_item(text))):
        return []
    by_sentence = {c.unit.sentence: c for c, _ in ranked if c.unit.doc_id == best.unit.doc_id and not c.unit.is_clause}
    items: list[Candidate] = []
    length = len(text)
    number = best.unit.sentence + 1
    while number in by_sentence and len(items) < MAX_LIST_ITEMS:
        item = by_sentence[number]
        if not _is_item(item.unit.text) or length + len(item.unit.text) > MAX_LIST_CHARS:
            break
        items.append(item)
        length += len(item.unit.text)
        number += 1
    return items


def further_units(
    ranked: list[tuple[Candidate, float]], q: Analysis | None, floor: float, lowest: float
) -> list[Candidate]:
    """The best unit and the next ones scoring at least `floor` (up to `MAX_UNITS` and
    `MAX_ANSWER_CHARS`). Between `lowest` and `floor` a unit is cited only for a piece of the
    question that the chosen units and their documents' titles lack ("thuê nhà" beside "di dời"),
    never to repeat them."""
    best = ranked[0][0]
    chosen = [best]
    length = best.unit.end - best.unit.start
    covered = set(unit_words(best.index, best.unit)) | set(canonical_words(best.index.document.title))
    for candidate, score in ranked[1:]:
        if len(chosen) >= MAX_UNITS or score < lowest:
            break
        size = candidate.unit.end - candidate.unit.start
        if any(overlaps(candidate, c) for c in chosen) or length + size > MAX_ANSWER_CHARS:
            continue
        words = unit_words(candidate.index, candidate.unit)
        if score < floor and (q is None or not any(k in words and k not in covered for k in q.keys)):
            continue
        chosen.append(candidate)
        covered |= words | set(canonical_words(candidate.index.document.title))
        length += size
    return chosen


def typed_neighbour(best: Candidate, ranked: list[tuple[Candidate, float]], q: Analysis) -> Candidate | None:
    """When a number, date, name or document number is asked for and the best sentence holds none,
    the sentence just before or after it that does ("Năm 1469 đổi làm thừa tuyên Hải Dương. Danh
    xưng Hải Dương chính thức ra đời")."""
    kinds = {k for t in q.answer_types for k in ANSWERS.get(t, ())}
    if not kinds or kinds & new_kinds_in(best.unit.text, q):
        return None
    sentence = best.unit.sentence
    around = {
        c.unit.sentence: c
        for c, _ in ranked
        if c.unit.doc_id == best.unit.doc_id and not c.unit.is_clause and abs(c.unit.sentence - sentence) == 1
    }
    for number in (sentence - 1, sentence + 1):
        candidate = around.get(number)
        if candidate is None or candidate.unit.heading or names_only_other_places(candidate.unit.text, q):
            continue  # the next province's line of a list is not this one's fact
        if kinds & new_kinds_in(candidate.unit.text, q):
            return candidate
    return None


def typed_alternative(
    chosen: list[Candidate], ranked: list[tuple[Candidate, float]], q: Analysis, floor: float
) -> Candidate | None:
    """When a number, date, name or document number is asked for and no chosen unit states one
    (a heading matching the question's wording, "Gia Lai: Tại Nghị quyết số …"), the best-scoring
    unit that does, if it scores at least `floor`: it is cited first, so the short fact opens the
    answer, and the chosen units follow. A unit naming only places the question does not is
    passed over. Measured under cross-validation (README)."""
    if not answer_kinds(q) or any(short_answer(q, c) for c in chosen):
        return None
    for candidate, score in ranked[1:]:
        if score < floor:
            return None
        if any(overlaps(candidate, c) for c in chosen) or names_only_other_places(candidate.unit.text, q):
            continue  # another place's parallel sentence ("tỉnh Đồng Tháp có 102 …") is no answer
        if short_answer(q, candidate):
            return candidate
    return None


def facet_pick(ranked: list[tuple[Candidate, float]], part: Analysis, whole: Analysis) -> Candidate | None:
    """A side's or part's unit among its eligible candidates (best first): the best one, unless the
    part asks for a number, date or document number it does not state; then the best one down to
    `TYPED_RATIO` of its score that shows the asked fact ("tỉnh Thanh Hóa có 166 …" below the
    heading "Thanh Hóa: Tại Nghị quyết số 1686/…"), else none: the part is not covered."""
    if not ranked:
        return None
    best, top = ranked[0]
    if states_asked(part, best):
        return best
    for candidate, score in ranked[1:]:
        if score < TYPED_RATIO * top:
            break
        if short_answer(part, candidate, whole):
            return candidate
    return None


def states_asked(q: Analysis, candidate: Candidate) -> bool:
    """False only when `q` asks for a number, date or document number (`STATED_TYPES`) and the
    unit writes none the question does not give (a document number is no count: "số bao nhiêu"
    of a document asks for a document number, `vocabulary.TYPE_CUES`)."""
    if q.answer_type not in STATED_TYPES:
        return True
    return bool(set(ANSWERS[q.answer_type]) & new_kinds_in(candidate.unit.text, q))


def answer_kinds(q: Analysis) -> tuple[str, ...]:
    """The kinds of span that answer the question's type ("number" → numbers), () for none."""
    return ANSWERS.get(q.answer_type, ())


def _is_item(text: str) -> bool:
    return bool(_ITEM.match(text.lstrip()))
