"""An independent recomputation of the report's metrics from the raw per-question fields (tests only)."""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter

import numpy as np

from eval.evidence import covers

REQUIRED = ["hit@1", "hit@3", "hit@5", "mrr", "ndcg@5", "answer_accuracy", "token_f1", "citation_coverage", "citation_precision",
            "verbatim_rate", "refusal_precision", "refusal_recall", "refusal_f1", "false_refusal_rate", "latency_p50_ms", "latency_p95_ms"]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _tokens(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,/-]\d+)*|\w+", _fold(text))


def _f1(a: str, b: str) -> float:
    ca, cb = Counter(_tokens(a)), Counter(_tokens(b))
    common = sum((ca & cb).values())
    if not ca or not cb:
        return float(ca == cb)
    if not common:
        return 0.0
    p, r = common / sum(ca.values()), common / sum(cb.values())
    return 2 * p * r / (p + r)


def _first_rank(retrieved, ev):
    for i, r in enumerate(retrieved, start=1):
        if covers(r["source"], r["text"], ev["doc"], ev["quote"]):
            return i
    return None


def _ndcg5(ranks):
    found = sorted(r for r in ranks if r is not None and r <= 5)
    dcg = sum(1 / math.log2(max(r, j) + 1) for j, r in enumerate(found, start=1) if max(r, j) <= 5)
    return dcg / sum(1 / math.log2(j + 1) for j in range(1, min(len(ranks), 5) + 1))


def _ratio(num, den):
    return num / den if den else None


def recompute(records, texts: dict[str, str]) -> dict:
    """The report's metrics from raw per-question fields, written independently of eval.metrics/aggregate."""
    answerable = [r for r in records if r["answerable"]]
    per = {"hit@1": [], "hit@3": [], "hit@5": [], "mrr": [], "ndcg@5": [], "answer_accuracy": [], "token_f1": [], "citation_coverage": []}
    cited = from_evidence = 0
    for r in answerable:
        ranks = [_first_rank(r["retrieved"], ev) for ev in r["evidence"]]
        for k in (1, 3, 5):
            per[f"hit@{k}"].append(float(all(x is not None and x <= k for x in ranks)))
        per["mrr"].append(0.0 if None in ranks else 1 / max(ranks))
        per["ndcg@5"].append(_ndcg5(ranks))
        if r["must_include"]:
            per["answer_accuracy"].append(float(all(_fold(s) in _fold(r["answer"]) for s in r["must_include"])))
        per["token_f1"].append(_f1(r["answer"], r["expected_answer"]))
        per["citation_coverage"].append(float(all(any(covers(c["source"], c["quote"], ev["doc"], ev["quote"]) for c in r["citations"])
                                                  for ev in r["evidence"])))
        docs = {ev["doc"] for ev in r["evidence"]}
        cited += len(r["citations"])
        from_evidence += sum(c["source"] in docs for c in r["citations"])
    out = {name: statistics.fmean(values) if values else None for name, values in per.items()}
    out["citation_precision"] = _ratio(from_evidence, cited)
    all_citations = [c for r in records for c in r["citations"]]
    out["verbatim_rate"] = _ratio(sum(texts[c["doc_id"]][c["start"]:c["end"]] == c["quote"] for c in all_citations), len(all_citations))
    refused = [not r["found"] for r in records]
    unanswerable = [not r["answerable"] for r in records]
    tp = sum(a and b for a, b in zip(refused, unanswerable))
    p, rc = _ratio(tp, sum(refused)), _ratio(tp, sum(unanswerable))
    out.update(refusal_precision=p, refusal_recall=rc, refusal_f1=None if p is None or rc is None else (2 * p * rc / (p + rc) if p + rc else 0.0),
               false_refusal_rate=_ratio(sum(a and not b for a, b in zip(refused, unanswerable)), len(answerable)))
    latencies = [r["latency_ms"] for r in records]
    out["latency_p50_ms"] = float(np.percentile(latencies, 50))
    out["latency_p95_ms"] = float(np.percentile(latencies, 95))
    return {k: None if v is None else round(v, 6) for k, v in out.items()}


