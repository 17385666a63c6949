"""API latency against the embedder, side by side in one run: `python -m eval.bench_api`.

Builds a fresh index of the sample corpus in a temporary data dir, serves the real API with uvicorn
on a free 127.0.0.1 port, and for every question of the dataset times, in rotating order,
  * the embedder embedding the question once (`embed_query_vector`),
  * POST /api/v1/search (k=5),
  * POST /api/v1/chat (with the question's history),
measured by an HTTP client on the same machine, each step after 0.25 s of idling. The embedder's
in-memory query cache is emptied before every timed step, so each step pays for a real query
embedding. Prints the medians and the ratios to the embedder
(targets: chat within 3x, search within 2x) and can write them as Markdown (`--out`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_DATASET = REPO.parent / "shared" / "eval" / "dev.jsonl"
TARGETS = {"chat": 3.0, "search": 2.0}
SETTLE_SECONDS = 0.25  # idle time before each timed step (see time_side_by_side)


@dataclass
class Timings:
    embed: list[float]
    search: list[float]
    chat: list[float]

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name))

    def p95(self, name: str) -> float:
        values = sorted(getattr(self, name))
        return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def load_questions(dataset: Path) -> list[tuple[str, list[dict[str, str]]]]:
    items = []
    for line in dataset.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            items.append((record["question"], record.get("history") or []))
    return items


def timed(call: Callable[[], Any]) -> float:
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000.0


def time_side_by_side(
    url: str, embedder: Any, questions: list[tuple[str, list[dict[str, str]]]], rounds: int, settle: float = SETTLE_SECONDS
) -> Timings:
    """For every question, in rotating order: `embedder` embeds it once, then POST /api/v1/search
    (k=5) and POST /api/v1/chat against the API at `url`. The embedder's query cache is emptied
    before each step, so every step pays for a real query embedding. Three warm-up questions first.

    Each step starts after `settle` seconds of idling: the embedding engine's OpenMP threads can
    keep spinning for a while after a parallel region, in the server after its own query embedding
    and here after ours, and a step started at once would share the cores with them; so every step,
    like a request reaching a server, starts from an idle machine."""
    import httpx

    timings = Timings([], [], [])
    with httpx.Client(base_url=url, timeout=300, trust_env=False) as http:

        def post(path: str, body: dict[str, Any]) -> None:
            http.post(path, json=body).raise_for_status()

        steps = {
            "embed": lambda q, h: embedder.embed_query_vector(q),
            "search": lambda q, h: post("/api/v1/search", {"query": q, "k": 5}),
            "chat": lambda q, h: post("/api/v1/chat", {"question": q, "history": h}),
        }
        for question, history in questions[:3]:  # warm-up: first calls load lazy parts
            for step in steps.values():
                step(question, history)
        order = list(steps)
        for round_ in range(rounds):
            for i, (question, history) in enumerate(questions):
                shift = (i + round_) % len(order)  # rotate so no step always runs first
                for name in order[shift:] + order[:shift]:
                    embedder.forget_recent_queries()
                    time.sleep(settle)
                    getattr(timings, name).append(timed(lambda: steps[name](question, history)))
    return timings


def measure(corpus: Path, dataset: Path, rounds: int, data_dir: Path) -> tuple[Timings, dict[str, Any]]:
    from assistant.api import create_app
    from assistant.background_server import serve_in_thread
    from assistant.factory import open_store
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    settings = Settings(data_dir=data_dir)
    store = open_store(settings)
    report = ingest_paths([corpus], store)
    app = create_app(settings, store=store)
    app.state.services.warm_up()
    embedder = store.embedder
    questions = load_questions(dataset)
    try:
        with serve_in_thread(app) as url:
            timings = time_side_by_side(url, embedder, questions, rounds)
    finally:
        store.close()
    info = {
        "documents": report.documents,
        "passages": report.passages,
        "questions": len(questions),
        "rounds": rounds,
        "embedder": embedder.model_id,
    }
    return timings, info


def render(timings: Timings, info: dict[str, Any]) -> str:
    embed = timings.median("embed")
    lines = [
        "# API latency vs the embedder (eval/bench_api.py)",
        "",
        f"Fresh index of the sample corpus: {info['documents']} documents, {info['passages']} passages; "
        f"embedder `{info['embedder']}`; {info['questions']} questions x {info['rounds']} rounds, "
        "each timed side by side in rotating order; API served by uvicorn on 127.0.0.1, timed by an HTTP client.",
        "",
        "| step | median ms | p95 ms | ratio to embedding one query | target | met |",
        "|---|---:|---:|---:|---:|:---:|",
        f"| embed one query | {embed:.1f} | {timings.p95('embed'):.1f} | 1.00x | | |",
    ]
    for name, label in (("search", "POST /api/v1/search"), ("chat", "POST /api/v1/chat")):
        ratio = timings.median(name) / embed
        target = TARGETS[name]
        lines.append(
            f"| {label} | {timings.median(name):.1f} | {timings.p95(name):.1f} | {ratio:.2f}x | "
            f"<= {target:g}x | {'yes' if ratio <= target else 'NO'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, help="Also write the table to this Markdown file.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tinhgon-bench-api-") as tmp:
        timings, info = measure(args.corpus, args.dataset, args.rounds, Path(tmp) / "data")
    text = render(timings, info)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    met = all(timings.median(name) / timings.median("embed") <= target for name, target in TARGETS.items())
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
