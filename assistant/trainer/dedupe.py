"""Near-duplicate sentences: the same fact copied from one article to another is one point."""

from __future__ import annotations

SAME_FACT_JACCARD = 0.6


def similar(a: frozenset[str], b: frozenset[str], threshold: float = SAME_FACT_JACCARD) -> bool:
    """Whether two sentences' content keys overlap so much they say the same thing."""
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= threshold


def numbers_of(keys: frozenset[str]) -> frozenset[str]:
    """The keys that are numbers (counts, document numbers, dates' digits)."""
    return frozenset(k for k in keys if k[:1].isdigit())


def told_apart(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sentences of one template whose numbers all differ state different facts ("Tại Nghị
    quyết số 1661/…, … tỉnh Điện Biên" and "Tại Nghị quyết số 1681/…, … tỉnh Sơn La")."""
    na, nb = numbers_of(a), numbers_of(b)
    return bool(na) and bool(nb) and not na & nb


class Seen:
    """Keys of the sentences already kept; `add` refuses one too similar to any of them. With
    `by_numbers`, sentences `told_apart` by their numbers are not the same (the quiz: each asks
    its own fact; a brief keeps the default, one point per template is enough there)."""

    def __init__(self, threshold: float = SAME_FACT_JACCARD, by_numbers: bool = False) -> None:
        self.threshold = threshold
        self.by_numbers = by_numbers
        self._kept: list[frozenset[str]] = []

    def holds(self, keys: frozenset[str]) -> bool:
        """Whether a kept sentence is too similar to these keys."""
        return any(
            similar(keys, kept, self.threshold) and not (self.by_numbers and told_apart(keys, kept)) for kept in self._kept
        )

    def add(self, keys: frozenset[str]) -> bool:
        if any(similar(keys, kept, self.threshold) for kept in self._kept):
            return False
        self._kept.append(keys)
        return True
