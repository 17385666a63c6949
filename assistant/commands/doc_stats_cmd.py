"""`tinhgon doc-stats`: store the answerer's per-document statistics for an index built without them."""

from __future__ import annotations

import sys
import time

import typer


def doc_stats() -> None:
    """Compute the answerer's statistics of every indexed document that has none yet (an index
    built before they were stored, or ingested without `tinhgon ingest`). Answers do not change;
    questions meeting those documents get faster."""
    from tqdm import tqdm

    from assistant.doc_stats_store import DocStatsStore, backfill
    from assistant.errors import TinhGonError
    from assistant.factory import open_store
    from assistant.settings import get_settings

    settings = get_settings()
    began = time.perf_counter()
    stats = DocStatsStore.in_dir(settings.data_dir)
    try:
        with open_store(settings) as store, tqdm(total=len(store.document_hashes()), unit="doc", disable=not sys.stderr.isatty()) as bar:
            done = backfill(store, stats, progress=bar.update)
    except TinhGonError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        stats.close()
    typer.echo(f"stored the statistics of {done} documents in {time.perf_counter() - began:.1f} s", err=True)


def register(app: typer.Typer) -> None:
    app.command("doc-stats")(doc_stats)
