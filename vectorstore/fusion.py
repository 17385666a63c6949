"""Fusing ranked candidate lists (dense, lexical) into one ranking: pure functions."""

from __future__ import annotations

from collections.abc import Sequence

Ranked = Sequence[tuple[str, float]]  # (passage id, score), best first


def rrf(lists: Sequence[Ranked], weights: Sequence[float], c: float = 60.0) -> dict[str, float]:
    """Reciprocal rank fusion: sum of weight / (c + rank), ranks from 1."""
    fused: dict[str, float] = {}
    for ranked, weight in zip(lists, weights, strict=True):
        for rank, (pid, _) in enumerate(ranked, start=1):
            fused[pid] = fused.get(pid, 0.0) + weight / (c + rank)
    return fused


def weighted(lists: Sequence[Ranked], weights: Sequence[float]) -> dict[str, float]:
    """Weighted sum of scores min-max normalised within each list (absent from a list → 0)."""
    fused: dict[str, float] = {}
    for ranked, weight in zip(lists, weights, strict=True):
        if not ranked:
            continue
        scores = [s for _, s in ranked]
        low, high = min(scores), max(scores)
        span = high - low or 1.0
        for pid, score in ranked:
            fused[pid] = fused.get(pid, 0.0) + weight * (score - low) / span
    return fused


def top(fused: dict[str, float], k: int) -> list[tuple[str, float]]:
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
