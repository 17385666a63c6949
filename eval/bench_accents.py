"""Accent restoration benchmark: how many syllables of accented questions come back as they were typed.

    python -m eval.bench_accents --data-dir DIR [SET.jsonl ...]

Every question typed with diacritics in the given sets (default: the two shared dev sets and every
set under `eval/datasets`) is folded, given accents back by `vectorstore.accents.restore_accents`
from the index in DIR, and compared syllable by syllable with its own spelling (words the
canonical form spells out from an abbreviation, and numbers, are left out). Prints the share of
syllables restored, the share of questions restored whole, and the commonest confusions. Quality
only: nothing here is timed.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from assistant.answering.analysis import canonical_tokens
from ingest.normalize import has_diacritics, index_key
from vectorstore.accents import restore_accents
from vectorstore.lexical import LexicalIndex

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SETS = (
    REPO.parent / "shared" / "eval" / "dev.jsonl",
    REPO.parent / "shared" / "eval" / "dev-2025.jsonl",
    *sorted((REPO / "eval" / "datasets").glob("*.jsonl")),
)


def accented_questions(paths: Sequence[Path]) -> Iterator[str]:
    """Each question typed with diacritics, once."""
    seen: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                question = json.loads(line)["question"]
                if question not in seen and has_diacritics(question):
                    seen.add(question)
                    yield question


def folded_and_typed(question: str) -> tuple[list[str], list[str | None]]:
    """The folded words a question is restored from, and the spelling typed for each (None for
    words spelled out from an abbreviation)."""
    words: list[str] = []
    typed: list[str | None] = []
    for token, canonical in canonical_tokens(question):
        words.extend(canonical)
        spelled_as_typed = canonical == (token.key,)
        typed.extend([index_key(token.surface)] if spelled_as_typed else [None] * len(canonical))
    return words, typed


def measure(questions: Sequence[str], lexical: LexicalIndex) -> tuple[float, float, int, Counter[tuple[str, str]]]:
    """Share of syllables restored, share of whole questions, syllables compared, and confusions."""
    right = compared = whole = 0
    confusions: Counter[tuple[str, str]] = Counter()
    for question in questions:
        words, typed = folded_and_typed(question)
        restored = restore_accents(words, lexical).split()
        ok = True
        for word, expected, got in zip(words, typed, restored):
            if expected is None or not word.isalpha():
                continue
            compared += 1
            if got == expected:
                right += 1
            else:
                ok = False
                confusions[(expected, got)] += 1
        whole += ok
    return right / max(1, compared), whole / max(1, len(questions)), compared, confusions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, default=list(DEFAULT_SETS))
    parser.add_argument("--data-dir", type=Path, required=True, help="an index whose spellings are used")
    parser.add_argument("--confusions", type=int, default=15, help="how many of the commonest confusions to print")
    args = parser.parse_args(argv)

    from assistant.factory import open_store
    from assistant.settings import Settings

    lexical = open_store(Settings(data_dir=args.data_dir)).lexical
    questions = list(accented_questions(args.sets))
    syllables, whole, compared, confusions = measure(questions, lexical)
    print(f"{len(questions)} accented questions, {compared} syllables compared ({args.data_dir})")
    print(f"syllables restored as typed: {syllables:.3f}")
    print(f"questions restored whole:    {whole:.3f}")
    for (expected, got), count in confusions.most_common(args.confusions):
        print(f"  {expected} -> {got}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
