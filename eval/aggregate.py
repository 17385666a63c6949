"""The report's numbers, computed from the per-question records alone (nothing else is consulted).

Definitions (see `eval.metrics` for the per-question terms):
- hit@1, hit@3, hit@5, mrr, ndcg@5, answer_accuracy, token_f1, citation_coverage: mean over the
  answerable questions where the term is defined;
- citation_precision: of all citations given to answerable questions, the share from an
  evidence document (pooled, not averaged per question);
- verbatim_rate: of all citations, the share whose quote is document_text[start:end];
- refusal_precision / recall / f1, false_refusal_rate: `found = false` as a detector of
  unanswerable questions (`metrics.refusal_scores`);
- short_answer_rate: of the answered answerable questions, the share opening with a short fact;
  short_answer_precision: of those short facts, the share holding or part of a must_include string;
- latency_p50_ms, latency_p95_ms: percentiles of per-question latency; answer_length_p50: median
  answer length in characters over all questions.
Every float is rounded to 6 decimals, so a recomputation agrees exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eval import metrics as m

DIGITS = 6

# The report's metric names, in display order, with a one-line definition each.
METRICS: dict[str, str] = {
    "hit@1": "every evidence item covered by the top passage (answerable questions)",
    "hit@3": "every evidence item covered within the top 3 passages",
    "hit@5": "every evidence item covered within the top 5 passages",
    "mrr": "mean reciprocal rank of the first k that is a hit",
    "ndcg@5": "nDCG@5, one unit of gain per evidence item",
    "answer_accuracy": "every must_include string in the answer (case/diacritic-insensitive)",
    "token_f1": "token F1 against the reference answer (folded syllables)",
    "citation_coverage": "every evidence item covered by a citation quote",
    "citation_precision": "share of citations from an evidence document (pooled)",
    "verbatim_rate": "share of citation quotes equal to document_text[start:end] (pooled)",
    "refusal_precision": "refused questions that were unanswerable",
    "refusal_recall": "unanswerable questions that were refused",
    "refusal_f1": "harmonic mean of refusal precision and recall",
    "false_refusal_rate": "answerable questions that were refused (lower is better)",
    "latency_p50_ms": "median latency per question, ms (lower is better)",
    "latency_p95_ms": "95th percentile latency, ms (lower is better)",
}
EXTRA_METRICS: dict[str, str] = {
    "citation_coverage_passage": "looser coverage: the citation's quote or its passage covers each evidence item",
    "answer_length_p50": "median answer length, characters (lower is better)",
    "short_answer_rate": "answered answerable questions whose answer opens with a short fact",
    "short_answer_precision": "short facts that hold or are part of a must_include string",
}
LOWER_IS_BETTER = frozenset({"false_refusal_rate", "latency_p50_ms", "latency_p95_ms", "answer_length_p50"})
_MEAN_OVER_ANSWERABLE = (
    "hit@1", "hit@3", "hit@5", "mrr", "ndcg@5", "answer_accuracy", "token_f1", "citation_coverage",
    "citation_coverage_passage", "short_answer_precision",
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), DIGITS)


def aggregate(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The report's metrics for a list of per-question records."""
    answerable = [r for r in records if r["answerable"]]
    out: dict[str, Any] = {}
    for name in _MEAN_OVER_ANSWERABLE:
        out[name] = m.mean(r["metrics"].get(name) for r in answerable)  # .get: older records lack newer terms
    out["short_answer_rate"] = m.mean(r["metrics"].get("short_answer") for r in answerable)
    cited = sum(r["metrics"]["n_citations"] for r in answerable)
    from_evidence = sum(r["metrics"]["n_citations_from_evidence"] for r in answerable)
    out["citation_precision"] = from_evidence / cited if cited else None
    all_cited = sum(r["metrics"]["n_citations"] for r in records)
    verbatim = sum(r["metrics"]["n_verbatim"] for r in records)
    out["verbatim_rate"] = verbatim / all_cited if all_cited else None
    out.update(m.refusal_scores([r["answerable"] for r in records], [r["metrics"]["refused"] for r in records]))
    latencies = [r["latency_ms"] for r in records]
    out["latency_p50_ms"] = m.percentile(latencies, 50)
    out["latency_p95_ms"] = m.percentile(latencies, 95)
    out["answer_length_p50"] = m.percentile([r["metrics"]["answer_length"] for r in records], 50)
    ordered = {name: _round(out[name]) for name in (*METRICS, *EXTRA_METRICS)}
    ordered["questions"] = len(records)
    ordered["answerable"] = len(answerable)
    ordered["citations"] = all_cited
    ordered["errors"] = sum(1 for r in records if r.get("error"))
    return ordered


def by_tag(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`aggregate` restricted to the questions carrying each tag (tags sorted by name)."""
    tags = sorted({t for r in records for t in r["tags"]})
    return {tag: aggregate([r for r in records if tag in r["tags"]]) for tag in tags}
