"""Fixtures shared by every test package: where the shared data is, and a real index of the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder is missing: expected it at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus"


@pytest.fixture(scope="session")
def dev_set_path(shared_dir: Path) -> Path:
    return shared_dir / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path):
    """Settings whose data dir holds a real index (default embedder) of the sample corpus, built once."""
    from assistant.factory import open_store
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus-index"))
    store = open_store(settings)
    report = ingest_paths([corpus_dir], store)
    assert report.failed == 0 and report.documents == 5, report
    return settings
