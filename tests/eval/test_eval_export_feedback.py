"""`tinhgon eval export-feedback`: thumbs-down feedback from the API's SQLite store → draft dataset lines."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import DatasetError
from assistant.feedback import FeedbackStore
from assistant.schemas import Citation, FeedbackRequest, HistoryTurn
from eval.dataset import load_dataset

runner = CliRunner()

CITATION = Citation(n=1, doc_id="d", source="d.txt", title="T", published=None, passage="Câu một. Câu hai.", quote="Câu một.",
                    start=0, end=8, score=0.5)


@pytest.fixture
def data_dir(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path)
    store.add(FeedbackRequest(question="Ai là bí thư?", answer="Không rõ [1].", rating="down", comment="sai người",
                              citations=[CITATION], history=[HistoryTurn(role="user", content="Bến Tre"), HistoryTurn(role="assistant", content="Vâng")]))
    store.add(FeedbackRequest(question="Bao nhiêu xã?", answer="11/13 xã.", rating="up"))
    store.add(FeedbackRequest(question="Khi nào?", answer="Năm 2018.", rating="down"))
    return tmp_path


def test_exports_thumbs_down_as_drafts(data_dir, tmp_path):
    out = tmp_path / "drafts" / "fb.jsonl"
    result = runner.invoke(app, ["eval", "export-feedback", "--out", str(out), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "wrote 2 draft line(s)" in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["question"] for d in lines] == ["Ai là bí thư?", "Khi nào?"]
    first = lines[0]
    assert first["history"] == [{"role": "user", "content": "Bến Tre"}, {"role": "assistant", "content": "Vâng"}]
    assert first["must_include"] == [] and first["evidence"] == [] and first["answer"] == "" and first["answerable"] is None
    assert first["feedback"]["answer_given"] == "Không rõ [1]." and first["feedback"]["comment"] == "sai người"
    assert first["feedback"]["citations"][0]["quote"] == "Câu một."


def test_drafts_must_be_completed_before_use(data_dir, tmp_path):
    out = tmp_path / "fb.jsonl"
    runner.invoke(app, ["eval", "export-feedback", "--out", str(out), "--data-dir", str(data_dir)])
    with pytest.raises(DatasetError, match=r"fb.jsonl:1: field 'answerable': expected true or false"):
        load_dataset(out)
    completed = []
    for line in out.read_text(encoding="utf-8").splitlines():
        draft = json.loads(line)
        draft.update(answerable=False)
        completed.append(json.dumps(draft, ensure_ascii=False))
    out.write_text("\n".join(completed) + "\n", encoding="utf-8")
    assert [i.id for i in load_dataset(out)] == ["fb-00001", "fb-00003"]  # the provenance field is accepted


def test_all_ratings_and_missing_store(data_dir, tmp_path):
    out = tmp_path / "all.jsonl"
    result = runner.invoke(app, ["eval", "export-feedback", "--out", str(out), "--data-dir", str(data_dir), "--rating", "all"])
    assert result.exit_code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 3
    missing = runner.invoke(app, ["eval", "export-feedback", "--out", str(out), "--data-dir", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "no feedback database" in missing.output
