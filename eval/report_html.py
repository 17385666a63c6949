"""report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) that opens offline."""

from __future__ import annotations

from html import escape
from typing import Any

from eval.charts import bar_chart, histogram
from eval.report_md import TAG_COLUMNS, fmt
from eval.worst import worst_questions

CHART_METRICS = {
    "qa": ("hit@1", "hit@5", "mrr", "answer_accuracy", "token_f1", "citation_coverage", "citation_precision", "verbatim_rate"),
    "alqac": ("r@1", "r@5", "r@10", "mrr@10", "f2"),
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#1d232a;padding:0 12px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #d6dbe0;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f1f4f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:18px}.chart{background:#fbfcfd;border:1px solid #e3e7eb}
.chart-title{font-size:12px;font-weight:600}.chart-label,.chart-value,.chart-na{font-size:11px}.chart-na{fill:#888}
.chart-track{fill:#eef1f4}.chart-axis{stroke:#777}.meta{color:#555;font-size:13px}
details{margin:4px 0}summary{cursor:pointer}
"""


def _table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for cell in row:
            numeric = isinstance(cell, (int, float)) and not isinstance(cell, bool) or cell is None
            text = fmt(cell) if numeric else str(cell)
            cells.append(f'<td class="num">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _question_rows(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    if report.get("kind") == "alqac":
        header = ["id", "question", "relevant", "top 3", "r@1", "r@10", "mrr@10"]
        rows = [[r["id"], r["question"], ", ".join(r["relevant"]), ", ".join(r["ranked"][:3]), r["metrics"]["r@1"],
                 r["metrics"]["r@10"], r["metrics"]["mrr@10"]] for r in report["questions"]]
        return header, rows
    header = ["id", "tags", "found", "answer", "hit@1", "hit@5", "accuracy", "coverage", "citations", "ms"]
    rows = [[r["id"], ", ".join(r["tags"]), str(r["found"]).lower(), r["answer"], r["metrics"]["hit@1"], r["metrics"]["hit@5"],
             r["metrics"]["answer_accuracy"], r["metrics"]["citation_coverage"], r["metrics"]["n_citations"], r["latency_ms"]]
            for r in report["questions"]]
    return header, rows


def render(report: dict[str, Any]) -> str:
    kind = report.get("kind", "qa")
    title = report.get("title", "Evaluation report")
    metrics, by_tag = report["metrics"], report.get("by_tag", {})
    definitions = report.get("definitions", {})
    html = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{_CSS}</style></head><body>']
    html.append(f"<h1>{escape(title)}</h1>")
    meta = report.get("meta", {})
    html.append('<p class="meta">' + "<br>".join(f"{escape(str(k))}: {escape(fmt(v))}" for k, v in meta.items() if not isinstance(v, dict)) + "</p>")

    html.append("<h2>Metrics</h2>")
    html.append(_table(["metric", "value", "definition"], [[n, v, definitions.get(n, "")] for n, v in metrics.items()]))

    html.append("<h2>Charts</h2><div class=\"charts\">")
    labels = ["all", *by_tag]
    for name in CHART_METRICS.get(kind, ()):
        if name in metrics:
            values = [metrics[name]] + [by_tag[t].get(name) for t in by_tag]
            html.append(bar_chart(f"{name} by tag", labels, values, maximum=1.0))
    latencies = [r["latency_ms"] for r in report["questions"] if r.get("latency_ms") is not None]
    html.append(histogram("latency per question", latencies))
    html.append("</div>")

    if by_tag:
        columns = [c for c in TAG_COLUMNS.get(kind, ()) if c in metrics]
        rows = [["all", metrics.get("questions"), *(metrics[c] for c in columns)]]
        rows += [[tag, values.get("questions"), *(values.get(c) for c in columns)] for tag, values in by_tag.items()]
        html.append("<h2>By tag</h2>" + _table(["tag", "n", *columns], rows))

    if report.get("judge"):
        judge = report["judge"]
        html.append("<h2>LLM judge (separate from the deterministic metrics)</h2>")
        html.append(_table(["metric", "value"], [[k, v] for k, v in judge.get("metrics", {}).items()]))

    worst = worst_questions(report)
    html.append(f"<h2>Worst {len(worst)} questions</h2>")
    if worst:
        html.append(_table(["id", "question", "expected", "got", "why"], [[w["id"], w["question"], w["expected"], w["got"], w["why"]] for w in worst]))
    else:
        html.append("<p>Every question was right.</p>")

    header, rows = _question_rows(report)
    html.append(f"<h2>All questions</h2><details><summary>{len(rows)} questions</summary>{_table(header, rows)}</details>")
    html.append("</body></html>")
    return "".join(html)
