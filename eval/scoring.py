"""One question's outcome → its per-question record, with every per-question metric.

The record is what `report.json` stores under "questions"; `eval.aggregate` computes the
report's numbers from these records alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eval import metrics as m
from eval.dataset import DocumentTexts, EvalItem

RETRIEVAL_KS = (1, 3, 5)
NDCG_K = 5


@dataclass
class Outcome:
    """What the assistant returned for one question (API JSON shapes, as plain dicts)."""

    answer: str
    found: bool
    mode: str
    citations: list[dict[str, Any]]  # assistant.schemas.Citation fields
    retrieved: list[dict[str, Any]]  # vectorstore SearchResult.to_json() fields, best first
    latency_ms: float
    timings_ms: dict[str, float] = field(default_factory=dict)
    notice: str | None = None
    error: str | None = None
    short_answer: str | None = None  # the fact put first, when the answer opens with one

    @classmethod
    def failed(cls, error: str, latency_ms: float) -> "Outcome":
        """A question whose call failed: scored as a wrong, refused, uncited answer."""
        return cls(answer="", found=False, mode="error", citations=[], retrieved=[], latency_ms=latency_ms, error=error)


def question_metrics(item: EvalItem, outcome: Outcome, texts: DocumentTexts) -> dict[str, Any]:
    """Every per-question metric (None where it does not apply to this question)."""
    passages = [m.Passage(r["source"], r["text"]) for r in outcome.retrieved]
    cited = [m.CitedSpan(c["source"], c["quote"], c.get("passage", "")) for c in outcome.citations]
    values: dict[str, Any] = {}
    if item.answerable:
        ranks = m.evidence_ranks(passages, item.evidence)
        for k in RETRIEVAL_KS:
            values[f"hit@{k}"] = m.hit_at_k(ranks, k)
        values["mrr"] = m.reciprocal_rank(ranks)
        values[f"ndcg@{NDCG_K}"] = m.ndcg_at_k(ranks, NDCG_K)
        values["evidence_ranks"] = ranks
        values["answer_accuracy"] = m.answer_accuracy(outcome.answer, item.must_include)
        values["token_f1"] = m.token_f1(outcome.answer, item.answer) if item.answer.strip() else None
        values["citation_coverage"] = m.citation_coverage(cited, item.evidence)
        values["citation_coverage_passage"] = m.citation_coverage(cited, item.evidence, by_passage=True)
        values["n_citations_from_evidence"] = m.citations_from_evidence(cited, item.evidence_docs)
        values["citation_precision"] = values["n_citations_from_evidence"] / len(cited) if cited else None
        short = outcome.short_answer if outcome.found else None
        values["short_answer"] = short is not None if outcome.found else None
        values["short_answer_precision"] = m.short_answer_holds_fact(short, item.must_include) if short else None
    else:
        for name in (*(f"hit@{k}" for k in RETRIEVAL_KS), "mrr", f"ndcg@{NDCG_K}", "answer_accuracy", "token_f1"):
            values[name] = None
        values["evidence_ranks"] = []
        values["citation_coverage"] = values["citation_coverage_passage"] = None
        values["n_citations_from_evidence"] = values["citation_precision"] = None
        values["short_answer"] = values["short_answer_precision"] = None
    values["n_citations"] = len(cited)
    values["n_verbatim"] = sum(
        1 for c in outcome.citations if m.is_verbatim(c["quote"], texts.text(c["doc_id"]), c["start"], c["end"])
    )
    values["answer_length"] = m.answer_length(outcome.answer)
    values["refused"] = not outcome.found
    return values


def build_record(item: EvalItem, outcome: Outcome, texts: DocumentTexts) -> dict[str, Any]:
    """The per-question record of report.json: what was asked, expected, returned, and its metrics."""
    return {
        "id": item.id,
        "question": item.question,
        "history": [dict(t) for t in item.history],
        "tags": list(item.tags),
        "answerable": item.answerable,
        "expected_answer": item.answer,
        "must_include": list(item.must_include),
        "evidence": [{"doc": e.doc, "quote": e.quote} for e in item.evidence],
        "answer": outcome.answer,
        "short_answer": outcome.short_answer,
        "found": outcome.found,
        "mode": outcome.mode,
        "notice": outcome.notice,
        "citations": outcome.citations,
        "retrieved": outcome.retrieved,
        "latency_ms": outcome.latency_ms,
        "timings_ms": outcome.timings_ms,
        "error": outcome.error,
        "metrics": question_metrics(item, outcome, texts),
    }


def is_right(record: dict[str, Any]) -> bool:
    """A question is right when it behaves as the gold says: an answerable one is answered with every
    must_include string (and, without must_include, every evidence item cited); an unanswerable one
    is refused."""
    q = record["metrics"]
    if not record["answerable"]:
        return bool(q["refused"])
    if q["refused"]:
        return False
    if q["answer_accuracy"] is not None:
        return q["answer_accuracy"] == 1.0
    return q["citation_coverage"] == 1.0


def badness(record: dict[str, Any]) -> float:
    """How wrong a question went (for 'worst questions' lists): 0 is perfect, higher is worse."""
    q = record["metrics"]
    score = 0.0 if is_right(record) else 3.0
    if record["answerable"]:
        score += (1 - (q["mrr"] or 0.0)) + (1 - (q["citation_coverage"] or 0.0)) + (1 - (q["token_f1"] or 0.0))
        if q["n_citations"]:
            score += 1 - q["n_verbatim"] / q["n_citations"]
    if record.get("error"):
        score += 5.0
    return score
