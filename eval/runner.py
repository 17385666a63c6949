"""Run a dataset through a backend and score every question."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.aggregate import EXTRA_METRICS, METRICS, aggregate, by_tag
from eval.backends import Backend
from eval.dataset import EvalItem, check_evidence, load_dataset
from eval.scoring import build_record


def run_items(items: Sequence[EvalItem], backend: Backend, *, dataset: Path | str = "dataset", progress: bool = True) -> dict[str, Any]:
    """Validate evidence against the indexed texts, ask every question, and build the report data.

    Returns `{"metrics", "by_tag", "questions", "meta"}` (what report.json holds).
    """
    texts = backend.document_texts()
    check_evidence(items, texts.texts_for_source, dataset)
    started = time.time()
    records = []
    iterator: Any = items
    if progress:
        from tqdm import tqdm

        iterator = tqdm(items, desc="eval", unit="q", dynamic_ncols=True)
    for item in iterator:
        records.append(build_record(item, backend.ask(item), texts))
    meta = {
        "dataset": str(dataset),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started, 3),
        **backend.describe(),
    }
    return {
        "kind": "qa",
        "title": f"Tinh Gọn evaluation: {Path(dataset).name}",
        "meta": meta,
        "definitions": {**METRICS, **EXTRA_METRICS},
        "metrics": aggregate(records),
        "by_tag": by_tag(records),
        "questions": records,
    }


def run_dataset(path: Path, backend: Backend, *, progress: bool = True) -> dict[str, Any]:
    """`load_dataset` + `run_items`."""
    return run_items(load_dataset(path), backend, dataset=path, progress=progress)
