"""Every answer the extractive chain gives over question sets, written to one JSONL file, so that
two versions of the code can be compared on the same index: `python -m eval.answer_snapshot`.

    python -m eval.answer_snapshot --data DIR --out FILE [--questions FILE.jsonl ...] [--skip N] [--limit M]
    python -m eval.answer_snapshot --compare A.jsonl B.jsonl

A line holds a question (with its history) and the whole chat response except its timings:
the answer, found, short answer, mode, notice and every citation (document, offsets, quote,
passage, score, section). `--compare` prints the questions whose lines differ and exits 1 when
any does. Used to check that a change meant to be a speed-up leaves every answer as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_QUESTIONS = [SHARED / "eval" / "dev.jsonl", SHARED / "eval" / "dev-2025.jsonl", *sorted((REPO / "eval" / "datasets").glob("*.jsonl"))]


def questions_of(paths: Sequence[Path]) -> Iterator[tuple[str, str, list[dict[str, str]]]]:
    """(key, question, history) of every line of the question sets; the key names file and line."""
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                yield f"{path.name}:{n}", record["question"], record.get("history") or []


def snapshot(
    data_dir: Path, paths: Sequence[Path], out: Path, embedding_cache: Path | None = None, skip: int = 0, limit: int | None = None
) -> int:
    """Answer the questions (after the first `skip`, at most `limit`) over the index in `data_dir`;
    write one JSON line each; return how many."""
    from assistant.factory import build_assistant
    from assistant.schemas import ChatRequest
    from assistant.settings import Settings

    settings = Settings(data_dir=data_dir, embedding_cache=embedding_cache)
    assistant = build_assistant(settings)
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for n, (key, question, history) in enumerate(questions_of(paths)):
            if n < skip:
                continue
            if limit is not None and count >= limit:
                break
            response = assistant.answer(ChatRequest(question=question, history=history)).response
            record: dict[str, Any] = {"key": key, "question": question, **response.model_dump(exclude={"timings_ms"})}
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            fh.flush()
            count += 1
    return count


def compare(a: Path, b: Path) -> list[str]:
    """Keys of the questions answered differently in two snapshots (or present in one only)."""
    def load(path: Path) -> dict[str, str]:
        return {json.loads(line)["key"]: line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}

    left, right = load(a), load(b)
    return sorted(k for k in left.keys() | right.keys() if left.get(k) != right.get(k))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="the index (TINHGON_DATA_DIR) to answer from")
    parser.add_argument("--out", type=Path, help="the JSONL file to write")
    parser.add_argument("--questions", type=Path, action="append", help="question sets (repeatable; default: dev, dev-2025, eval/datasets)")
    parser.add_argument("--embedding-cache", type=Path, default=None)
    parser.add_argument("--skip", type=int, default=0, help="leave out the first N questions")
    parser.add_argument("--limit", type=int, default=None, help="answer at most N questions")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"))
    args = parser.parse_args(argv)
    if args.compare:
        differ = compare(*args.compare)
        for key in differ:
            print(key)
        print(f"{len(differ)} questions answered differently", file=sys.stderr)
        return 1 if differ else 0
    if args.data is None or args.out is None:
        parser.error("--data and --out are required (or --compare A B)")
    n = snapshot(args.data, args.questions or DEFAULT_QUESTIONS, args.out, args.embedding_cache, args.skip, args.limit)
    print(f"{n} answers written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
