"""The material a topic has in the index: its passages, their sentences, how relevant each is.

The topic is searched as chat searches a question (canonical spelling, the hybrid retriever, the
same filters), once alone and once with each section's words (`FACET_QUERIES`) so difficulties
and solutions are found too. Every sentence of a retrieved passage becomes a `Sentence`, scored
by how much of the topic (IDF-weighted content words) it and its document hold. A topic no
passage covers well is *not covered*: the tools then return nothing instead of loosely related text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant import textkeys as tk
from assistant.answering.analysis import canonical_words
from assistant.trainer.vocabulary import FACET_QUERIES, NUMBER_WORDS
from assistant.units import PerDocumentCache, is_heading
from ingest.models import Document
from ingest.normalize import folded_key, has_diacritics, index_key
from ingest.references import extract_references
from ingest.splitter import sentence_spans
from vectorstore.accents import restore_accents
from vectorstore.results import SearchFilters, SearchResult

PASSAGES_PER_QUERY = 15
MIN_TOPIC_COVERAGE = 0.75  # share (IDF-weighted) of the topic's words the best passage must hold
MIN_BEST_SENTENCE = 0.5  # … and the best sentence, both weighted and by count
# Accented words whose folded form is a function word ("bí" folds to "bi", as "bị" does).
ACCENTED_CONTENT = frozenset({"bí", "bộ", "sở", "phó"})
MIN_SENTENCE_SHARE = 0.3  # share of the topic's words a sentence must hold itself (brief, quiz)
MIN_SENTENCE_CHARS = 25
MAX_SENTENCE_CHARS = 700


@dataclass(slots=True)
class Sentence:
    """One sentence of a retrieved passage, with its topic relevance."""

    document: Document
    passage: SearchResult
    start: int
    end: int
    keys: frozenset[str]
    relevance: float  # 0..1: the sentence's and its document's share of the topic
    rank: int  # best rank of its passage over the queries (0 = first)
    own: float = 0.0  # share of the topic (IDF-weighted) the sentence itself holds
    context: float = 0.0  # … its passage and its document's title hold (the document's best passage: see relevance)

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]


@dataclass(slots=True)
class TopicPool:
    """What the index holds about a topic: sentences best first (empty when not covered)."""

    topic: str
    sentences: list[Sentence] = field(default_factory=list)
    covered: bool = False
    coverage: float = 0.0  # share of the topic's words the best passage holds
    weights: dict[str, float] = field(default_factory=dict)  # IDF weight of each topic key
    doc_coverage: dict[str, float] = field(default_factory=dict)  # best passage share per document


class SpanCache(PerDocumentCache[list[tuple[int, int]]]):
    """Sentence spans of documents, computed once per document version."""

    def __init__(self, size: int = 256) -> None:
        super().__init__(lambda doc: sentence_spans(doc.text), size)


def text_keys(text: str, accented: bool = True) -> frozenset[str]:
    """Content keys of a text: accented words (lower case, canonical tones: "phở" is not "phó"),
    or accent-folded ones, plus abbreviation concepts ("UBND" and "Ủy ban nhân dân" alike)."""
    tokens = tk.tokenize(text)
    keys = tk.content_keys(tokens)
    cited = _cited(text, accented)
    if not accented:
        return frozenset(keys) | cited
    concepts = {k for k in keys if k.startswith("§")}
    words = {_word_key(t) for t in tokens if t.key not in tk.STOPWORDS or index_key(t.surface) in ACCENTED_CONTENT}
    return frozenset(concepts | words) | cited


def _cited(text: str, accented: bool) -> frozenset[str]:
    """Keys of the documents a text cites written in a shared form: "Nghị quyết số 18, 19-NQ/TW"
    cites 18-NQ/TW too, though no token writes it (`ingest.references`)."""
    if not any(c.isdigit() for c in text):
        return frozenset()
    key = index_key if accented else folded_key
    return frozenset(key(ref) for ref in extract_references(text))


def _word_key(token: tk.Token) -> str:
    """The accented key of a word; a count is its digits ("hai" and "02" are "2")."""
    key = index_key(token.surface)
    if key.isdigit():
        return key.lstrip("0") or "0"
    return NUMBER_WORDS.get(key, key)


def topic_keys(topic: str) -> list[str]:
    """The topic's content keys, in order, no repeats; an abbreviation counts once, as its concept
    (the words of its long form are left out)."""
    keys = text_keys(topic)
    concepts = sorted(k for k in keys if k.startswith("§"))
    long_words = {w for form, concept in tk._abbreviation_tables()[1].items() if concept in concepts for w in form}
    ordered = dict.fromkeys(_word_key(t) for t in tk.tokenize(topic))
    words = [w for w in ordered if w in keys and folded_key(w) not in long_words and "§" + folded_key(w) not in keys]
    return [w for w in words if folded_key(w) not in tk.QUESTION_WORDS] + concepts


def canonical_topic(topic: str, store: Any) -> str:
    """The spelling the topic is searched with (as chat searches a question)."""
    words = canonical_words(topic)
    lexical = getattr(store, "lexical", None)
    return restore_accents(words, lexical) if lexical is not None else " ".join(words)


def _weights(keys: Sequence[str], store: Any) -> dict[str, float]:
    """IDF weight of each topic key over the indexed passages (equal weights without a lexical index)."""
    lexical = getattr(store, "lexical", None)
    if lexical is None or not hasattr(lexical, "document_frequency"):
        return {k: 1.0 for k in keys}
    total = max(len(store), 1)
    weights = {}
    for key in keys:
        token = "#" + key[1:] if key.startswith("§") else key
        df = lexical.document_frequency(token)
        weights[key] = math.log(1 + total / (1 + df))
    return weights


def _share(weights: dict[str, float], keys: frozenset[str] | set[str]) -> float:
    total = sum(weights.values())
    return sum(w for k, w in weights.items() if k in keys) / total if total else 0.0


def _facet_retriever(retriever: Any) -> Any:
    """The facets ("kết quả", "khó khăn" … added to the topic) are searched lexically: their words
    matter, and five more query embeddings would cost more than the rest of a brief."""
    copy = getattr(retriever, "model_copy", None)
    return copy(update={"mode": "lexical"}) if copy is not None and getattr(retriever, "mode", None) == "hybrid" else retriever


def gather(
    topic: str,
    store: Any,
    retriever: Any,
    filters: SearchFilters | None = None,
    spans: SpanCache | None = None,
    per_query: int = PASSAGES_PER_QUERY,
) -> TopicPool:
    """Search the topic and its facets, and score every sentence of the passages found."""
    pool = TopicPool(topic=topic)
    query = canonical_topic(topic, store)
    # typed with diacritics, the topic's own accents decide; typed without, the index's usual ones
    keys = topic_keys(topic if has_diacritics(topic) else query)
    if not keys:
        return pool
    spans = spans or SpanCache()
    weights = _weights(keys, store)
    pool.weights = weights
    first = retriever.search(query, k=per_query, filters=filters)
    if not any(_share(weights, text_keys(f"{r.title}\n{r.text}")) >= MIN_TOPIC_COVERAGE for r in first):
        return pool  # no passage holds the topic: the facets are not searched
    ranked: dict[str, tuple[SearchResult, int]] = {r.passage_id: (r, rank) for rank, r in enumerate(first)}
    for results in _facet_retriever(retriever).search_many([f"{query} {facet}" for facet in FACET_QUERIES], k=per_query, filters=filters):
        for rank, result in enumerate(results):
            known = ranked.get(result.passage_id)
            if known is None or rank < known[1]:
                ranked[result.passage_id] = (result, rank)
    documents: dict[str, Document | None] = {}
    doc_keys: dict[str, frozenset[str]] = {}
    seen: set[tuple[str, int]] = set()
    best_sentence = 0.0
    passages: list[tuple[float, list[Sentence]]] = []
    doc_coverage: dict[str, float] = {}
    for result, rank in sorted(ranked.values(), key=lambda item: (item[1], -item[0].score)):
        if result.doc_id not in documents:
            documents[result.doc_id] = store.get_document(result.doc_id)
        doc = documents[result.doc_id]
        if doc is None:
            continue
        if doc.doc_id not in doc_keys:
            doc_keys[doc.doc_id] = text_keys(doc.title)
        passage_keys = set(doc_keys[doc.doc_id])
        found: list[Sentence] = []
        for start, end in spans.get(doc):
            if start < result.start or end > result.end or (doc.doc_id, start) in seen:
                continue
            if not MIN_SENTENCE_CHARS <= end - start <= MAX_SENTENCE_CHARS or is_heading(doc, start, end):
                continue
            sentence = Sentence(doc, result, start, end, text_keys(doc.text[start:end]), 0.0, rank)
            passage_keys |= sentence.keys
            seen.add((doc.doc_id, start))
            own = _share(weights, sentence.keys)
            by_count = sum(1 for k in keys if k in sentence.keys) / len(keys)
            best_sentence = max(best_sentence, min(own, by_count))
            sentence.own = own
            found.append(sentence)
        context = _share(weights, passage_keys)
        pool.coverage = max(pool.coverage, context)
        doc_coverage[doc.doc_id] = max(doc_coverage.get(doc.doc_id, 0.0), context)
        passages.append((context, found))
    for context, found in passages:
        for sentence in found:
            document = doc_coverage[sentence.document.doc_id]
            if sentence.own < MIN_SENTENCE_SHARE and document < MIN_TOPIC_COVERAGE:
                continue  # a sentence about something else, in a document about something else
            sentence.context = context
            sentence.relevance = 0.6 * sentence.own + 0.25 * context + 0.15 * document - 0.01 * sentence.rank
            pool.sentences.append(sentence)
    pool.doc_coverage = doc_coverage
    pool.covered = pool.coverage >= MIN_TOPIC_COVERAGE and best_sentence >= MIN_BEST_SENTENCE
    if not pool.covered:
        pool.sentences = []
    pool.sentences.sort(key=lambda s: (-s.relevance, s.document.doc_id, s.start))
    return pool


def neighbourhood(pool: TopicPool, spans: SpanCache | None = None) -> list[Sentence]:
    """Sentences of the topic's key documents (a passage of them holds `MIN_TOPIC_COVERAGE` of
    the topic) that no retrieved passage held but that hold `MIN_SENTENCE_SHARE` of the topic
    themselves: the same documents' other statements on the topic, for a quiz that needs more
    facts than the retrieved passages give. Scored as pool sentences are, as if ranked last."""
    if not pool.covered or not pool.weights:
        return []
    spans = spans or SpanCache()
    known = {(s.document.doc_id, s.start) for s in pool.sentences}
    documents = {s.document.doc_id: s.document for s in pool.sentences}
    found: list[Sentence] = []
    for doc_id, doc in documents.items():
        document_share = pool.doc_coverage.get(doc_id, 0.0)
        if document_share < MIN_TOPIC_COVERAGE:
            continue
        title_keys = text_keys(doc.title)
        for start, end in spans.get(doc):
            if (doc_id, start) in known or not MIN_SENTENCE_CHARS <= end - start <= MAX_SENTENCE_CHARS or is_heading(doc, start, end):
                continue
            keys = text_keys(doc.text[start:end])
            own = _share(pool.weights, keys)
            if own < MIN_SENTENCE_SHARE:
                continue
            context = _share(pool.weights, keys | title_keys)
            passage = SearchResult(f"{doc_id}#s{start}", doc_id, doc.source, doc.title, doc.published,
                                   doc.text[start:end], start, end, 0.0, doc.references)
            relevance = 0.6 * own + 0.25 * context + 0.15 * document_share - 0.01 * PASSAGES_PER_QUERY
            found.append(Sentence(doc, passage, start, end, keys, relevance, PASSAGES_PER_QUERY, own, context))
    found.sort(key=lambda s: (-s.relevance, s.document.doc_id, s.start))
    return found


def document_sentences(pool: TopicPool, spans: SpanCache | None = None) -> list[Sentence]:
    """Every sentence of the pool's documents, unscored (what the documents say besides the topic)."""
    spans = spans or SpanCache()
    documents = {s.document.doc_id: s.document for s in pool.sentences}
    found: list[Sentence] = []
    for doc_id, doc in documents.items():
        for start, end in spans.get(doc):
            if MIN_SENTENCE_CHARS <= end - start <= MAX_SENTENCE_CHARS:
                passage = SearchResult(f"{doc_id}#s{start}", doc_id, doc.source, doc.title, doc.published,
                                       doc.text[start:end], start, end, 0.0, doc.references)
                found.append(Sentence(doc, passage, start, end, frozenset(), 0.0, PASSAGES_PER_QUERY))
    return found
