"""The pipeline with an in-memory sink: incremental, idempotent, partial failures, prune, dry run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths

ARTICLE = "Tiêu đề bài số {n}\n\nNội dung bài số {n}: huyện đã thực hiện nhất thể hóa chức danh Bí thư cấp ủy đồng thời là Chủ tịch UBND xã theo Nghị quyết số 18-NQ/TW."


@pytest.fixture
def folder(tmp_path: Path, corpus_dir: Path) -> Path:
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    for path in sorted(corpus_dir.iterdir())[:2]:
        shutil.copy(path, root / path.name)
    (root / "sub" / "extra.md").write_text(ARTICLE.format(n=1), encoding="utf-8")
    return root


def test_ingest_then_reingest_embeds_nothing(folder: Path, memory_sink) -> None:
    first = ingest_paths([folder], memory_sink)
    assert (first.documents, first.failed, first.skipped) == (3, 0, 0)
    assert first.embedded == first.passages == sum(len(p) for p in memory_sink.passages.values()) > 0
    second = ingest_paths([folder], memory_sink)
    assert (second.documents, second.embedded, second.skipped, second.failed) == (3, 0, 3, 0)
    assert memory_sink.embedded_total == first.embedded
    assert second.summary()["embedded"] == 0 and set(second.summary()) == {"documents", "passages", "embedded", "skipped", "failed", "seconds"}


def test_changed_file_replaces_its_passages(folder: Path, memory_sink) -> None:
    ingest_paths([folder], memory_sink)
    (folder / "sub" / "extra.md").write_text(ARTICLE.format(n=2), encoding="utf-8")
    report = ingest_paths([folder], memory_sink)
    assert report.skipped == 2 and report.embedded == len(memory_sink.passages["extra"])
    assert memory_sink.documents["extra"].title == "Tiêu đề bài số 2"
    assert all("bài số 1" not in p.text for p in memory_sink.passages["extra"])


def test_bad_files_fail_alone_and_are_reported(folder: Path, memory_sink) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    (folder / "records.jsonl").write_text('{"id": "r1", "title": "R1", "text": "Một câu."}\n{oops\n', encoding="utf-8")
    report = ingest_paths([folder, folder / "missing.txt"], memory_sink)
    assert report.documents == 4 and report.failed == 4
    assert set(memory_sink.documents) >= {"r1", "extra"}
    joined = "\n".join(report.errors)
    for name in ("empty.txt", "binary.txt", "records.jsonl:2", "missing.txt"):
        assert name in joined
    assert all("\n" not in error for error in report.errors)


def test_duplicate_doc_id_is_an_error_for_the_second(tmp_path: Path, memory_sink) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "same.txt").write_text(ARTICLE.format(n=1), encoding="utf-8")
    (tmp_path / "same.md").write_text(ARTICLE.format(n=2), encoding="utf-8")
    report = ingest_paths([tmp_path], memory_sink)
    assert report.documents == 1 and report.failed == 1
    assert "duplicate document id 'same'" in report.errors[0] and "same.md" in report.errors[0]
    assert memory_sink.documents["same"].title == "Tiêu đề bài số 1"


def test_prune_removes_documents_whose_files_are_gone(folder: Path, tmp_path: Path, memory_sink) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text(ARTICLE.format(n=3), encoding="utf-8")
    ingest_paths([folder, elsewhere], memory_sink)
    (folder / "sub" / "extra.md").unlink()
    without = ingest_paths([folder], memory_sink)
    assert "extra" in memory_sink.documents and not without.pruned  # no prune unless asked
    report = ingest_paths([folder], memory_sink, prune=True)
    assert report.pruned == ["extra"]
    assert "extra" not in memory_sink.documents and "keep" in memory_sink.documents  # outside the folder: kept


def test_prune_keeps_documents_of_files_that_failed_now(folder: Path, memory_sink) -> None:
    ingest_paths([folder], memory_sink)
    (folder / "sub" / "extra.md").write_bytes(b"")
    report = ingest_paths([folder], memory_sink, prune=True)
    assert report.failed == 1 and not report.pruned and "extra" in memory_sink.documents


def test_prune_removes_a_record_dropped_from_a_jsonl_file(tmp_path: Path, memory_sink) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "a", "title": "A", "text": "Câu a."}\n{"id": "b", "title": "B", "text": "Câu b."}\n', encoding="utf-8")
    ingest_paths([tmp_path], memory_sink)
    path.write_text('{"id": "a", "title": "A", "text": "Câu a."}\n', encoding="utf-8")
    report = ingest_paths([tmp_path], memory_sink, prune=True)
    assert report.pruned == ["b"] and set(memory_sink.documents) == {"a"}


def test_dry_run_writes_nothing(folder: Path, memory_sink) -> None:
    report = ingest_paths([folder], memory_sink, dry_run=True)
    assert report.documents == 3 and report.embedded == 0 and not memory_sink.documents
    for item in report.processed:
        for passage in item.passages:
            assert item.document.text[passage.start : passage.end] == passage.text
    assert ingest_paths([folder], None, dry_run=True).documents == 3


def test_progress_bar_goes_to_stderr(folder: Path, memory_sink, capsys) -> None:
    ingest_paths([folder], memory_sink, progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and "ingest" in captured.err
