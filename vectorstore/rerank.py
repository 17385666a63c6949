"""Sentence-focus re-ranking: favour passages in which one sentence covers the question.

An answer usually sits in one sentence. For each candidate passage we take its best sentence's
IDF-weighted coverage of the question's terms and add it to the fused score. Every sentence
also counts the terms of its document's context: the title/date header and the document's
lead (the first sentences of its first passage, where a news article names the place, body
and subject it is about), so that "Sơn La" stated once in the lead selects the document while
the question's predicate ("khó khăn", "kết quả" ...) picks the passage. Question phrases of one
synonym group (vectorstore.abbreviations.PREDICATE_SYNONYMS) are covered by any phrase of it,
and a count question favours sentences with a number before the noun it counts.
Cheap (a few candidates, cached sentence token sets), no model, deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from ingest.normalize import canonical_tones, fold_accents, nfc
from ingest.splitter import sentence_spans
from vectorstore.abbreviations import PREDICATE_SYNONYMS
from vectorstore.lexical import Analyzer

# A count question ("bao nhiêu cấp phó", "ở mấy xã") is answered by a number before that noun
# ("12 cấp phó", "ở 3 xã"): such a sentence gets this many times the question's strongest term weight.
COUNT_WEIGHT = 1.5
LEAD_SENTENCES = 2  # title line + first sentence of an article's first passage
_WORD = re.compile(r"\d+(?:[.,/-]\d+)*|\w+")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/.-])")


def _unigrams(tokens: Sequence[str]) -> frozenset[str]:
    return frozenset(t for t in tokens if "_" not in t or t[0] in "#=")


def _syllables(text: str) -> list[str]:
    return [fold_accents(canonical_tones(w.lower())) for w in _WORD.findall(nfc(text))]


def _phrase_table() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First folded syllable → (folded phrase, group concept "%i"), longest phrases first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for i, group in enumerate(PREDICATE_SYNONYMS):
        for phrase in group:
            words = tuple(_syllables(phrase))
            table.setdefault(words[0], []).append((words, f"%{i}"))
    for runs in table.values():
        runs.sort(key=lambda item: -len(item[0]))
    return table


_PHRASES = _phrase_table()


def synonym_matches(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(group concept, folded phrase) for every synonym-table phrase in the text (accents optional)."""
    return _synonyms_in(_syllables(text))


def _synonyms_in(words: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """`synonym_matches` of a text's folded syllables."""
    found = []
    for i, word in enumerate(words):
        for phrase, concept in _PHRASES.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                found.append((concept, phrase))
                break
    return found


def counted_word(query: str) -> str | None:
    """The folded noun a count question asks about: "ở mấy xã" → "xa", "bao nhiêu cấp phó" → "cap"."""
    words = _syllables(query)
    for i, word in enumerate(words):
        if word == "bao" and i + 2 < len(words) and words[i + 1] == "nhieu":
            return words[i + 2]
        if word == "may" and i + 1 < len(words):
            return words[i + 1]
    return None


def counts(text: str) -> frozenset[str]:
    """Count concepts "%n:<folded noun>" for every number directly followed by a noun."""
    return _counts_in(_syllables(text))


def _counts_in(words: Sequence[str]) -> frozenset[str]:
    """`counts` of a text's folded syllables."""
    return frozenset(f"%n:{b}" for a, b in zip(words, words[1:]) if _NUMBER.match(a))


def query_years(query: str) -> frozenset[str]:
    """Years written in a question ("năm 2018" → {"2018"}); dates like 24/9/2021 are not years asked about."""
    return frozenset(_YEAR.findall(query))


class SentenceCoverage:
    """`coverage(query_terms, passage_id, text, title, context)` in [0, 1]: the best sentence's
    share of the question's IDF weight, the header and `context` terms counting for every sentence."""

    def __init__(self, analyzer: Analyzer, idf: Callable[[str], float], cache_size: int = 20000) -> None:
        self.analyzer = analyzer
        self.idf = idf
        self._sentences = lru_cache(maxsize=cache_size)(self._sentence_terms)
        self._leads = lru_cache(maxsize=cache_size)(self._lead_terms)
        self._titles = lru_cache(maxsize=cache_size)(self._terms)  # a document's passages share its title

    def _terms(self, text: str) -> frozenset[str]:
        words = _syllables(text)  # once for both the synonym phrases and the counts
        return _unigrams(self.analyzer.tokens(text)) | frozenset(c for c, _ in _synonyms_in(words)) | _counts_in(words)

    def query_terms(self, query: str) -> dict[str, float]:
        """IDF-weighted terms; the syllables of a synonym-table phrase become its group's concept."""
        tokens = self.analyzer.query_tokens(query)
        if any(t[0] not in "~#=" for t in tokens):  # accented question: accented terms are precise
            tokens = [t for t in tokens if t[0] != "~"]
        terms = {t: w for t in _unigrams(tokens) if (w := self.idf(t)) > 0}
        for concept, phrase in synonym_matches(query):
            parts = [t for t in terms if t[0] not in "#=" and fold_accents(t.lstrip("~")) in phrase]
            weight = sum(terms.pop(t) for t in parts)
            if weight > 0:
                terms[concept] = terms.get(concept, 0.0) + weight
        noun = counted_word(query)
        if noun is not None and terms and COUNT_WEIGHT > 0:
            terms[f"%n:{noun}"] = COUNT_WEIGHT * max(terms.values())
        return terms

    def _sentence_terms(self, passage_id: str, text: str, title: str) -> tuple[frozenset[str], ...]:
        """Each sentence's terms, plus the title's (the title gives every sentence its context)."""
        spans = sentence_spans(text) or [(0, len(text))]
        header = self._titles(title) if title else frozenset()
        return tuple(header | self._terms(text[s:e]) for s, e in spans)

    def _lead_terms(self, passage_id: str, text: str) -> frozenset[str]:
        spans = (sentence_spans(text) or [(0, len(text))])[:LEAD_SENTENCES]
        return frozenset().union(*(self._terms(text[s:e]) for s, e in spans))

    def lead_terms(self, passage_id: str, text: str) -> frozenset[str]:
        """Terms of a document's lead, given its first passage."""
        return self._leads(passage_id, text)

    def coverage(self, terms: dict[str, float], passage_id: str, text: str, title: str = "", context: Iterable[str] = ()) -> float:
        total = sum(terms.values())
        if total <= 0:
            return 0.0
        context = frozenset(context)
        best = 0.0
        for sentence in self._sentences(passage_id, text, title):
            got = sum(w for t, w in terms.items() if t in sentence or t in context)
            best = max(best, got)
        return best / total
