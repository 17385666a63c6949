"""The refusal fit: a balanced L2 logistic regression whose weights keep the signs fixed for them;
the refusal threshold calibrated on held-out decisions."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.answering.refusal import REFUSAL_DIRECTIONS, REFUSAL_FEATURES
from eval.fit_answerer import REFUSAL_C, calibrate_threshold, choose_threshold, false_refusal_rate, fit_refusal, signed_logistic


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(400, 3))
    # the label follows column 0 up and column 1 down; 70% positives, so balancing matters
    labels = (x[:, 0] - x[:, 1] + rng.normal(scale=0.8, size=400) > -0.7).astype(int)
    return x, labels


def test_free_directions_give_scikit_learns_balanced_fit() -> None:
    x, labels = _data()
    ours = signed_logistic(x, labels, 0.3, [0, 0, 0])
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    reference = LogisticRegression(C=0.3, class_weight="balanced", max_iter=5000).fit(z, labels)
    np.testing.assert_allclose(ours.weights, reference.coef_[0], atol=1e-3)
    assert abs(ours.bias - reference.intercept_[0]) < 1e-3


def test_a_direction_against_the_data_holds_that_weight_at_zero() -> None:
    x, labels = _data()
    free = signed_logistic(x, labels, 0.3, [0, 0, 0])
    assert free.weights[1] < -0.5
    held = signed_logistic(x, labels, 0.3, [1, 1, 0])
    assert held.weights[0] > 0.5 and held.weights[1] == 0.0
    assert signed_logistic(x, labels, 0.3, [0, -1, -1]).weights[1] < -0.5  # agreeing signs change little


def test_fit_refusal_keeps_every_declared_sign() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(300, len(REFUSAL_FEATURES)))
    answerable = rng.random(300) < 0.8
    vectors[:, REFUSAL_FEATURES.index("best_cov")] -= 2.0 * answerable  # a signal pointing the "wrong" way
    model = fit_refusal(vectors, answerable, signed=True)
    for name, weight in zip(REFUSAL_FEATURES, model.weights):
        assert REFUSAL_DIRECTIONS.get(name, 0) * weight >= 0.0, name
    assert model.weights[REFUSAL_FEATURES.index("best_cov")] == 0.0
    assert fit_refusal(vectors, answerable).weights[REFUSAL_FEATURES.index("best_cov")] < 0.0  # the default is free
    assert set(REFUSAL_DIRECTIONS) <= set(REFUSAL_FEATURES)
    assert REFUSAL_C > 0


def _questions() -> tuple[list[Any], dict[str, float]]:
    """100 answerable questions scored 0.01 … 1.00 and 10 unanswerable ones scored low."""
    examples = [SimpleNamespace(item=SimpleNamespace(id=f"a{n}", answerable=True)) for n in range(1, 101)]
    examples += [SimpleNamespace(item=SimpleNamespace(id=f"u{n}", answerable=False)) for n in range(10)]
    scores = {f"a{n}": n / 100 for n in range(1, 101)} | {f"u{n}": n / 200 for n in range(10)}
    return examples, scores


def _decider(examples: list[Any], scores: dict[str, float], spared: set[str]):
    """Refuses below the threshold, except the `spared` questions (decided side by side)."""

    def decide_at(threshold: float) -> list[dict[str, Any]]:
        return [
            {
                "answerable": e.item.answerable,
                "metrics": {"refused": scores[e.item.id] < threshold and e.item.id not in spared},
            }
            for e in examples
        ]

    return decide_at


def test_decisions_that_follow_the_score_keep_the_score_threshold() -> None:
    examples, scores = _questions()
    threshold, records = calibrate_threshold(scores, examples, 0.05, _decider(examples, scores, set()))
    assert threshold == choose_threshold(scores, examples, 0.05)
    assert false_refusal_rate(records) == 0.05


def test_questions_spared_by_their_decision_leave_room_to_refuse_more() -> None:
    examples, scores = _questions()
    spared = {f"a{n}" for n in range(1, 101, 2)}  # every odd-numbered answerable question
    threshold, records = calibrate_threshold(scores, examples, 0.05, _decider(examples, scores, spared))
    assert threshold > choose_threshold(scores, examples, 0.05)
    assert false_refusal_rate(records) == 0.05  # the whole budget, not more
    refused_unanswerable = sum(r["metrics"]["refused"] for r in records if not r["answerable"])
    assert refused_unanswerable == 10
