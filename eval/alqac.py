"""ALQAC legal retrieval benchmark: rank law articles for each question, score like the competition.

Articles are ranked by their best passage: the hybrid retriever returns passages, and the
article (`doc_id = "<law>#<article>"`, the JSONL record id) takes the rank of its first passage.

Metrics per question (averaged over questions, i.e. macro):
- r@k: share of the question's relevant articles among the top k articles (k = 1, 5, 10);
- mrr@10: 1 / rank of the first relevant article within the top 10, else 0;
- f2: F2 of the top-1 article as the answer set, F2 = 5·P·R / (4·P + R) with P = |{top1} ∩ rel| / 1,
  R = |{top1} ∩ rel| / |rel| (0 when nothing is right); the report's `f2` is the mean over
  questions (the competition's macro-F2, which weights recall four times as much as precision).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import DatasetError, TinhGonError
from eval import metrics as m

if TYPE_CHECKING:
    from assistant.settings import Settings

TOP_ARTICLES = 10
PASSAGE_DEPTH = 50  # passages fetched per question to fill the top 10 distinct articles
DIGITS = 6

METRICS: dict[str, str] = {
    "r@1": "share of relevant articles ranked first",
    "r@5": "share of relevant articles in the top 5",
    "r@10": "share of relevant articles in the top 10",
    "mrr@10": "1 / rank of the first relevant article (top 10)",
    "f2": "macro-F2 of the top-1 article (competition metric)",
    "latency_p50_ms": "median search time per question, ms",
    "latency_p95_ms": "95th percentile search time, ms",
}


@dataclass(frozen=True, slots=True)
class LegalQuestion:
    id: str
    question: str
    relevant: tuple[str, ...]


def load_questions(path: Path) -> list[LegalQuestion]:
    """`{"id", "question", "relevant": [article ids]}` per line; errors name the line and field."""
    problems: list[str] = []
    items: list[LegalQuestion] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such questions file") from None
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: field '<line>': invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            problems.append(f"{path}:{number}: field '<line>': expected a JSON object")
            continue
        for name in ("id", "question"):
            if not isinstance(record.get(name), str) or not record[name].strip():
                problems.append(f"{path}:{number}: field '{name}': expected a non-empty string")
        relevant = record.get("relevant")
        if not isinstance(relevant, list) or not relevant or not all(isinstance(r, str) and r for r in relevant):
            problems.append(f"{path}:{number}: field 'relevant': expected a non-empty list of article ids")
        if problems and problems[-1].startswith(f"{path}:{number}:"):
            continue
        items.append(LegalQuestion(record["id"], record["question"], tuple(relevant)))
    if problems:
        raise DatasetError(f"{len(problems)} error(s) in {path}:\n" + "\n".join(problems))
    if not items:
        raise DatasetError(f"{path}: no questions")
    return items


def rank_articles(passage_doc_ids: Sequence[str], n: int = TOP_ARTICLES) -> list[str]:
    """Distinct articles in the order of their best passage, at most n."""
    return list(dict.fromkeys(passage_doc_ids))[:n]


def question_metrics(ranked: Sequence[str], relevant: Sequence[str]) -> dict[str, Any]:
    """Per-question terms (see the module docstring)."""
    rel = set(relevant)
    out: dict[str, Any] = {f"r@{k}": len(rel & set(ranked[:k])) / len(rel) for k in (1, 5, 10)}
    first = next((i for i, a in enumerate(ranked[:TOP_ARTICLES], start=1) if a in rel), None)
    out["first_relevant_rank"] = first
    out["mrr@10"] = 1.0 / first if first else 0.0
    hit = 1.0 if ranked and ranked[0] in rel else 0.0
    precision, recall = hit, hit / len(rel)
    out["precision@1"], out["recall@1"] = precision, recall
    out["f2"] = 5 * precision * recall / (4 * precision + recall) if hit else 0.0
    return out


def aggregate(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Macro averages of the per-question terms, and latency percentiles."""
    out: dict[str, Any] = {}
    for name in ("r@1", "r@5", "r@10", "mrr@10", "f2"):
        value = m.mean(r["metrics"][name] for r in records)
        out[name] = None if value is None else round(value, DIGITS)
    latencies = [r["latency_ms"] for r in records]
    for name, q in (("latency_p50_ms", 50), ("latency_p95_ms", 95)):
        value = m.percentile(latencies, q)
        out[name] = None if value is None else round(value, DIGITS)
    out["questions"] = len(records)
    return out


def law_of(article_id: str) -> str:
    return article_id.split("#", 1)[0]


def corpus_ids(corpus: Path) -> set[str]:
    """The article ids of a law.jsonl corpus (its records' `id`)."""
    ids = set()
    with Path(corpus).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                ids.add(json.loads(line)["id"])
    return ids


def ensure_index(corpus: Path, settings: "Settings", *, progress: bool) -> tuple[Any, bool]:
    """Open the store in settings.data_dir; when it holds exactly the corpus's articles it is reused
    as is (read only), otherwise the corpus is ingested (incremental: cached embeddings are reused).
    Returns (store, reused)."""
    from assistant.factory import open_store
    from ingest.pipeline import ingest_paths

    if not Path(corpus).is_file():
        raise TinhGonError(f"{corpus}: no such corpus file (expected law.jsonl)")
    store = open_store(settings)
    if {info.doc_id for info in store.list_documents()} == corpus_ids(corpus):
        return store, True
    report = ingest_paths([Path(corpus)], store, progress=progress)
    if report.failed:
        store.close()
        raise TinhGonError(f"{report.failed} corpus file(s) failed to ingest: {'; '.join(report.errors[:3])}")
    return store, False


def run_alqac(corpus: Path, items: Sequence[LegalQuestion], settings: "Settings", *, progress: bool = True,
              questions_path: Path | str = "questions") -> dict[str, Any]:
    """Index (or reuse) the corpus, search every question, and build the report data."""
    from assistant.factory import make_retriever

    started = time.time()
    store, reused = ensure_index(corpus, settings, progress=progress)
    try:
        indexed = {info.doc_id for info in store.list_documents()}
        unknown = sorted({r for q in items for r in q.relevant} - indexed)
        if unknown:
            raise DatasetError(f"{questions_path}: relevant article(s) not in the corpus index: {', '.join(unknown[:5])}")
        retriever = make_retriever(settings, store)
        iterator: Any = items
        if progress:
            from tqdm import tqdm

            iterator = tqdm(items, desc="alqac", unit="q", dynamic_ncols=True)
        records = []
        for item in iterator:
            t0 = time.perf_counter()
            passages = retriever.search(item.question, k=PASSAGE_DEPTH)
            latency = round((time.perf_counter() - t0) * 1000, 3)
            ranked = rank_articles([p.doc_id for p in passages])
            records.append({
                "id": item.id,
                "question": item.question,
                "relevant": list(item.relevant),
                "tags": sorted({law_of(r) for r in item.relevant}),
                "ranked": ranked,
                "latency_ms": latency,
                "metrics": question_metrics(ranked, item.relevant),
            })
        stats = store.stats()
    finally:
        store.close()
    by_tag = {tag: aggregate([r for r in records if tag in r["tags"]]) for tag in sorted({t for r in records for t in r["tags"]})}
    return {
        "kind": "alqac",
        "title": "ALQAC legal retrieval benchmark",
        "meta": {
            "corpus": str(corpus),
            "questions": str(questions_path),
            "articles": len(indexed),
            "data_dir": str(settings.data_dir),
            "index_reused": reused,
            "embedder": settings.embedder,
            "passages": stats.get("passages"),
            "seconds": round(time.time() - started, 3),
        },
        "definitions": METRICS,
        "metrics": aggregate(records),
        "by_tag": by_tag,
        "questions": records,
    }
