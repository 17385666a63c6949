"""ALQAC benchmark: metric tables, and `tinhgon eval alqac` end to end on a slice of the real corpus."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import DatasetError
from eval.alqac import aggregate, load_questions, question_metrics, rank_articles
from eval.report_files import load_report

runner = CliRunner()


def test_rank_articles_keeps_best_passage_order():
    assert rank_articles(["L#2", "L#2", "L#7", "L#2", "L#1"], 2) == ["L#2", "L#7"]
    assert rank_articles([], 10) == []


@pytest.mark.parametrize(
    ("ranked", "relevant", "expected"),
    [
        (["a", "b"], ["a"], {"r@1": 1.0, "r@5": 1.0, "r@10": 1.0, "mrr@10": 1.0, "f2": 1.0, "first_relevant_rank": 1}),
        (["b", "a"], ["a"], {"r@1": 0.0, "r@5": 1.0, "r@10": 1.0, "mrr@10": 0.5, "f2": 0.0, "first_relevant_rank": 2}),
        # two relevant articles, top-1 right: P = 1, R = 0.5, F2 = 5·0.5 / (4 + 0.5)
        (["a", "x", "y", "z", "w", "b"], ["a", "b"], {"r@1": 0.5, "r@5": 0.5, "r@10": 1.0, "mrr@10": 1.0, "f2": 2.5 / 4.5, "first_relevant_rank": 1}),
        ([f"x{i}" for i in range(10)] + ["a"], ["a"], {"r@1": 0.0, "r@5": 0.0, "r@10": 0.0, "mrr@10": 0.0, "f2": 0.0, "first_relevant_rank": None}),
    ],
)
def test_question_metrics(ranked, relevant, expected):
    got = question_metrics(ranked, relevant)
    for key, value in expected.items():
        assert got[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_aggregate_is_the_macro_average():
    records = [{"metrics": question_metrics(["a"], ["a"]), "latency_ms": 10.0}, {"metrics": question_metrics(["b", "a"], ["a"]), "latency_ms": 30.0}]
    got = aggregate(records)
    assert got["r@1"] == 0.5 and got["mrr@10"] == 0.75 and got["f2"] == 0.5 and got["latency_p50_ms"] == 20.0 and got["questions"] == 2


def test_load_questions_names_bad_lines(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "1", "question": "Hỏi?", "relevant": ["L#1"]}\n{"id": "2", "question": "", "relevant": []}\n', encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        load_questions(path)
    assert "q.jsonl:2: field 'question'" in str(err.value) and "q.jsonl:2: field 'relevant'" in str(err.value)


@pytest.fixture(scope="module")
def legal_slice(shared_dir, tmp_path_factory):
    """Three verified questions, their gold articles and a few articles of the same laws as distractors."""
    bench = shared_dir / "bench" / "alqac"
    texts = {json.loads(line)["id"]: len(json.loads(line)["text"]) for line in (bench / "law.jsonl").read_text(encoding="utf-8").splitlines()}
    all_questions = [json.loads(line) for line in (bench / "questions_verified.jsonl").read_text(encoding="utf-8").splitlines()]
    questions = [q for q in all_questions if all(texts[r] < 1500 for r in q["relevant"])][:3]  # short articles: a quick index
    wanted = {r for q in questions for r in q["relevant"]}
    laws = {r.split("#")[0] for r in wanted}
    articles, distractors = [], 0
    for line in (bench / "law.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] in wanted:
            articles.append(line)
        elif record["id"].split("#")[0] in laws and distractors < 3 and len(record["text"]) < 1500:
            articles.append(line)
            distractors += 1
    folder = tmp_path_factory.mktemp("alqac")
    (folder / "law.jsonl").write_text("\n".join(articles) + "\n", encoding="utf-8")
    (folder / "q.jsonl").write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions) + "\n", encoding="utf-8")
    return folder, len(articles)


def test_alqac_end_to_end(legal_slice):
    folder, n_articles = legal_slice
    args = ["eval", "alqac", "--corpus", str(folder / "law.jsonl"), "--questions", str(folder / "q.jsonl"), "--data-dir", str(folder / "index"),
            "--report", str(folder / "report"), "--no-progress"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    report = load_report(folder / "report")
    assert report["kind"] == "alqac" and report["meta"]["articles"] == n_articles and report["meta"]["index_reused"] is False
    assert set(report["metrics"]) >= {"r@1", "r@5", "r@10", "mrr@10", "f2", "latency_p50_ms", "latency_p95_ms"}
    for record in report["questions"]:
        assert len(record["ranked"]) == min(10, n_articles) and len(set(record["ranked"])) == len(record["ranked"])
        assert record["metrics"]["r@10"] == 1.0  # fewer than ten articles: every one is ranked
    html = (folder / "report" / "report.html").read_text(encoding="utf-8")
    assert "r@1 by tag" in html and "http" not in html.lower()
    assert "| r@10 | 1.000 |" in (folder / "report" / "report.md").read_text(encoding="utf-8")
    again = runner.invoke(app, args + ["--fail-under", "r@10=1.0", "--fail-over", "r@1=-1"])  # reuses the index
    assert again.exit_code == 1 and "r@1 = " in again.output and "r@10" not in again.output.split("FAILED", 1)[1]
    second = load_report(folder / "report")
    assert second["meta"]["index_reused"] is True and second["metrics"]["r@1"] == report["metrics"]["r@1"]


def test_alqac_unknown_relevant_article_is_an_error(legal_slice, tmp_path):
    folder, _ = legal_slice
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "x", "question": "Hỏi gì?", "relevant": ["Luật Không Có#1"]}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "alqac", "--corpus", str(folder / "law.jsonl"), "--questions", str(questions),
                                 "--data-dir", str(folder / "index"), "--no-progress"])
    assert result.exit_code == 2 and "not in the corpus index: Luật Không Có#1" in result.output
