"""report.md: the numbers, the numbers by tag, and the worst questions, as Markdown tables."""

from __future__ import annotations

from typing import Any

from eval.worst import worst_questions

# Columns of the by-tag table (the full set is in report.json).
TAG_COLUMNS = {
    "qa": ("hit@1", "hit@5", "mrr", "answer_accuracy", "token_f1", "citation_coverage", "citation_precision",
           "verbatim_rate", "refusal_recall", "false_refusal_rate", "latency_p50_ms"),
    "alqac": ("r@1", "r@5", "r@10", "mrr@10", "f2"),
}


def fmt(value: Any) -> str:
    """Numbers as people read them: rates with 3 decimals, milliseconds and counts rounded."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def render(report: dict[str, Any]) -> str:
    kind = report.get("kind", "qa")
    meta = report.get("meta", {})
    definitions = report.get("definitions", {})
    out = [f"# {report.get('title', 'Evaluation report')}", ""]
    out += [f"- {key}: {fmt(value)}" for key, value in meta.items() if not isinstance(value, dict)]
    out += ["", "## Metrics", ""]
    rows = [[name, fmt(value), definitions.get(name, "")] for name, value in report["metrics"].items()]
    out += _table(["metric", "value", "definition"], rows)
    if report.get("by_tag"):
        columns = [c for c in TAG_COLUMNS.get(kind, ()) if c in report["metrics"]]
        out += ["", "## By tag", ""]
        count_key = "questions"
        rows = [["**all**", fmt(report["metrics"].get(count_key))] + [fmt(report["metrics"][c]) for c in columns]]
        for tag, values in report["by_tag"].items():
            rows.append([tag, fmt(values.get(count_key))] + [fmt(values.get(c)) for c in columns])
        out += _table(["tag", "n", *columns], rows)
    if report.get("judge"):
        out += ["", "## LLM judge (separate from the deterministic metrics)", ""]
        judge = report["judge"]
        out += _table(["metric", "value"], [[k, fmt(v)] for k, v in judge.get("metrics", {}).items()])
    worst = worst_questions(report)
    out += ["", f"## Worst {len(worst)} questions", ""]
    if worst:
        out += _table(["id", "question", "expected", "got", "why"], [[w["id"], w["question"], w["expected"], w["got"], w["why"]] for w in worst])
    else:
        out.append("Every question was right.")
    return "\n".join(out) + "\n"
