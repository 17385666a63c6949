"""Fixtures of the eval tests (the scripted data lives in eval_scripted.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import EvalItem, load_dataset
from eval_scripted import QUESTIONS


@pytest.fixture
def scripted_dataset(tmp_path: Path) -> Path:
    path = tmp_path / "scripted.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def scripted_items(scripted_dataset: Path) -> list[EvalItem]:
    return load_dataset(scripted_dataset)
