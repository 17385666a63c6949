"""Suggested topics: word runs that the titles of several indexed documents share.

A run of 2–5 words counts once per document title; runs shared by the most titles come first,
longer runs winning over the shorter ones they contain. Runs that start or end with a function
word are not topics ("của tỉnh", "và các").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from assistant import textkeys as tk
from ingest.normalize import folded_key

MIN_DOCUMENTS = 2
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[-/][\wĐđ]+)+", re.UNICODE)


def _runs(title: str, shortest: int = 2, longest: int = 5) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(title)]
    runs = set()
    for n in range(shortest, longest + 1):
        for i in range(len(words) - n + 1):
            run = tuple(words[i : i + n])
            if folded_key(run[0]) in tk.STOPWORDS or folded_key(run[-1]) in tk.STOPWORDS:
                continue
            runs.add(run)
    return runs


def suggest_topics(titles: Iterable[str], limit: int = 12) -> list[str]:
    """Topics shared by at least two titles, most shared first."""
    counts: Counter[tuple[str, ...]] = Counter()
    for title in titles:
        counts.update(_runs(title))
    shared = [(run, c) for run, c in counts.items() if c >= MIN_DOCUMENTS]
    shared.sort(key=lambda item: (-item[1], -len(item[0]), item[0]))
    chosen: list[tuple[str, ...]] = []
    for run, _ in shared:
        text = " ".join(run)
        if any(text in " ".join(c) for c in chosen):
            continue  # a part of a topic already chosen
        chosen = [c for c in chosen if " ".join(c) not in text or counts[c] > counts[run]]
        chosen.append(run)
        if len(chosen) >= limit:
            break
    return [" ".join(run) for run in chosen]
