"""Near-duplicate sentences: the same fact copied from one article to another is one point."""

from __future__ import annotations

SAME_FACT_JACCARD = 0.6


def similar(a: frozenset[str], b: frozenset[str], threshold: float = SAME_FACT_JACCARD) -> bool:
    """Whether two sentences' content keys overlap so much they say the same thing."""
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= threshold


class Seen:
    """Keys of the sentences already kept; `add` refuses one too similar to any of them."""

    def __init__(self, threshold: float = SAME_FACT_JACCARD) -> None:
        self.threshold = threshold
        self._kept: list[frozenset[str]] = []

    def holds(self, keys: frozenset[str]) -> bool:
        """Whether a kept sentence is too similar to these keys."""
        return any(similar(keys, kept, self.threshold) for kept in self._kept)

    def add(self, keys: frozenset[str]) -> bool:
        if any(similar(keys, kept, self.threshold) for kept in self._kept):
            return False
        self._kept.append(keys)
        return True
