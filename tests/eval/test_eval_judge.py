"""The optional LLM judge, with LangChain's fake chat models (no server, no network)."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from eval.judge import judge_records, parse_correctness, parse_faithfulness
from eval.report_files import write_reports
from eval.runner import run_items
from eval_scripted import ScriptedBackend, first_run_outcomes


@pytest.mark.parametrize(
    ("reply", "score"),
    [('{"claims": 4, "supported": 3}', 0.75), ('Kết quả: {"claims": 2, "supported": 2} xong', 1.0), ('{"claims": 0, "supported": 0}', 1.0)],
)
def test_parse_faithfulness(reply, score):
    assert parse_faithfulness(reply) == score


@pytest.mark.parametrize("reply", ["không biết", '{"claims": 1, "supported": 3}', '{"claims": "x"}'])
def test_parse_faithfulness_rejects_bad_replies(reply):
    with pytest.raises((ValueError, KeyError)):
        parse_faithfulness(reply)


@pytest.mark.parametrize(("reply", "score"), [('{"verdict": "correct"}', 1.0), ('{"verdict": "Partial"}', 0.5), ('{"verdict": "incorrect"}', 0.0)])
def test_parse_correctness(reply, score):
    assert parse_correctness(reply) == score


def test_judge_section_is_separate_and_tolerates_bad_replies(scripted_items, scripted_dataset, tmp_path):
    report = run_items(scripted_items, ScriptedBackend(first_run_outcomes()), dataset=scripted_dataset, progress=False)
    # Order of calls: per question, faithfulness (answered with citations) then correctness (answerable).
    # n1, p1, f1, m1: both; u1: none (refused, unanswerable); u2: faithfulness only (answered, unanswerable).
    replies = [
        '{"claims": 1, "supported": 1}', '{"verdict": "correct"}',  # n1
        '{"claims": 2, "supported": 1}', '{"verdict": "partial"}',  # p1
        "tôi không chắc", '{"verdict": "correct"}',  # f1: unreadable faithfulness reply
        '{"claims": 2, "supported": 2}', '{"verdict": "incorrect"}',  # m1
        '{"claims": 1, "supported": 0}',  # u2
    ]
    llm = FakeListChatModel(responses=replies)
    section = judge_records(report["questions"], llm)
    metrics = section["metrics"]
    assert metrics["faithfulness"] == round((1 + 0.5 + 1 + 0) / 4, 6) and metrics["faithfulness_judged"] == 4
    assert metrics["answer_correctness"] == round((1 + 0.5 + 1 + 0) / 4, 6) and metrics["answer_correctness_judged"] == 4
    assert metrics["judge_errors"] == 1 and section["questions"]["f1"]["errors"][0].startswith("faithfulness: ValueError")
    assert section["questions"]["u1"] == {"faithfulness": None, "answer_correctness": None, "errors": []}
    before = dict(report["metrics"])
    report["judge"] = section
    write_reports(tmp_path, report)
    assert report["metrics"] == before  # deterministic metrics untouched
    assert "## LLM judge (separate from the deterministic metrics)" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_judge_gives_up_when_the_llm_keeps_failing(scripted_items, scripted_dataset):
    report = run_items(scripted_items, ScriptedBackend(first_run_outcomes()), dataset=scripted_dataset, progress=False)
    llm = FakeListChatModel(responses=["not json"] * 20)
    section = judge_records(report["questions"], llm)
    assert section["metrics"]["faithfulness"] is None and section["metrics"]["answer_correctness"] is None
    assert section["questions"]["m1"]["errors"] == ["skipped: the judge kept failing"]  # after n1, p1, f1 failed
    assert len(section["questions"]["f1"]["errors"]) == 2
