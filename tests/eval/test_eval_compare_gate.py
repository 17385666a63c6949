"""`tinhgon eval --compare` and `--fail-under` / `--fail-over`: deltas, right → wrong, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import TinhGonError
from eval.gate import parse_bounds, violations
from eval.report_files import write_reports
from eval.runner import run_items
from eval_scripted import ScriptedBackend, first_run_outcomes, second_run_outcomes

runner = CliRunner()


@pytest.fixture
def two_runs(tmp_path, scripted_items, scripted_dataset):
    old, new = tmp_path / "old", tmp_path / "new"
    write_reports(old, run_items(scripted_items, ScriptedBackend(first_run_outcomes()), dataset=scripted_dataset, progress=False))
    write_reports(new, run_items(scripted_items, ScriptedBackend(second_run_outcomes()), dataset=scripted_dataset, progress=False))
    return old, new


def test_compare_prints_and_writes_deltas_and_regressions(two_runs):
    old, new = two_runs
    result = runner.invoke(app, ["eval", "--compare", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "| answer_accuracy | 1.000 | 0.750 | -0.250 ▼ |" in result.output
    assert "| refusal_recall | 0.500 | 1.000 | +0.500 ▲ |" in result.output
    comparison = json.loads((new / "compare.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in comparison["right_to_wrong"]] == ["n1"]
    assert [q["id"] for q in comparison["wrong_to_right"]] == ["u2"]
    assert comparison["metrics"]["verbatim_rate"]["change"] == "worse"
    assert comparison["metrics"]["latency_p50_ms"]["change"] == "better"  # lower latency is better
    md = (new / "compare.md").read_text(encoding="utf-8")
    assert "## Right → wrong (1)" in md and "| n1 |" in md


def test_compare_subcommand_writes_where_asked(two_runs, tmp_path):
    old, new = two_runs
    result = runner.invoke(app, ["eval", "compare", str(old), str(new), "--report", str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cmp" / "compare.md").is_file()


def test_fail_under_exit_codes(two_runs):
    old, new = two_runs
    ok = runner.invoke(app, ["eval", "--compare", str(old), str(new), "--fail-under", "citation_precision=1", "--fail-under", "refusal_recall=1"])
    assert ok.exit_code == 0, ok.output
    assert "all 2 bound(s) met" in ok.output
    bad = runner.invoke(app, ["eval", "--compare", str(old), str(new), "--fail-under", "hit@5=0.98", "--fail-under", "answer_accuracy=0.85",
                              "--fail-under", "verbatim_rate=1.0", "--fail-over", "latency_p95_ms=10", "--fail-under", "citation_precision=0.8"])
    assert bad.exit_code == 1
    assert "FAILED 4 of 5 bound(s)" in bad.output
    assert "answer_accuracy = 0.75, required answer_accuracy >= 0.85" in bad.output
    assert "hit@5 = 0.75, required hit@5 >= 0.98" in bad.output
    assert "verbatim_rate" in bad.output and "latency_p95_ms" in bad.output and "citation_precision =" not in bad.output


def test_bad_bounds_are_usage_errors(two_runs):
    old, new = two_runs
    unknown = runner.invoke(app, ["eval", "--compare", str(old), str(new), "--fail-under", "hit@7=0.9"])
    assert unknown.exit_code == 2 and "unknown metric 'hit@7'" in unknown.output
    malformed = runner.invoke(app, ["eval", "--compare", str(old), str(new), "--fail-under", "hit@5"])
    assert malformed.exit_code == 2 and "expected METRIC=VALUE" in malformed.output


def test_missing_report_dir_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["eval", "--compare", str(tmp_path / "a"), str(tmp_path / "b")])
    assert result.exit_code == 2 and "no report here" in result.output


def test_dataset_errors_exit_2_naming_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "question": "", "answerable": false}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(bad), "--report", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "bad.jsonl:1: field 'question': must not be empty" in result.output


@pytest.mark.parametrize(
    ("specs", "floor", "metrics", "broken"),
    [
        (["hit@1=0.85"], True, {"hit@1": 0.85}, []),
        (["hit@1=0.85"], True, {"hit@1": 0.849}, ["hit@1 = 0.849, required hit@1 >= 0.85"]),
        (["hit@1=0.85"], True, {"hit@1": None}, ["hit@1 is n/a (nothing to measure), required hit@1 >= 0.85"]),
        (["latency_p50_ms=100"], False, {"latency_p50_ms": 120.0}, ["latency_p50_ms = 120, required latency_p50_ms <= 100"]),
    ],
)
def test_violations(specs, floor, metrics, broken):
    assert violations(metrics, parse_bounds(specs, floor=floor, known=list(metrics))) == broken


def test_parse_bounds_rejects_non_numbers():
    with pytest.raises(TinhGonError, match="'high' is not a number"):
        parse_bounds(["hit@1=high"], floor=True, known=["hit@1"])


def test_help_documents_the_four_forms():
    result = runner.invoke(app, ["eval", "--help"])
    assert result.exit_code == 0
    for form in ("eval DATASET --report DIR", "eval --compare OLD_DIR NEW_DIR", "eval alqac --corpus", "eval export-feedback --out"):
        assert form in result.output, form
