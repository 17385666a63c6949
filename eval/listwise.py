"""A listwise ranker: one softmax over each question's candidates, then a scale to probabilities.

The answer model's ranker only has to put a right sentence first among its question's candidates.
A pointwise logistic regression instead learns "is this candidate right" across all questions at
once, so its weights also spend effort on telling apart candidates of different questions. Here
the weights maximise, per question, the softmax probability of its right candidates (L2
regularised, on standardised columns). A one-dimensional logistic regression of the labels on
the resulting scores (Platt scaling) then turns them into probabilities, so that shares of the
best score and the refusal stacking keep their meaning, and the whole is one `Logistic`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answering.model import Logistic

LISTWISE_L2 = 0.1  # chosen on held-out top-1 (README): 0.07–0.13 measured alike, 0.05 and 0.16 lower


def fit_listwise(
    groups: Sequence[tuple[np.ndarray, np.ndarray, float]], l2: float = LISTWISE_L2
) -> Logistic:
    """`groups`: (candidate matrix, 0/1 labels, weight) per question; questions without a right
    candidate teach the order nothing and are left out of the softmax (not of the scaling)."""
    from scipy.optimize import minimize

    matrix = np.concatenate([m for m, _, _ in groups]).astype(np.float64)
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale < 1e-6] = 1.0
    standard = [((m - mean) / scale, y.astype(np.float64), w) for m, y, w in groups]
    ranked = [(z, y / y.sum(), w) for z, y, w in standard if y.sum() > 0]
    total = sum(w for _, _, w in ranked) or 1.0

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        value, gradient = 0.0, np.zeros_like(weights)
        for z, target, w in ranked:
            s = z @ weights
            p = np.exp(s - s.max())
            p /= p.sum()
            value -= w * float(target @ np.log(p + 1e-12))
            gradient += w * (z.T @ (p - target))
        return value / total + l2 * float(weights @ weights), gradient / total + 2 * l2 * weights

    weights = minimize(loss, np.zeros(matrix.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
    slope, bias = _platt(standard, weights)
    return Logistic(mean, scale, slope * weights, bias)


def _platt(standard: Sequence[tuple[np.ndarray, np.ndarray, float]], weights: np.ndarray) -> tuple[float, float]:
    """Slope and bias of the labels' logistic regression on the scores, each question weighing
    its weight however many candidates it has."""
    from sklearn.linear_model import LogisticRegression

    scores = np.concatenate([z @ weights for z, _, _ in standard]).reshape(-1, 1)
    labels = np.concatenate([y for _, y, _ in standard])
    sample = np.concatenate([np.full(len(y), w / max(1, len(y))) for _, y, w in standard])
    if labels.min() == labels.max():
        return 1.0, 0.0
    model = LogisticRegression(C=100.0, max_iter=1000).fit(scores, labels, sample_weight=sample * len(standard))
    return float(model.coef_[0][0]), float(model.intercept_[0])
