"""Reports: written, self-contained, and recomputable exactly from their own per-question records."""

from __future__ import annotations

import json
import re

import pytest

from eval_recompute import REQUIRED, recompute
from eval.report_files import REPORT_HTML, REPORT_JSON, REPORT_MD, load_report, write_reports
from eval.runner import run_items
from eval_scripted import DOC_A, DOC_B, ScriptedBackend, first_run_outcomes

TEXTS = {"a": DOC_A, "b": DOC_B}


@pytest.fixture
def report_dir(tmp_path, scripted_items, scripted_dataset):
    report = run_items(scripted_items, ScriptedBackend(first_run_outcomes()), dataset=scripted_dataset, progress=False)
    write_reports(tmp_path / "out", report)
    return tmp_path / "out"


def test_three_files_with_the_required_shape(report_dir):
    for name in (REPORT_JSON, REPORT_MD, REPORT_HTML):
        assert (report_dir / name).stat().st_size > 0
    report = json.loads((report_dir / REPORT_JSON).read_text(encoding="utf-8"))
    assert set(REQUIRED) <= set(report["metrics"])
    assert {"metrics", "by_tag", "questions"} <= set(report)
    assert set(report["by_tag"]) == {"numeric", "person", "follow-up", "list", "multi-doc", "unanswerable"}
    for record in report["questions"]:
        assert {"id", "question", "answer", "found", "mode", "citations", "retrieved", "latency_ms", "metrics"} <= set(record)
    assert load_report(report_dir)["metrics"] == report["metrics"]


def test_hand_computed_values(report_dir):
    metrics = load_report(report_dir)["metrics"]
    expected = {
        "hit@1": 0.5, "hit@3": 1.0, "hit@5": 1.0, "mrr": round((1 + 0.5 + 1 + 1 / 3) / 4, 6), "answer_accuracy": 1.0,
        "citation_coverage": 0.75, "citation_precision": 1.0, "verbatim_rate": 1.0, "refusal_precision": 1.0,
        "refusal_recall": 0.5, "refusal_f1": round(2 / 3, 6), "false_refusal_rate": 0.0, "latency_p50_ms": 47.75,
    }
    assert {k: metrics[k] for k in expected} == expected


def test_metrics_recompute_exactly_from_raw_fields(report_dir):
    report = load_report(report_dir)
    assert recompute(report["questions"], TEXTS) == {k: report["metrics"][k] for k in REQUIRED}


def test_by_tag_recomputes_from_the_same_records(report_dir):
    report = load_report(report_dir)
    for tag, values in report["by_tag"].items():
        subset = [r for r in report["questions"] if tag in r["tags"]]
        assert recompute(subset, TEXTS) == {k: values[k] for k in REQUIRED}, tag
    assert report["by_tag"]["numeric"]["refusal_recall"] is None  # no unanswerable question carries that tag
    assert report["by_tag"]["unanswerable"]["refusal_recall"] == 0.5


def test_aggregate_recomputes_from_per_question_metrics(report_dir):
    """The report's means and pooled rates come from the per-question metric fields alone."""
    report = load_report(report_dir)
    qs = report["questions"]
    answerable = [q for q in qs if q["answerable"]]
    for name in ("hit@1", "hit@3", "hit@5", "mrr", "ndcg@5", "token_f1", "citation_coverage"):
        values = [q["metrics"][name] for q in answerable if q["metrics"][name] is not None]
        assert report["metrics"][name] == round(sum(values) / len(values), 6), name
    pooled = sum(q["metrics"]["n_citations_from_evidence"] for q in answerable) / sum(q["metrics"]["n_citations"] for q in answerable)
    assert report["metrics"]["citation_precision"] == round(pooled, 6)


def test_markdown_has_tables_and_worst_questions(report_dir):
    md = (report_dir / REPORT_MD).read_text(encoding="utf-8")
    assert "| hit@1 | 0.500 |" in md
    assert "## By tag" in md and "| follow-up |" in md
    worst = md.split("## Worst", 1)[1]
    assert "u2" in worst and "answered an unanswerable question" in worst
    assert "m1" in worst and "evidence not cited" in worst


def test_html_is_self_contained(report_dir):
    html = (report_dir / REPORT_HTML).read_text(encoding="utf-8")
    assert html.count("<svg") >= 9  # eight metric charts by tag and the latency histogram
    assert "latency per question" in html and "hit@1 by tag" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "http" not in html.lower()  # not even an SVG namespace: nothing that could be fetched
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
