"""Every evaluation metric, defined once, as pure functions over plain values.

Per-question functions take what one question produced (retrieved passages, answer, citations);
`eval.aggregate` turns the per-question values into the report's numbers. Evidence matching
always goes through `eval.evidence` (the shared evidence rule).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from eval.dataset import EvidenceItem
from eval.evidence import covers
from ingest.normalize import folded_key


class Passage(NamedTuple):
    """What the retrieval metrics need from a retrieved passage."""

    source: str
    text: str


class CitedSpan(NamedTuple):
    """What the citation metrics need from a citation (fields of the API's `Citation`)."""

    source: str
    quote: str
    passage: str = ""


# ---------------------------------------------------------------- retrieval


def evidence_ranks(passages: Sequence[Passage], evidence: Sequence[EvidenceItem]) -> list[int | None]:
    """For each evidence item, the 1-based rank of the first passage covering it (None: not retrieved)."""
    ranks: list[int | None] = []
    for item in evidence:
        rank = next((i for i, p in enumerate(passages, start=1) if covers(p.source, p.text, item.doc, item.quote)), None)
        ranks.append(rank)
    return ranks


def hit_at_k(ranks: Sequence[int | None], k: int) -> float:
    """hit@k: 1.0 when every evidence item is covered by one of the top k passages, else 0.0."""
    if not ranks:
        raise ValueError("hit@k needs at least one evidence item")
    return 1.0 if all(r is not None and r <= k for r in ranks) else 0.0


def reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """MRR term: 1 / (the smallest k at which the question is a hit), 0.0 when it never is.

    With one evidence item this is the usual 1/rank; with several, the question counts as found
    at the rank where its last evidence item is first covered.
    """
    if not ranks:
        raise ValueError("MRR needs at least one evidence item")
    if any(r is None for r in ranks):
        return 0.0
    return 1.0 / max(r for r in ranks if r is not None)


def ndcg_at_k(ranks: Sequence[int | None], k: int = 5) -> float:
    """nDCG@k with one unit of gain per evidence item, at the first rank that covers it.

    The ideal list covers item j at rank j (j = 1..min(E, k)). A passage covering several items
    cannot beat the ideal: the j-th item found (in rank order) counts at rank max(its rank, j).
    With one evidence item this is binary nDCG with a single relevant passage: 1/log2(rank + 1).
    """
    if not ranks:
        raise ValueError("nDCG needs at least one evidence item")
    found = sorted(r for r in ranks if r is not None and r <= k)
    dcg = sum(1.0 / math.log2(max(rank, j) + 1) for j, rank in enumerate(found, start=1) if max(rank, j) <= k)
    ideal = sum(1.0 / math.log2(j + 1) for j in range(1, min(len(ranks), k) + 1))
    return dcg / ideal


# ---------------------------------------------------------------- answers

_SPACES = re.compile(r"\s+")
# Syllables, but keep numbers such as 1.017, 11/13, 23-9-2021 or 18-nq/tw's "18" whole.
_TOKEN = re.compile(r"\d+(?:[.,/-]\d+)*|\w+")


def match_key(text: str) -> str:
    """Case-, tone-placement- and diacritic-insensitive key, whitespace folded (for must_include)."""
    return _SPACES.sub(" ", folded_key(text)).strip()


def answer_accuracy(answer: str, must_include: Sequence[str]) -> float | None:
    """1.0 when every must_include string occurs in the answer (case- and diacritic-insensitive).

    None when the question has no must_include strings (nothing to check).
    """
    if not must_include:
        return None
    key = match_key(answer)
    return 1.0 if all(match_key(s) in key for s in must_include) else 0.0


def short_answer_holds_fact(short: str, must_include: Sequence[str]) -> bool | None:
    """Whether the short fact put first is one of the facts asked for: it holds a must_include
    string ("tỉnh Gia Lai" holds "Gia Lai") or is a whole-token part of one ("1.017" of "1.017
    trường hợp", not "3" of "13 xã").
    None when the question has no must_include strings."""
    if not must_include:
        return None
    fact = tokens(short)
    return any(_within(tokens(s), fact) or _within(fact, tokens(s)) for s in must_include)


def _within(part: Sequence[str], whole: Sequence[str]) -> bool:
    """`part` is a non-empty run of consecutive tokens of `whole`."""
    n = len(part)
    return n > 0 and any(list(whole[i : i + n]) == list(part) for i in range(len(whole) - n + 1))


def tokens(text: str) -> list[str]:
    """Vietnamese-aware tokens: accent-folded lower-case syllables; numbers with . , / - stay whole."""
    return _TOKEN.findall(folded_key(text))


def token_f1(answer: str, reference: str) -> float:
    """SQuAD-style bag-of-tokens F1 between the answer and the reference answer (`tokens`)."""
    got, want = Counter(tokens(answer)), Counter(tokens(reference))
    if not got or not want:
        return 1.0 if got == want else 0.0
    overlap = sum((got & want).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def answer_length(answer: str) -> int:
    """Answer length in characters (citation markers included)."""
    return len(answer)


# ---------------------------------------------------------------- citations


def citation_covers(citation: CitedSpan, item: EvidenceItem) -> bool:
    """A citation covers an evidence item when its *quote* (the highlighted text) satisfies the
    evidence rule for that item: same document, and the quote contains the evidence quote or, for
    evidence quotes of 40+ characters, shares a contiguous run of 60% of it.

    The citation's passage is deliberately not enough: the reader sees the quote, so the quote
    must carry the evidence (`citation_covers_by_passage` is the looser diagnostic).
    """
    return covers(citation.source, citation.quote, item.doc, item.quote)


def citation_covers_by_passage(citation: CitedSpan, item: EvidenceItem) -> bool:
    """Looser diagnostic: the citation's quote or the passage it was taken from covers the item."""
    return citation_covers(citation, item) or covers(citation.source, citation.passage, item.doc, item.quote)


def citation_coverage(citations: Sequence[CitedSpan], evidence: Sequence[EvidenceItem], *, by_passage: bool = False) -> float:
    """1.0 when every evidence item is covered by at least one citation, else 0.0."""
    if not evidence:
        raise ValueError("citation coverage needs at least one evidence item")
    test = citation_covers_by_passage if by_passage else citation_covers
    return 1.0 if all(any(test(c, item) for c in citations) for item in evidence) else 0.0


def citations_from_evidence(citations: Sequence[CitedSpan], evidence_docs: Iterable[str]) -> int:
    """How many citations come from one of the evidence documents (citation precision numerator)."""
    docs = set(evidence_docs)
    return sum(1 for c in citations if c.source in docs)


def is_verbatim(quote: str, document_text: str | None, start: int, end: int) -> bool:
    """The quote is exactly the document's cleaned text between its offsets."""
    if document_text is None or not 0 <= start <= end <= len(document_text):
        return False
    return document_text[start:end] == quote


# ---------------------------------------------------------------- refusal


def refusal_scores(answerable: Sequence[bool], refused: Sequence[bool]) -> dict[str, float | None]:
    """Refusal (found = false) as a classifier of unanswerable questions.

    precision = refused unanswerable / refused; recall = refused unanswerable / unanswerable;
    F1 their harmonic mean; false_refusal_rate = refused answerable / answerable.
    A value with an empty denominator is None.
    """
    if len(answerable) != len(refused):
        raise ValueError("answerable and refused must have the same length")
    true_pos = sum(1 for a, r in zip(answerable, refused) if r and not a)
    n_refused = sum(1 for r in refused if r)
    n_unanswerable = sum(1 for a in answerable if not a)
    n_answerable = len(answerable) - n_unanswerable
    false_refusals = sum(1 for a, r in zip(answerable, refused) if r and a)
    precision = true_pos / n_refused if n_refused else None
    recall = true_pos / n_unanswerable if n_unanswerable else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {
        "refusal_precision": precision,
        "refusal_recall": recall,
        "refusal_f1": f1,
        "false_refusal_rate": false_refusals / n_answerable if n_answerable else None,
    }


# ---------------------------------------------------------------- summaries


def mean(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean of the values that are not None; None when there are none."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def percentile(values: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation between closest ranks (numpy's default)."""
    data = sorted(values)
    if not data:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q must be within 0..100")
    position = (len(data) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (position - low)
