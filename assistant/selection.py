"""Evidence selection: score every sentence/clause of the retrieved passages against the question.

The score reuses what retrieval already computed (the passage rank) and lexical matching on
accent-folded keys; no model is called per sentence. Keys are weighted by their rarity among
the sentences of the retrieved documents, so a sentence that matches the question's specific
words beats one that only shares its common words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from assistant import scope
from assistant import support as sp
from assistant import textkeys as tk
from assistant.question import Question
from assistant.units import DocIndex, Unit
from vectorstore.results import SearchResult

DOC_CONTEXT_WEIGHT = 0.35
SENTENCE_CONTEXT_WEIGHT = 0.6  # a clause's sentence is its context  # a question word found elsewhere in the document, not in the sentence
BIGRAM_WEIGHT = 0.3
RANK_WEIGHT = 0.12
HISTORY_WEIGHT = 0.25
LONG_UNIT_CHARS = 280
PRECISION_WEIGHT = 0.25  # share of the unit's own words that the question asks about
FOCUS_BOOST = 1.5  # the asked predicate: "ai [chủ trì]", "có phải [người địa phương] không"
FOCUS_WEIGHT = 0.25
FOCUS_PHRASE_BONUS = 0.2
ALT_FOCUS_SHARE = 0.8  # the focus said in other words ("chưa …" for "hạn chế")
HEADING_PENALTY = 0.3  # a title names the topic of the question, it rarely answers it
YEAR_NEAR_BONUS = 0.3  # the quantity is given for the asked year
PLAN_NEAR_BONUS = 0.2  # the quantity is the one a plan sets, when a plan is asked about
_FACT_TYPES = frozenset({"number", "date", "person", "docnum", "role", "yesno"})
ENTITY_WEIGHT = 0.5  # a word of a name asked about (person, place, document number)
OUTSIDE_PENALTY = 0.06  # a sentence of a retrieved document outside the retrieved passages
OUTSIDE_DOCS = 3  # how many top documents are read beyond their retrieved passages
TYPE_BONUS = {0: -0.35, 1: -0.05, 2: 0.25, 3: 0.35}
# A type needs this support level before it can be answered at all.
REQUIRED_SUPPORT = {"date": 1, "number": 1, "person": 1, "place": 1, "docnum": 1, "role": 2}


@dataclass(slots=True)
class Candidate:
    unit: Unit
    index: DocIndex
    passage: SearchResult
    rank: int
    coverage: float  # share of the question's weight found in the unit (or, discounted, its document);
    # for a follow-up, blended with the share of the earlier question's words
    support: int
    entities_ok: bool
    score: float


@dataclass(slots=True)
class Selection:
    """The chosen evidence, best first; empty when the documents do not support an answer."""

    chosen: list[Candidate]
    ranked: list[Candidate] = field(default_factory=list)
    reason: str = ""

    @property
    def found(self) -> bool:
        return bool(self.chosen)


@dataclass(slots=True)
class Pool:
    """The retrieved passages with their analysed documents, in retrieval order."""

    items: list[tuple[SearchResult, DocIndex]]

    def units(self) -> list[tuple[Unit, DocIndex, SearchResult, int, bool]]:
        """(unit, document, passage, rank, inside a retrieved passage) for every candidate unit.

        Besides the units of the retrieved passages, the other sentences of the top documents
        are candidates too (ranked last, with a penalty), with a window of the document around
        them as their passage: retrieval sometimes ranks the right sentence's passage 6th.
        """
        out: list[tuple[Unit, DocIndex, SearchResult, int, bool]] = []
        seen: set[tuple[str, int, int]] = set()
        for rank, (passage, index) in enumerate(self.items):
            for unit in index.units_in(passage.start, passage.end):
                key = (unit.doc_id, unit.start, unit.end)
                if key not in seen:
                    seen.add(key)
                    out.append((unit, index, passage, rank, True))
        docs: list[DocIndex] = []
        for _, index in self.items:
            if all(index.document.doc_id != d.document.doc_id for d in docs):
                docs.append(index)
        for index in docs[:OUTSIDE_DOCS]:
            for unit in index.units:
                key = (unit.doc_id, unit.start, unit.end)
                if key not in seen:
                    seen.add(key)
                    out.append((unit, index, _window(index, unit), len(self.items), False))
        return out

    def idf(self) -> tuple[dict[str, float], float]:
        """Key weights from sentence frequencies in the retrieved documents, and the weight of an unseen key."""
        df: dict[str, int] = {}
        seen_docs: set[str] = set()
        n = 0
        for _, index in self.items:
            if index.document.doc_id in seen_docs:
                continue
            seen_docs.add(index.document.doc_id)
            for unit in index.units:
                if unit.is_clause:
                    continue
                n += 1
                for key in unit.keys:
                    df[key] = df.get(key, 0) + 1
        n = max(n, 1)
        return {k: math.log(1 + n / (1 + v)) for k, v in df.items()}, math.log(1 + n)


def _window(index: DocIndex, unit: Unit) -> SearchResult:
    """A pseudo-passage for a sentence found outside the retrieved passages: it and its neighbours."""
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


def _weights(
    keys: list[str], idf: dict[str, float], missing: float, focus: list[str] | None = None, entities: set[str] | None = None
) -> dict[str, float]:
    boosted = set(focus or ())
    named = entities or set()
    return {
        k: idf.get(k, missing) * (FOCUS_BOOST if k in boosted else 1.0) * (ENTITY_WEIGHT if k in named else 1.0)
        for k in keys
    }


def entity_keys(q: Question) -> set[str]:
    """Words of the names in the question: checked on their own (`scope.entities_supported`),
    they count less in the match, so a sentence that merely names Võ Thành Hạo does not win."""
    words = {w for name in [*q.persons, *q.places] for w in name.split()}
    return words | set(q.doc_numbers)


def _coverage(weights: dict[str, float], unit: Unit, index: DocIndex) -> float:
    """Weighted share of the question's keys in the unit; its sentence and document count less."""
    total = sum(weights.values())
    if not total:
        return 0.0
    sentence = index.sentence_keys(unit)
    got = 0.0
    for key, weight in weights.items():
        if key in unit.keys:
            got += weight
        elif key in sentence:
            got += SENTENCE_CONTEXT_WEIGHT * weight
        elif key in index.keys:
            got += DOC_CONTEXT_WEIGHT * weight
    return got / total


def focus_score(q: Question, unit: Unit, index: DocIndex) -> float:
    """How well the unit says what is asked: the focus words, or (a little less) their other wordings."""
    if not q.focus:
        return 0.0
    score = _focus_score(q.focus, unit, index)
    for alt in q.focus_alts:
        score = max(score, ALT_FOCUS_SHARE * _focus_score(alt, unit, index))
    return score


def _focus_score(focus: list[str], unit: Unit, index: DocIndex) -> float:
    """Reward a unit that says what is asked ("người địa phương"), as a phrase or word by word.

    A clause also gets (discounted) credit for its sentence: "khó khăn, như: [clause]".
    """
    own = _focus_in(focus, [t.key for t in unit.tokens])
    if unit.is_clause:
        whole = index.sentence_unit(unit)
        if whole is not None:
            own = max(own, SENTENCE_CONTEXT_WEIGHT * _focus_in(focus, [t.key for t in whole.tokens]))
    return own


def _focus_in(focus: list[str], words: list[str]) -> float:
    # word by word, only content words count ("quả" of "hiệu quả" is not "kết quả")
    present = sum(1 for f in focus if f in words and f not in tk.STOPWORDS) / len(focus)
    n = len(focus)
    contiguous = any(words[i : i + n] == focus for i in range(len(words) - n + 1))
    return FOCUS_WEIGHT * present + (FOCUS_PHRASE_BONUS if contiguous else 0.0)


def score_candidates(q: Question, pool: Pool, history_keys: list[str] | None = None) -> list[Candidate]:
    """Every candidate unit, scored, best first."""
    idf, missing = pool.idf()
    weights = _weights(q.keys, idf, missing, q.focus, entity_keys(q))
    hist_weights = _weights([k for k in (history_keys or []) if k not in weights], idf, missing)
    out = [
        _score(q, weights, hist_weights, unit, index, passage, rank, inside)
        for unit, index, passage, rank, inside in pool.units()
    ]
    return sorted(out, key=lambda c: c.score, reverse=True)


def _score(
    q: Question,
    weights: dict[str, float],
    hist_weights: dict[str, float],
    unit: Unit,
    index: DocIndex,
    passage: SearchResult,
    rank: int,
    inside: bool,
) -> Candidate:
    coverage = _coverage(weights, unit, index)
    bigram = len(q.bigrams & unit.bigrams) / max(1, len(q.bigrams))
    support = sp.type_support(q, unit, index)
    entities_ok = (
        scope.entities_supported(q, unit, index)
        and scope.scope_supported(q, unit, index)
        and scope.qualifiers_supported(q, unit, index)
    )
    score = coverage + BIGRAM_WEIGHT * bigram + TYPE_BONUS[support]
    score += RANK_WEIGHT / (1 + rank) if inside else -OUTSIDE_PENALTY
    if hist_weights:
        history = _coverage(hist_weights, unit, index)
        score += HISTORY_WEIGHT * history
        coverage = max(coverage, (coverage + history) / 2)
    score += 0.1 * sum(1 for n in q.doc_numbers if n in unit.keys)
    if q.answer_type in _FACT_TYPES:
        # a short sentence made of the question's words suits a typed fact ("… có 74 đảng viên");
        # for a list or an explanation such a sentence only restates the subject
        score += PRECISION_WEIGHT * len(weights.keys() & unit.keys) / max(4, len(unit.keys))
    if q.focus:
        score += focus_score(q, unit, index)
    length = unit.end - unit.start
    if length > LONG_UNIT_CHARS:
        score -= (length - LONG_UNIT_CHARS) / 1000
    if not entities_ok:
        score -= 0.5
    if unit.heading:
        score -= HEADING_PENALTY
    if sp.year_near_number(q, unit):
        score += YEAR_NEAR_BONUS
    if sp.plan_near_number(q, unit):
        score += PLAN_NEAR_BONUS
    return Candidate(unit, index, passage, rank, coverage, support, entities_ok, score)
