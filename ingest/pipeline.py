"""Ingestion pipeline: files → cleaned documents → passages → a `PassageSink`.

Incremental: a document whose `content_hash` the sink already holds is skipped (no embedding);
a changed one replaces its old passages; `prune` removes documents whose file is gone.
One bad file never stops the batch: its one-line error is collected in the report.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import DocumentLoadError
from ingest.builder import build_document
from ingest.loaders import RawDocument, iter_files, load_file
from ingest.models import Document, Passage
from ingest.sink import PassageSink
from ingest.splitter import DEFAULT_CONFIG, PassageConfig, split_passages

# Passages collected before they are indexed, so that a sink able to embed in batches (the vector
# store's optional `prepare`) embeds many small documents at once: several times faster than
# document by document when documents have only a few passages (JSONL articles).
INDEX_BATCH_PASSAGES = 256
# Text-first batches only pay Chroma's per-call cost, so they are larger.
TEXT_BATCH_PASSAGES = 2000


@dataclass(frozen=True, slots=True)
class ProcessedDocument:
    document: Document
    passages: list[Passage]


IndexedCallback = Callable[[ProcessedDocument], None]


@dataclass(slots=True)
class IngestReport:
    documents: int = 0  # documents loaded in this run (indexed or unchanged)
    passages: int = 0  # passages of those documents
    embedded: int = 0  # passages whose embeddings were computed in this run
    skipped: int = 0  # unchanged documents (already indexed with the same content hash)
    failed: int = 0  # files or JSONL lines that could not be loaded
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    processed: list[ProcessedDocument] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)  # doc ids removed by `prune`

    def summary(self) -> dict[str, float | int]:
        """The `--json` summary of `tinhgon ingest`."""
        return {
            "documents": self.documents,
            "passages": self.passages,
            "embedded": self.embedded,
            "skipped": self.skipped,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
        }


def process(raw_documents: Iterable[RawDocument], config: PassageConfig = DEFAULT_CONFIG) -> list[ProcessedDocument]:
    """Clean each raw document and split it into passages."""
    processed = []
    for raw in raw_documents:
        document = build_document(raw)
        processed.append(ProcessedDocument(document=document, passages=split_passages(document, config)))
    return processed


def load_and_split(path: Path, config: PassageConfig = DEFAULT_CONFIG) -> list[ProcessedDocument]:
    """Load, clean and split one file. Raises `DocumentLoadError` when nothing in it can be loaded."""
    result = load_file(Path(path))
    if not result.documents and result.errors:
        raise result.errors[0]
    return process(result.documents, config)


def _expand(paths: Sequence[Path], report: IngestReport) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(iter_files(path))
        elif path.exists():
            files.append(path)
        else:
            report.failed += 1
            report.errors.append(str(DocumentLoadError(str(path), "no such file or folder")))
    return files


def _file_of(doc_path: str) -> Path:
    """The file a stored document came from ("…/file.jsonl#id" → "…/file.jsonl"; ids may hold "#")."""
    cut = doc_path.lower().find(".jsonl#")
    return Path(doc_path[: cut + len(".jsonl")]) if cut >= 0 else Path(doc_path)


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _prune(sink: PassageSink, paths: Sequence[Path], seen_ids: set[str], loaded_files: set[Path], report: IngestReport) -> None:
    """Remove indexed documents under the given paths whose file (or JSONL record) is gone."""
    roots = [Path(path).resolve() for path in paths]
    for doc_id, doc_path in sink.document_paths().items():
        if doc_id in seen_ids or not doc_path:
            continue
        file = _file_of(doc_path)
        if not _under(file, roots):
            continue
        if not file.exists() or file in loaded_files:  # file gone, or record no longer in it
            if sink.delete_document(doc_id):
                report.pruned.append(doc_id)


EmbeddedCallback = Callable[[Document, int], None]


def embed_waiting(sink: PassageSink, progress: bool = False, on_embedded: EmbeddedCallback | None = None) -> int:
    """The second phase: embed every passage still waiting for a vector; return how many were computed."""
    from tqdm import tqdm

    waiting = sink.waiting_for_vectors()  # type: ignore[attr-defined]
    with tqdm(total=waiting, desc="embed", unit="passage", file=sys.stderr, disable=not progress or not waiting, leave=False) as bar:

        def done(document: Document, passages: int) -> None:
            bar.update(passages)
            if on_embedded is not None:
                on_embedded(document, passages)

        return sink.embed_waiting(on_indexed=done)  # type: ignore[attr-defined]


def _index_pending(
    sink: PassageSink, pending: list[ProcessedDocument], report: IngestReport, on_indexed: IndexedCallback | None, text_first: bool
) -> None:
    """Upsert the pending documents, embedding their passages in one batch first when the sink can
    (with `text_first`, only their text: the vectors come in a second phase)."""
    if text_first:
        sink.add_texts([(item.document, item.passages) for item in pending])  # type: ignore[attr-defined]
        for item in pending:
            if on_indexed is not None:
                on_indexed(item)
        pending.clear()
        return
    prepare = getattr(sink, "prepare", None)
    if callable(prepare) and len(pending) > 1:
        prepare([(item.document, item.passages) for item in pending])
    for item in pending:
        report.embedded += sink.upsert_document(item.document, item.passages)
        if on_indexed is not None:
            on_indexed(item)
    pending.clear()


def ingest_paths(
    paths: Sequence[Path],
    sink: PassageSink | None,
    *,
    prune: bool = False,
    dry_run: bool = False,
    progress: bool = False,
    config: PassageConfig = DEFAULT_CONFIG,
    on_indexed: IndexedCallback | None = None,
    text_first: bool = False,
    on_embedded: EmbeddedCallback | None = None,
    embed: bool = True,
) -> IngestReport:
    """Ingest files and folders (recursively) into `sink`; `dry_run` only loads and splits.

    `on_indexed` is called after each document is written to the sink (for logs and progress),
    `on_embedded` after each document's vectors are (second phase of `text_first`).
    With `text_first` (a sink with `add_texts` and `embed_waiting`), every document is first made
    searchable by words, and only then are the passages embedded: a large batch can be searched
    within seconds, and an interrupted second phase resumes with `embed_waiting`; `embed=False`
    stops after the first phase.
    """
    text_first = text_first and sink is not None and not dry_run and hasattr(sink, "add_texts")
    from tqdm import tqdm

    began = time.perf_counter()
    report = IngestReport()
    files = _expand(paths, report)
    indexed = sink.document_hashes() if (sink is not None and not dry_run) else {}
    first_seen: dict[str, str] = {}
    loaded_files: set[Path] = set()
    pending: list[ProcessedDocument] = []
    bar = tqdm(files, desc="ingest", unit="file", file=sys.stderr, disable=not progress, leave=False)
    for file in bar:
        try:
            result = load_file(file)
        except DocumentLoadError as exc:
            report.failed += 1
            report.errors.append(str(exc))
            continue
        loaded_files.add(file.resolve())
        for error in result.errors:
            report.failed += 1
            report.errors.append(str(error))
        for raw in result.documents:
            if raw.doc_id in first_seen:
                report.failed += 1
                report.errors.append(
                    str(DocumentLoadError(raw.path, f"duplicate document id '{raw.doc_id}' (already loaded from {first_seen[raw.doc_id]})"))
                )
                continue
            first_seen[raw.doc_id] = raw.path
            try:
                item = process([raw], config)[0]
            except Exception as exc:  # a bug in cleaning must not lose the batch
                report.failed += 1
                report.errors.append(str(DocumentLoadError(raw.path, f"cannot process the document: {exc}")))
                continue
            if not item.passages:
                report.failed += 1
                report.errors.append(str(DocumentLoadError(raw.path, "no text left after removing boilerplate (empty)")))
                continue
            report.documents += 1
            report.passages += len(item.passages)
            report.processed.append(item)
            if dry_run or sink is None:
                continue
            if indexed.get(item.document.doc_id) == item.document.content_hash:
                report.skipped += 1
                continue
            pending.append(item)
            if sum(len(p.passages) for p in pending) >= (TEXT_BATCH_PASSAGES if text_first else INDEX_BATCH_PASSAGES):
                _index_pending(sink, pending, report, on_indexed, text_first)
            bar.set_postfix(passages=report.passages)
    if pending and sink is not None:
        _index_pending(sink, pending, report, on_indexed, text_first)
    if prune and not dry_run and sink is not None:
        _prune(sink, paths, set(first_seen), loaded_files, report)
    if text_first and embed:
        report.embedded += embed_waiting(sink, progress, on_embedded)
    report.seconds = time.perf_counter() - began
    return report
