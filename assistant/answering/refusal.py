"""When the documents do not answer: the signals the one refusal score is computed from, and the reply."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answering.features import FEATURES


def refusal_message(closest: Sequence[tuple[str, str | None]]) -> str:
    """"The documents do not say", naming the closest documents (title, date) to look at."""
    text = "Xin lỗi, các tài liệu hiện có không chứa thông tin để trả lời câu hỏi này."
    if closest:
        names = "; ".join(f"«{title}»" + (f" ({published})" if published else "") for title, published in closest)
        text += f" Các tài liệu gần nhất với câu hỏi: {names}."
    return text


# -- the one score that decides ---------------------------------------------------------------------
# Whether the documents answer is a property of the question, judged on absolute signals: how much
# of the question the best candidate (and its surroundings) holds, whether it holds the asked kind
# of fact next to what is asked, whether the names, years and document numbers the question gives
# appear anywhere in the pool, and how much of the question the index has never seen at all
# ("công thức nấu phở"). The candidate scores rank; they are relative within a question (gaps,
# ranks), so they do not say this alone.
_FROM_BEST = (
    "cov", "cov_ctx", "dense", "type_missing", "predicate_near", "entity_near", "count_near",
    "name_missing_ctx", "proper_missing_ctx", "phrase", "bigram", "precision", "year_missing_doc",
    "docnum_missing_doc", "modified_post", "other_place", "hist_cov",
)  # fmt: skip
_QUESTION = ("q_unknown", "q_unknown_pairs", "miss_pool", "dense_max", "typed_q", "has_names", "has_proper", "count_q", "asks_now")
_POOL_MIN = ("proper_missing_ctx", "name_missing_doc", "year_missing_doc", "docnum_missing_doc")
_POOL_MAX = ("cov", "cov_ctx", "all_present", "hist_cov")
REFUSAL_FEATURES: tuple[str, ...] = (
    *(f"best_{name}" for name in _FROM_BEST),
    *_QUESTION,
    *(f"pool_{name}" for name in _POOL_MIN),
    *(f"max_{name}" for name in _POOL_MAX),
)  # fmt: skip


# The way each signal may push the score, for `eval.fit_answerer --signed-refusal` (measured, not the
# shipped model's fit; README "Leave-documents-out cross-validation"): more of the question found can only
# make an answer more likely, a missing name, year or document number only less. Left free, the fit
# splits collinear signals into opposite weights (the best candidate's coverage against its
# surroundings' coverage), which cancel on the questions it saw and can misfire on questions unlike
# them. Signals describing the question alone stay free.
REFUSAL_DIRECTIONS: dict[str, int] = {
    "best_cov": 1, "best_cov_ctx": 1, "best_dense": 1, "best_type_missing": -1, "best_predicate_near": 1,
    "best_entity_near": 1, "best_count_near": 1, "best_name_missing_ctx": -1, "best_proper_missing_ctx": -1,
    "best_phrase": 1, "best_bigram": 1, "best_precision": 1, "best_year_missing_doc": -1,
    "best_docnum_missing_doc": -1, "best_modified_post": -1, "best_other_place": -1, "best_hist_cov": 1, "max_hist_cov": 1, "q_unknown": -1, "q_unknown_pairs": -1, "asks_now": -1, "miss_pool": -1, "dense_max": 1,
    "pool_proper_missing_ctx": -1, "pool_name_missing_doc": -1, "pool_year_missing_doc": -1,
    "pool_docnum_missing_doc": -1, "max_cov": 1, "max_cov_ctx": 1, "max_all_present": 1,
}  # fmt: skip


def refusal_vector(matrix: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """`REFUSAL_FEATURES` of one question, from its candidates' features and their scores."""
    if matrix.shape[0] == 0:
        return np.zeros(len(REFUSAL_FEATURES))
    col = {name: i for i, name in enumerate(FEATURES)}
    best = matrix[int(np.argmax(scores))]
    values = [float(best[col[name]]) for name in (*_FROM_BEST, *_QUESTION)]
    values += [float(matrix[:, col[name]].min()) for name in _POOL_MIN]
    values += [float(matrix[:, col[name]].max()) for name in _POOL_MAX]
    return np.asarray(values, dtype=np.float64)
