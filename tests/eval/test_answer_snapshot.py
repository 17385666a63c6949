"""The answer snapshot comparison names the questions whose answers differ."""

from __future__ import annotations

import json
from pathlib import Path

from eval.answer_snapshot import compare, main


def _write(path: Path, answers: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"key": k, "answer": v}) + "\n" for k, v in answers.items()), encoding="utf-8")
    return path


def test_compare_names_changed_and_missing_questions(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", {"dev.jsonl:1": "x", "dev.jsonl:2": "y", "dev.jsonl:3": "z"})
    b = _write(tmp_path / "b.jsonl", {"dev.jsonl:1": "x", "dev.jsonl:2": "changed"})
    assert compare(a, b) == ["dev.jsonl:2", "dev.jsonl:3"]
    assert compare(a, a) == []
    assert main(["--compare", str(a), str(a)]) == 0 and main(["--compare", str(a), str(b)]) == 1
