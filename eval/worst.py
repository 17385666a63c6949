"""The worst questions of a report, with what was expected and what came back (for md and html)."""

from __future__ import annotations

from typing import Any

from eval.scoring import badness

WORST_N = 10


def _clip(text: str, n: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def worst_questions(report: dict[str, Any], n: int = WORST_N) -> list[dict[str, str]]:
    """Up to n rows {id, question, expected, got, why}, worst first; only questions with something wrong."""
    if report.get("kind") == "alqac":
        return _worst_alqac(report["questions"], n)
    scored = sorted(report["questions"], key=lambda r: (-badness(r), r["id"]))
    rows = []
    for record in scored:
        if badness(record) == 0:
            break
        rows.append(_qa_row(record))
        if len(rows) == n:
            break
    return rows


def _qa_row(record: dict[str, Any]) -> dict[str, str]:
    q = record["metrics"]
    if record["answerable"]:
        expected = f"{_clip(record['expected_answer'], 160)} | must include: {', '.join(record['must_include']) or '—'}"
        expected += " | evidence: " + "; ".join(f"{e['doc']}: “{_clip(e['quote'], 80)}”" for e in record["evidence"])
    else:
        expected = "refusal (found = false)"
    cited = ", ".join(f"[{c['n']}] {c['source']}" for c in record["citations"]) or "no citation"
    got = f"found={str(record['found']).lower()}: {_clip(record['answer'])} | {cited}"
    why = []
    if record.get("error"):
        why.append(f"error: {_clip(record['error'], 120)}")
    if record["answerable"]:
        if q["refused"]:
            why.append("refused")
        if q["answer_accuracy"] == 0.0:
            why.append("must_include missing")
        if q["hit@5"] == 0.0:
            why.append("evidence not in top 5")
        elif q["hit@1"] == 0.0:
            why.append(f"evidence at rank {max(r for r in q['evidence_ranks'] if r)}")
        if q["citation_coverage"] == 0.0:
            why.append("evidence not cited")
    elif not q["refused"]:
        why.append("answered an unanswerable question")
    if q["n_citations"] and q["n_verbatim"] < q["n_citations"]:
        why.append(f"{q['n_citations'] - q['n_verbatim']} non-verbatim quote(s)")
    return {"id": record["id"], "question": _clip(record["question"], 160), "expected": expected, "got": got, "why": "; ".join(why) or "low scores"}


def _worst_alqac(records: list[dict[str, Any]], n: int) -> list[dict[str, str]]:
    scored = sorted(records, key=lambda r: (r["metrics"]["mrr@10"], r["metrics"]["r@10"], r["id"]))
    rows = []
    for record in scored[:n]:
        if record["metrics"]["mrr@10"] == 1.0:
            break
        top = ", ".join(record["ranked"][:3]) or "nothing"
        rows.append({
            "id": record["id"],
            "question": _clip(record["question"], 160),
            "expected": ", ".join(record["relevant"]),
            "got": f"top 3: {top}",
            "why": f"first relevant at rank {record['metrics']['first_relevant_rank'] or '>10'}",
        })
    return rows
