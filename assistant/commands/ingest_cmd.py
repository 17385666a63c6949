"""`tinhgon ingest` and `tinhgon delete`: put documents into the store, take them out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ingest.models import Document
    from ingest.pipeline import IngestReport, ProcessedDocument


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _dry_run_records(report: "IngestReport") -> list[dict]:
    records = []
    for item in report.processed:
        document = item.document
        records.append(
            {
                "doc_id": document.doc_id,
                "source": document.source,
                "title": document.title,
                "published": document.published,
                "references": list(document.references),
                "text": document.text,
                "passages": [{"text": p.text, "start": p.start, "end": p.end} for p in item.passages],
            }
        )
    return records


def _say_indexed(item: "ProcessedDocument") -> None:
    typer.echo(f"indexed {item.document.source} ({len(item.passages)} passages)", err=True)
    sys.stderr.flush()


def _say_embedded(document: "Document", passages: int) -> None:
    typer.echo(f"embedded {document.source} ({passages} passages)", err=True)
    sys.stderr.flush()


def _summary_line(report: "IngestReport", dry_run: bool) -> str:
    # Embedding dominates the cost: the rate counts embedded passages when there were any.
    rate = (report.embedded or report.passages) / report.seconds if report.seconds > 0 else 0.0
    verb = "would index" if dry_run else "ingested"
    line = (
        f"{verb} {report.documents} documents, {report.passages} passages "
        f"({report.embedded} embedded), {report.skipped} skipped, {report.failed} failed "
        f"in {report.seconds:.1f} s ({rate:.1f} passages/s)"
    )
    if report.pruned:
        line += f"; pruned {len(report.pruned)}: {', '.join(report.pruned)}"
    return line


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively): .txt .md .html .pdf .docx .jsonl")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary (or, with --dry-run, the documents) as JSON on stdout.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Load, clean and split only; index nothing.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Remove indexed documents under these folders whose files are gone.")] = False,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Ingest only when the store holds no document yet.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print a line on stderr as each document is indexed.")] = False,
    text_first: Annotated[
        bool,
        typer.Option("--text-first", help="Make every document searchable by words first, then embed (resume with `tinhgon embed`)."),
    ] = False,
    text_only: Annotated[
        bool,
        typer.Option("--text-only", help="Only make the documents searchable by words; `tinhgon serve` or `tinhgon embed` adds the vectors."),
    ] = False,
) -> None:
    """Ingest documents: clean, split into passages, embed and index (unchanged files are skipped)."""
    from assistant.errors import TinhGonError
    from ingest.pipeline import IngestReport, ingest_paths

    store = None
    try:
        if not dry_run:
            from assistant.factory import open_store
            from assistant.settings import get_settings

            store = open_store(get_settings())
            if if_empty:
                held = store.document_hashes()
                if held:
                    _err(f"the store already holds {len(held)} documents; nothing ingested (--if-empty)")
                    if as_json:
                        typer.echo(json.dumps(IngestReport().summary()))
                    return
        report = ingest_paths(
            paths, store, prune=prune, dry_run=dry_run, progress=sys.stderr.isatty() and not verbose,
            on_indexed=_say_indexed if verbose else None, text_first=text_first or text_only, embed=not text_only,
            on_embedded=_say_embedded if verbose else None,
        )
        if store is not None and not (text_first or text_only):  # text first: searchable at once, statistics when met
            _store_doc_stats(store)
    except TinhGonError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc
    finally:
        if store is not None and hasattr(store, "close"):
            store.close()
    for error in report.errors:
        _err(f"error: {error}")
    _err(_summary_line(report, dry_run))
    if as_json:
        payload = _dry_run_records(report) if dry_run else report.summary()
        typer.echo(json.dumps(payload, ensure_ascii=False))
    if report.failed:
        raise typer.Exit(1)


def _store_doc_stats(store: object) -> None:
    """The answerer's statistics of the documents just ingested (and of any indexed without them)."""
    from assistant.doc_stats_store import DocStatsStore, backfill
    from assistant.settings import get_settings

    stats = DocStatsStore.in_dir(get_settings().data_dir)
    try:
        backfill(store, stats)
    finally:
        stats.close()


def embed(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print a line on stderr as each document is embedded.")] = False,
) -> None:
    """Embed the passages still waiting for vectors (after `ingest --text-first` was stopped)."""
    import time

    from assistant.errors import TinhGonError
    from assistant.factory import open_store
    from assistant.settings import get_settings
    from ingest.pipeline import embed_waiting

    try:
        with open_store(get_settings()) as store:
            waiting = store.waiting_for_vectors()
            began = time.perf_counter()
            computed = embed_waiting(store, progress=sys.stderr.isatty() and not verbose, on_embedded=_say_embedded if verbose else None)
            seconds = time.perf_counter() - began
    except TinhGonError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc
    _err(f"embedded {waiting} waiting passages ({computed} computed, the rest from the cache) in {seconds:.1f} s")


def delete(doc_id: Annotated[str, typer.Argument(help="The document id shown by `tinhgon ingest --dry-run` or the API.")]) -> None:
    """Remove one document and all its passages from the store."""
    from assistant.errors import DocumentNotFoundError, TinhGonError
    from assistant.factory import open_store
    from assistant.settings import get_settings

    store = None
    try:
        store = open_store(get_settings())
        if not store.delete_document(doc_id):
            raise DocumentNotFoundError(f"no indexed document has the id '{doc_id}' (see `tinhgon stats` or GET /api/v1/documents)")
    except DocumentNotFoundError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from exc
    except TinhGonError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc
    finally:
        if store is not None and hasattr(store, "close"):
            store.close()
    _err(f"deleted {doc_id}")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("embed")(embed)
    app.command("delete")(delete)
