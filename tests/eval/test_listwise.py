"""The listwise ranker puts each question's right candidate first, whatever level a question's
candidates share, and returns probabilities in the softmax's order."""

from __future__ import annotations

import numpy as np

from eval.listwise import fit_listwise


def _questions(seed: int = 0, n: int = 60) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Column 0 tells the right candidate from the others within a question (it is one higher);
    column 1 is a level shared by all candidates of a question, high for questions whose right
    candidate is missing. Across questions column 0 alone separates nothing."""
    rng = np.random.default_rng(seed)
    groups = []
    for i in range(n):
        level = rng.normal(0.0, 3.0)
        rows = rng.normal(0.0, 0.2, size=(8, 2))
        rows[:, 0] += level
        labels = np.zeros(8, dtype=np.int8)
        if i % 4:
            labels[3] = 1
            rows[3, 0] += 1.0
        else:
            rows[:, 1] += 2.0  # no right candidate: these questions' scores should not lead the fit
        groups.append((rows, labels, 1.0))
    return groups


def test_the_right_candidate_comes_first() -> None:
    model = fit_listwise(_questions())
    for rows, labels, _ in _questions(seed=1):
        if labels.any():
            assert int(np.argmax(model(rows))) == 3


def test_scores_are_probabilities_ordered_like_the_softmax() -> None:
    model = fit_listwise(_questions())
    rows = _questions(seed=2)[1][0]
    scores = model(rows)
    assert np.all((scores > 0) & (scores < 1))
    linear = ((rows - model.mean) / model.scale) @ model.weights
    assert list(np.argsort(scores)) == list(np.argsort(linear))
