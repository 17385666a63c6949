"""The answering engine: one entry point from a question (and its history) to a cited answer or a refusal.

question → `context.resolve` (follow-ups) → retrieval (given by the caller) → `candidates.collect`
→ `features.featurize` → `model.score` ranks the candidates → one score decides whether the
documents answer (`model.answers`, against its cross-validated threshold; zero when the question
asks a named document's issue date and no candidate writes one beside its number,
`features.undated_document`) → the units to cite
(`citing`: the best unit, a list's items, the asked fact's unit, further units scoring close to
it) → `compose`. Questions with several facets (`facets`: the sides
of a comparison, the parts of a question asking several things) are answered facet by facet,
each from its own retrieval.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.answering.analysis import Analysis, analyse, asks_several, canonical_words
from assistant.answering.candidates import Candidate, PoolItem, collect, context_words, lead_words, written_as_name
from assistant.answering.citing import (
    MAX_UNITS,
    TYPED_RATIO,
    facet_pick,
    further_units,
    list_items_after,
    overlaps,
    typed_alternative,
    typed_neighbour,
    whole_sentence,
)
from assistant.answering.compose import compose, compose_facets, short_answer
from assistant.answering.context import Resolved, resolve, resolve_references
from assistant.answering.facets import JOINERS, Side, find_sides, side_question, split_parts, surface
from assistant.answering.features import CorpusFrequency, featurize, question_names, undated_document
from assistant.answering.model import AnswerModel, load_model
from assistant.answering.rerank import reranked_passages
from assistant.schemas import HistoryTurn
from vectorstore.results import SearchResult


# query → (the top-k passages to report, the pool of passages with their analysed documents)
Fetch = Callable[[str], tuple[list[SearchResult], list[PoolItem]]]
Embed = Callable[[str], "np.ndarray | None"]


@dataclass(slots=True)
class Prepared:
    """Everything scored for one question: what the fitting script and `decide` share."""

    resolved: Resolved
    retrieved: list[SearchResult]
    candidates: list[Candidate]
    matrix: np.ndarray
    vector: np.ndarray | None
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per step
    undated: bool = False  # asked a named document's issue date that no candidate writes beside its number


@dataclass(slots=True)
class Decision:
    found: bool
    answer: str
    chosen: list[Candidate]
    score: float  # the refusal score: how likely the documents answer the question
    short: str | None = None
    retrieved: list[SearchResult] = field(default_factory=list)
    ranked: list[tuple[Candidate, float]] = field(default_factory=list)
    analysis: Analysis | None = None
    missing_sides: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _ms(start: float, end: float) -> float:
    return round((end - start) * 1000, 2)




class AnswerEngine:
    """Answers from the passages `fetch` returns, scoring candidates with the fitted model."""

    def __init__(
        self, fetch: Fetch, embed: Embed, model: AnswerModel | None = None, frequency: CorpusFrequency | None = None
    ) -> None:
        self.fetch = fetch
        self.embed = embed
        self.model = model or load_model()
        self.frequency = frequency
        self.cache: dict[tuple[str, ...], Prepared] | None = None  # set by callers that decide one question many times

    # -- steps shared with the fitting script -------------------------------------------------------
    def prepare_resolved(self, resolved: Resolved) -> Prepared:
        key = (resolved.query, *resolved.analysis.keys, "|", *(resolved.history.keys if resolved.history else ()))
        if self.cache is not None and key in self.cache:
            return self.cache[key]
        started = time.perf_counter()
        retrieved, items = self.fetch(resolved.query)
        vector = self.embed(resolved.query)
        fetched = time.perf_counter()
        candidates = collect(items, resolved.analysis.keys)
        matrix = featurize(resolved.analysis, candidates, vector, resolved.history, self.frequency)
        timings = {"retrieve": _ms(started, fetched), "features": _ms(fetched, time.perf_counter())}
        undated = undated_document(resolved.analysis, candidates)
        prepared = Prepared(resolved, retrieved, candidates, matrix, vector, timings, undated)
        if self.cache is not None:
            self.cache[key] = prepared
        return prepared

    def prepare(self, question: str, history: Sequence[HistoryTurn] = ()) -> Prepared:
        return self.prepare_resolved(resolve(question, history))

    # -- the decision -----------------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[HistoryTurn] = ()) -> Decision:
        prepared = self.prepare(question, history)
        started = time.perf_counter()
        decision = self.decide(prepared)
        decision.timings = {**prepared.timings, "select": _ms(started, time.perf_counter())}
        return decision

    def decide(self, prepared: Prepared) -> Decision:
        q = prepared.resolved.analysis
        scores = self.model.score(prepared.matrix)
        ranked = ranked_by(prepared.candidates, scores)
        facets = self._facets(prepared) if ranked else []
        if facets:
            return self._decide_facets(prepared, facets, ranked)
        answers = 0.0 if prepared.undated else self.model.answers(prepared.matrix, scores)
        retrieved = reranked_passages(ranked, prepared.retrieved)
        if answers < self.model.threshold:
            return Decision(False, "", [], answers, retrieved=retrieved, ranked=ranked, analysis=q)
        chosen = self._choose(ranked, q)
        answer, short = compose(q, chosen)
        return Decision(True, answer, chosen, answers, short, retrieved, ranked, q)

    def _choose(self, ranked: list[tuple[Candidate, float]], q: Analysis | None = None) -> list[Candidate]:
        best, top = ranked[0]
        asks_list = bool(q and "list" in q.answer_types)
        if asks_list and (sentence := whole_sentence(best, ranked)) is not best:
            best = sentence  # it takes the clause's place at the head of the ranking
            ranked = [(best, top), *[(c, score) for c, score in ranked[1:] if c is not best]]
        chosen = [best, *list_items_after(best, ranked, asks_list=asks_list)]
        if len(chosen) > 1:
            return chosen
        neighbour = typed_neighbour(best, ranked, q) if q is not None else None
        if neighbour is not None:  # the asked fact sits in the sentence next to the best one
            return sorted([best, neighbour], key=lambda c: c.unit.start)
        several = q is not None and asks_several(q)
        chosen = further_units(ranked, q, self.model.extra_ratio * top, self.model.ratio_for(several) * top)
        typed = typed_alternative(chosen, ranked, q, TYPED_RATIO * top) if q is not None else None
        return [typed, *chosen[: MAX_UNITS - 1]] if typed is not None else chosen

    # -- questions with several facets ------------------------------------------------------------------
    def _facets(self, prepared: Prepared) -> list[Facet]:
        """Sides of a comparison, else the parts of a question asking several things; [] otherwise."""
        resolved = prepared.resolved
        q = resolved.analysis
        sides = find_sides(q, side_names(q, prepared.candidates))
        if len(sides) >= 2:
            facets = []
            for side in sides:
                text = resolved.query
                for other in (surface(q.text, n) for s in sides if s is not side for n in s.names):
                    text = text.replace(other, " ")
                part = Resolved(analysis=side_question(q, side, sides), query=text, history=resolved.history)
                facets.append(Facet(side.label, part, side))
            return facets
        parts = [] if q.comparison else split_parts(q.text)
        if len(parts) < 2:
            return []
        first = analyse(parts[0])
        facets = [Facet(None, Resolved(first, f"{parts[0]} {_tail(resolved.query, q.text)}".strip(), resolved.history))]
        for text in parts[1:]:
            facets.append(Facet(None, Resolved(analyse(text), f"{text} {parts[0]}", first)))
        return facets

    def _decide_facets(self, prepared: Prepared, facets: list[Facet], ranked: list[tuple[Candidate, float]]) -> Decision:
        """Each facet from its own retrieval (a side cited only from a unit that names it)."""
        q = prepared.resolved.analysis
        picks: list[Candidate | None] = []
        shorts: list[str | None] = []
        scores: list[float] = []
        retrieved: list[list[SearchResult]] = []
        asked: list[Facet] = []  # the facets as asked: a part may point back at the previous answer
        for facet in facets:
            if asked and facet.side is None and shorts[-1]:
                facet = chained(facet, shorts[-1])
            asked.append(facet)
            part = self.prepare_resolved(facet.resolved)
            probabilities = self.model.score(part.matrix)
            retrieved.append(reranked_passages(ranked_by(part.candidates, probabilities), part.retrieved))
            # a side is judged on the units that name it ("Thanh Hóa"), not on another province's
            eligible = np.array(
                [facet.side is None or _names_side(c, facet.side) for c in part.candidates], dtype=bool
            ) if len(part.candidates) else np.zeros(0, dtype=bool)
            answers = (
                self.model.answers(part.matrix[eligible], probabilities[eligible])
                if eligible.any() and not part.undated else 0.0
            )
            pick = None
            if answers >= self.model.facet_threshold:
                left = [(part.candidates[i], float(probabilities[i])) for i in np.argsort(-probabilities, kind="stable")
                        if eligible[i] and not any(c is not None and overlaps(part.candidates[i], c) for c in picks)]
                pick = facet_pick(left, facet.resolved.analysis, q)
            short = short_answer(facet.resolved.analysis, pick, q) if pick is not None else None
            picks.append(pick)
            scores.append(answers)
            shorts.append(short)
        merged = _interleave(retrieved, len(prepared.retrieved))
        found = [c for c in picks if c is not None]
        if not found:
            return Decision(False, "", [], max(scores, default=0.0), retrieved=merged, ranked=ranked, analysis=q)
        labels = [f.label for f in asked]
        missing = [f.label or f.resolved.analysis.text for f, c in zip(asked, picks) if c is None]
        answer = compose_facets(labels, [f.resolved.analysis.text for f in asked], picks, shorts)
        return Decision(True, answer, found, max(scores), None, merged, ranked, q, missing)


def ranked_by(candidates: Sequence[Candidate], scores: np.ndarray) -> list[tuple[Candidate, float]]:
    """The candidates with their scores, best first (ties keep the candidates' order)."""
    return [(candidates[i], float(scores[i])) for i in np.argsort(-scores, kind="stable")]


def side_names(q: Analysis, candidates: Sequence[Candidate]) -> list[str]:
    """Names a comparison can join: the question's names of two words or more, and its single words
    that some candidate document uses as a place's name ("thành phố Huế"), matched folded so a
    question typed without accents finds the same sides."""
    names = question_names(q, candidates)
    if not q.comparison and not any(w in JOINERS for w in q.words):
        return names  # no sides without a joining word or a comparison: skip reading whole documents
    taken = {w for n in names for w in n.split()}
    places = {p for c in candidates for p in c.index.places if " " not in p}
    single = [w for w in dict.fromkeys(q.words) if w not in taken and w in places]
    if single:  # a place's name, not a common word a heading once wrote with a capital ("Thành")
        indexes = {id(c.index): c.index for c in candidates}.values()
        single = [w for w in single if any(w in written_as_name(index) for index in indexes if w in index.places)]
    return names + single


@dataclass(frozen=True, slots=True)
class Facet:
    label: str | None  # the side's name as the question writes it; None for a part of the question
    resolved: Resolved
    side: Side | None = None


def chained(facet: Facet, previous: str) -> Facet:
    """A part pointing back at the previous part's short answer ("Bình Định nhập vào tỉnh nào, và
    tỉnh đó thuộc vùng nào?") asks about that answer: "tỉnh đó" becomes the name found."""
    text = facet.resolved.analysis.text
    rewritten = resolve_references(text, [HistoryTurn(role="assistant", content=previous)])
    if rewritten == text:
        return facet
    query = facet.resolved.query.replace(text, rewritten, 1)
    return Facet(None, Resolved(analyse(rewritten), query, facet.resolved.history))


def _tail(query: str, text: str) -> str:
    """What a follow-up's retrieval query adds after the question itself (the earlier question)."""
    return query[len(text) :] if query.startswith(text) else ""


def _interleave(lists: list[list[SearchResult]], k: int) -> list[SearchResult]:
    """The facets' passages taken in turn (each once), so every facet's best passages are reported."""
    out: list[SearchResult] = []
    seen: set[str] = set()
    for rank in range(max((len(x) for x in lists), default=0)):
        for results in lists:
            if rank < len(results) and results[rank].passage_id not in seen:
                seen.add(results[rank].passage_id)
                out.append(results[rank])
    return out[: max(k, 1)]




def _names_side(candidate: Candidate, side: Side) -> bool:
    """The unit, its surroundings or its document's title mention the side; for a unit naming no
    place, also its document's lead (where an article names the place it is about once: "huyện Ba
    Chẽ" opening a report on Ba Chẽ). A unit naming a place is about that place, whatever the lead
    of a document listing many says."""
    if side.years:
        return any(y in candidate.unit.text or y in (candidate.index.document.published or "")[:4] for y in side.years)
    around = context_words(candidate.index, candidate.unit)
    if not candidate.unit.places:
        around |= lead_words(candidate.index)
    title = " " + " ".join(canonical_words(candidate.index.document.title)) + " "
    return any(all(w in around for w in n.split()) or f" {n} " in title for n in side.names)
