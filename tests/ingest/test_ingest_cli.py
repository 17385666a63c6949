"""`tinhgon ingest` and `tinhgon delete` against a real store in tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import get_settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TINHGON_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TINHGON_EMBEDDING_CACHE", raising=False)  # this test counts what is embedded
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_dry_run_json_lists_documents_and_indexes_nothing(corpus_dir: Path, data_dir: Path) -> None:
    result = _run("ingest", "--dry-run", "--json", str(corpus_dir))
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["source"] for r in records] == sorted(p.name for p in corpus_dir.iterdir())
    for record in records:
        assert set(record) == {"doc_id", "source", "title", "published", "references", "text", "passages"}
        for passage in record["passages"]:
            assert record["text"][passage["start"] : passage["end"]] == passage["text"]
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_ingest_reingest_delete_and_partial_exit_code(tmp_path: Path, corpus_dir: Path, data_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(corpus_dir.iterdir())[:2]:
        shutil.copy(path, docs / path.name)
    first = _run("ingest", "--json", str(docs))
    assert first.exit_code == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["documents"] == 2 and summary["embedded"] == summary["passages"] > 0 and summary["failed"] == 0
    assert "passages/s" in first.stderr

    again = _run("ingest", "--json", str(docs))
    assert again.exit_code == 0 and json.loads(again.stdout)["embedded"] == 0
    assert json.loads(again.stdout)["skipped"] == 2

    skipped = _run("ingest", "--if-empty", "--json", str(docs))
    assert skipped.exit_code == 0 and json.loads(skipped.stdout)["documents"] == 0

    (docs / "broken.docx").write_bytes(b"not a docx")
    partial = _run("ingest", "--json", str(docs))
    assert partial.exit_code == 1 and json.loads(partial.stdout)["failed"] == 1
    assert "broken.docx" in partial.stderr

    doc_id = sorted(corpus_dir.iterdir())[0].stem
    deleted = _run("delete", doc_id)
    assert deleted.exit_code == 0, deleted.stderr
    missing = _run("delete", doc_id)
    assert missing.exit_code == 1 and doc_id in missing.stderr

    (docs / "broken.docx").unlink()
    back = _run("ingest", "--json", str(docs))
    assert json.loads(back.stdout)["skipped"] == 1  # the deleted one is indexed again (its vectors may come from the cache)
    assert json.loads(_run("ingest", "--json", str(docs)).stdout)["skipped"] == 2
