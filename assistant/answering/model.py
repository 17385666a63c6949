"""The fitted answer model, shipped as JSON: a ranker and the one refusal score.

- The ranker is a logistic regression over `features.FEATURES`: the probability that a candidate
  covers the answer (a candidate is positive when its text covers an evidence quote).
- The refusal score is a second logistic regression over `refusal.REFUSAL_FEATURES` (absolute
  signals of the best candidate and of the whole pool): the probability that the documents answer
  the question at all. Below `threshold`, chosen by leave-documents-out cross-validation to hold
  false refusals under a bound, the assistant says the documents do not say.
- Two shares of the best score a further unit needs to be cited too: `extra_ratio`, and a lower
  `several_ratio` for questions whose answer may have several pieces (`citing.further_units`),
  both chosen by the same cross-validation, like `facet_share`: the share of the threshold a side
  of a comparison or a part of a question needs to be answered.

`eval/fit_answerer.py` fits both and writes `model.json`. Scoring needs only NumPy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answering.features import FEATURES
from assistant.answering.refusal import REFUSAL_FEATURES, refusal_vector

MODEL_PATH = Path(__file__).with_name("model.json")


@dataclass(frozen=True, slots=True)
class Logistic:
    """A standardised logistic regression."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def __call__(self, matrix: np.ndarray) -> np.ndarray:
        if matrix.shape[0] == 0:
            return np.zeros(0, dtype=np.float64)
        z = ((matrix - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict:
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist(), "weights": self.weights.tolist(), "bias": self.bias}

    @classmethod
    def from_json(cls, data: dict) -> "Logistic":
        return cls(*(np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "weights")), float(data["bias"]))


@dataclass(frozen=True, slots=True)
class AnswerModel:
    ranker: Logistic
    refusal: Logistic | None  # None: the best candidate's probability is the refusal score
    threshold: float  # below this refusal score the documents are taken not to answer
    extra_ratio: float  # a further unit is cited when its score is at least this share of the best
    several_ratio: float | None = None  # … when the answer may have several pieces (`analysis.asks_several`)
    facet_share: float = 1.0  # a side or part is answered when its refusal score reaches this share of `threshold`

    @property
    def facet_threshold(self) -> float:
        return self.facet_share * self.threshold

    def ratio_for(self, several: bool) -> float:
        """The share of the best score a further unit needs to be cited too."""
        return self.several_ratio if several and self.several_ratio is not None else self.extra_ratio

    def score(self, matrix: np.ndarray) -> np.ndarray:
        """Probability that each candidate answers the question."""
        return self.ranker(matrix)

    def answers(self, matrix: np.ndarray, scores: np.ndarray) -> float:
        """The refusal score: how likely the documents answer the question at all."""
        if matrix.shape[0] == 0:
            return 0.0
        if self.refusal is None:
            return float(scores.max())
        return float(self.refusal(refusal_vector(matrix, scores)[None, :])[0])

    def to_json(self, extra: dict | None = None) -> dict:
        return {
            "features": list(FEATURES),
            "ranker": self.ranker.to_json(),
            "refusal_features": list(REFUSAL_FEATURES),
            "refusal": self.refusal.to_json() if self.refusal else None,
            "threshold": self.threshold,
            "extra_ratio": self.extra_ratio,
            "several_ratio": self.several_ratio,
            "facet_share": self.facet_share,
            **(extra or {}),
        }

    @classmethod
    def from_json(cls, data: dict) -> "AnswerModel":
        if tuple(data.get("features", ())) != FEATURES or tuple(data.get("refusal_features", ())) != REFUSAL_FEATURES:
            raise ValueError(
                "the answer model was fitted on other features than the code computes; "
                "re-fit it with `python -m eval.fit_answerer`"
            )
        refusal = Logistic.from_json(data["refusal"]) if data.get("refusal") else None
        several = data.get("several_ratio")
        return cls(
            Logistic.from_json(data["ranker"]), refusal, float(data["threshold"]), float(data.get("extra_ratio", 0.8)),
            float(several) if several is not None else None, float(data.get("facet_share", 1.0)),
        )


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> AnswerModel:
    return AnswerModel.from_json(json.loads(path.read_text(encoding="utf-8")))
