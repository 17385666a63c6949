"""`tinhgon search` and `tinhgon stats`: query the hybrid index, describe what it holds."""

from __future__ import annotations

import json
from typing import Annotated

import typer


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"Lỗi / error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def search(
    queries: Annotated[list[str], typer.Argument(help="One or more queries (each searched separately).")],
    k: Annotated[int | None, typer.Option("--k", min=1, max=100, help="Passages per query (default TINHGON_RETRIEVAL_K).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array on stdout, one entry per query.")] = False,
) -> None:
    """Search the indexed passages (dense + BM25, fused). Models load once for all queries."""
    from assistant.errors import TinhGonError
    from assistant.factory import make_retriever, open_store
    from assistant.settings import get_settings

    queries = [q for q in queries if q.strip()]
    if not queries:
        _fail("give at least one non-empty query")
    settings = get_settings()
    try:
        store = open_store(settings)
        try:
            retriever = make_retriever(settings, store)
            results = retriever.search_many(queries, k=k or settings.retrieval_k)
        finally:
            store.close()
    except TinhGonError as exc:
        _fail(str(exc))
    if as_json:
        payload = [{"query": q, "results": [r.to_json() for r in rs]} for q, rs in zip(queries, results, strict=True)]
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    for query, rs in zip(queries, results, strict=True):
        typer.secho(f"# {query}", bold=True)
        if not rs:
            typer.echo("  (no passage found)")
        for rank, r in enumerate(rs, 1):
            where = ", ".join(p for p in (r.published, r.source) if p)
            typer.echo(f"{rank}. [{r.score:.3f}] {r.title} ({where}) [{r.start}:{r.end}]")
            typer.echo("   " + " ".join(r.text.split())[:300])
        typer.echo("")


def peak_memory_mb() -> float:
    """This process's peak resident memory (the store, the lexical index and what loaded them)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
) -> None:
    """What the index holds and costs: documents, passages, vectors, bytes on disk, memory, embedder."""
    from assistant.errors import TinhGonError
    from assistant.factory import open_store
    from assistant.settings import get_settings

    try:
        store = open_store(get_settings())
        try:
            data = store.stats()
            data["process_memory_mb"] = round(peak_memory_mb(), 1)
        finally:
            store.close()
    except TinhGonError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    for key, value in data.items():
        typer.echo(f"{key}: {value}")


def register(app: typer.Typer) -> None:
    app.command("search")(search)
    app.command("stats")(stats)
