"""The fitted answer model: a logistic regression over `features.FEATURES`, shipped as JSON.

`eval/fit_answerer.py` fits it on the labelled question sets (a candidate is positive when its
text covers an evidence quote of the question) and writes `model.json`: the feature names, their
standardisation, the weights, and the refusal threshold chosen by leave-documents-out
cross-validation. Scoring needs only NumPy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answering.features import FEATURES

MODEL_PATH = Path(__file__).with_name("model.json")


@dataclass(frozen=True, slots=True)
class AnswerModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float  # below this best score the documents are taken not to answer
    extra_ratio: float  # a further unit is cited when its score is at least this share of the best

    def score(self, matrix: np.ndarray) -> np.ndarray:
        """Probability that each candidate answers the question."""
        if matrix.shape[0] == 0:
            return np.zeros(0, dtype=np.float64)
        z = ((matrix - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self, extra: dict | None = None) -> dict:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
            "extra_ratio": self.extra_ratio,
            **(extra or {}),
        }

    @classmethod
    def from_json(cls, data: dict) -> "AnswerModel":
        features = tuple(data["features"])
        if features != FEATURES:
            raise ValueError(
                "the answer model was fitted on other features than the code computes; "
                "re-fit it with `python -m eval.fit_answerer`"
            )
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            extra_ratio=float(data.get("extra_ratio", 0.8)),
        )


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> AnswerModel:
    return AnswerModel.from_json(json.loads(path.read_text(encoding="utf-8")))
