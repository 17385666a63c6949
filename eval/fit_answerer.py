"""Fit the answer model on labelled questions, measured by leave-documents-out cross-validation.

    python -m eval.fit_answerer --data-dir DIR DATASET.jsonl ... [--also DIR=DATASET.jsonl,...]
        [--out assistant/answering/model.json] [--report reports/fit] [--folds 5] [--max-false-refusal 0.04]
        [--signed-refusal] [--ranker pointwise|listwise]

`--also` adds the questions of other sets as asked of another index (say, the five sample
articles alone), so that the model learns how scores look over a small collection as well as a
large one; a document falls in the same fold whatever index holds it.

Every question goes through the chain's retrieval and the engine's candidate and feature steps
(`AnswerEngine.prepare`); a candidate is labelled positive when its text covers one of the
question's evidence quotes (the evidence rule of `eval.evidence`). Documents are split into folds;
each fold's questions (by their first evidence document; unanswerable ones by their id) are
answered by models fitted on the other folds only: the ranker on candidates, then the refusal
score on the question-level signals of the ranker's held-out choices (stacking). From those
held-out answers the script chooses the share of the best score a further quote needs and then
the refusal threshold: the highest whose held-out decisions refuse at most the bound of the
answerable questions. It reports the cross-validated metrics with the harness's own definitions
(`eval.scoring`, `eval.aggregate`), then fits the shipped model on everything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering.engine import AnswerEngine, Decision, Prepared
from assistant.answering.features import FEATURES, without_vectors
from assistant.answering.model import MODEL_PATH, AnswerModel, Logistic
from assistant.answering.refusal import REFUSAL_DIRECTIONS, REFUSAL_FEATURES, refusal_vector
from assistant.schemas import HistoryTurn
from eval.aggregate import aggregate
from eval.dataset import EvalItem, load_dataset
from eval.evidence import text_covers_quote
from eval.listwise import fit_listwise
from eval.scoring import Outcome, build_record

EXTRA_RATIOS = (0.6, 0.7, 0.8, 0.9, 1.01)
SEVERAL_RATIOS = (0.1, 0.2, 0.3, 0.4, 0.5)  # tried below the chosen `EXTRA_RATIOS` value, for `asks_several` questions
FACET_SHARES = (1.0, 0.8, 0.6, 0.4)  # shares of the refusal threshold a side or part of a question needs
QUALITY = ("answer_accuracy", "citation_coverage", "citation_precision")  # summed to choose the shares above
NO_VECTOR_WEIGHT = 0.3
RANKER_C = 1.0
REFUSAL_C = 0.3


@dataclass
class Example:
    item: EvalItem
    prepared: Prepared
    labels: np.ndarray
    fold: int
    engine: AnswerEngine | None = None  # the engine (and index) the question was asked of


def fold_of(key: str, folds: int) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % folds


def question_fold(item: EvalItem, folds: int) -> int:
    """Questions fall in the fold of their first evidence document (unanswerable ones: of their id)."""
    return fold_of(item.evidence[0].doc if item.evidence else f"q:{item.id}", folds)


def labels_for(item: EvalItem, prepared: Prepared) -> np.ndarray:
    """1 for a candidate whose text covers an evidence quote. Any document counts: news sites copy
    each other, and the same sentence in another article answers the question just as well."""
    out = np.zeros(len(prepared.candidates), dtype=np.int8)
    for i, c in enumerate(prepared.candidates):
        if any(text_covers_quote(c.unit.text, e.quote) for e in item.evidence):
            out[i] = 1
    return out


def _logistic(matrix: np.ndarray, labels: np.ndarray, weights: np.ndarray | None, c: float, balanced: bool = False) -> Logistic:
    from sklearn.linear_model import LogisticRegression

    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)
    model.fit((matrix - mean) / scale, labels, sample_weight=weights)
    return Logistic(mean.astype(np.float64), scale.astype(np.float64), model.coef_[0].astype(np.float64), float(model.intercept_[0]))


def fit_ranker(examples: Sequence[Example], kind: str = "pointwise") -> Logistic:
    """The candidate ranker. "listwise" (`eval.listwise`): a softmax over each question's
    candidates, scaled to probabilities; "pointwise": logistic regression on every candidate, each
    question weighing the same however many candidates it has. Either way every question is also
    shown as an index without sentence vectors would give it (at a lower weight), so answers stay
    sensible while vectors are missing."""
    if kind == "listwise":
        groups = [(e.prepared.matrix, e.labels, 1.0) for e in examples]
        groups += [(without_vectors(e.prepared.matrix), e.labels, NO_VECTOR_WEIGHT) for e in examples]
        return fit_listwise([g for g in groups if len(g[1])])
    with_vectors = np.concatenate([e.prepared.matrix for e in examples])
    matrix = np.concatenate([with_vectors, without_vectors(with_vectors)])
    labels = np.tile(np.concatenate([e.labels for e in examples]), 2)
    per_question = np.concatenate([np.full(len(e.labels), 1.0 / max(1, len(e.labels))) for e in examples])
    weights = np.concatenate([per_question, NO_VECTOR_WEIGHT * per_question]) * len(examples)
    return _logistic(matrix, labels, weights, RANKER_C)


def signed_logistic(matrix: np.ndarray, labels: np.ndarray, c: float, directions: Sequence[int]) -> Logistic:
    """L2-regularised logistic regression with balanced classes (the objective scikit-learn's
    `LogisticRegression(C=c, class_weight="balanced")` minimises) whose weight on a standardised
    column is kept ≥ 0 where `directions` says +1 and ≤ 0 where it says -1 (0: free)."""
    from scipy.optimize import minimize

    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (matrix - mean) / scale
    y = labels.astype(np.float64)
    positives = y.sum()
    weight = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * (len(y) - positives)))

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:-1], params[-1]
        margin = z @ w + b
        value = weight * (y * np.logaddexp(0, -margin) + (1 - y) * np.logaddexp(0, margin))
        residual = weight * (1 / (1 + np.exp(-margin)) - y)
        return value.sum() + 0.5 / c * (w @ w), np.append(z.T @ residual + w / c, residual.sum())

    bounds = [(0, None) if d > 0 else (None, 0) if d < 0 else (None, None) for d in directions] + [(None, None)]
    fit = minimize(loss, np.zeros(z.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000})
    return Logistic(mean.astype(np.float64), scale.astype(np.float64), fit.x[:-1].astype(np.float64), float(fit.x[-1]))


def fit_refusal(vectors: np.ndarray, answerable: np.ndarray, signed: bool = False) -> Logistic:
    """Whether the documents answer, from the question-level signals (classes balanced); with
    `signed`, each weight's sign is held to `REFUSAL_DIRECTIONS` (measured, not shipped: README)."""
    if not signed:
        return _logistic(vectors, answerable.astype(int), None, REFUSAL_C, balanced=True)
    directions = [REFUSAL_DIRECTIONS.get(name, 0) for name in REFUSAL_FEATURES]
    return signed_logistic(vectors, answerable.astype(int), REFUSAL_C, directions)


def outcome_of(decision: Decision) -> Outcome:
    from assistant.chain import make_citation

    citations = [
        make_citation(n, c.index.document, c.passage, c.unit.start, c.unit.end).model_dump()
        for n, c in enumerate(decision.chosen, 1)
    ]
    return Outcome(
        answer=decision.answer if decision.found else "",
        found=decision.found,
        mode="extractive",
        citations=citations,
        retrieved=[r.to_json() for r in decision.retrieved],
        latency_ms=0.0,
        short_answer=decision.short if decision.found else None,
    )


def _texts(examples: Sequence[Example]):
    from eval.dataset import DocumentTexts

    texts = DocumentTexts()
    for e in examples:
        for c in e.prepared.candidates:
            doc = c.index.document
            texts.add(doc.doc_id, doc.source, doc.text)
    return texts


def choose_threshold(scores: dict[str, float], examples: Sequence[Example], bound: float) -> float:
    """The highest threshold refusing at most `bound` of the answerable questions."""
    answerable = sorted(scores[e.item.id] for e in examples if e.item.answerable)
    if not answerable:
        return 0.5
    allowed = int(np.floor(bound * len(answerable)))
    return float(answerable[allowed]) - 1e-9 if allowed < len(answerable) else 0.0


def held_out_records(
    examples: Sequence[Example], models: dict[int, AnswerModel], texts: Any
) -> list[dict[str, Any]]:
    """Every question decided by its own fold's models, scored with the harness's definitions."""
    records = []
    for e in examples:
        assert e.engine is not None
        e.engine.model = models[e.fold]
        records.append(build_record(e.item, outcome_of(e.engine.decide(e.prepared)), texts))
    return records


def false_refusal_rate(records: Sequence[dict[str, Any]]) -> float:
    """The share of the answerable questions refused (the harness's `false_refusal_rate`)."""
    refused = [bool(r["metrics"]["refused"]) for r in records if r["answerable"]]
    return sum(refused) / len(refused) if refused else 0.0


def calibrate_threshold(
    scores: dict[str, float], examples: Sequence[Example], bound: float, decide_at: Callable[[float], list[dict[str, Any]]]
) -> tuple[float, list[dict[str, Any]]]:
    """The highest threshold whose held-out *decisions* refuse at most `bound` of the answerable
    questions, with those decisions.

    The score threshold alone (`choose_threshold`) under-uses the bound: a question split into
    sides, or answered by parts, is decided side by side, so fewer answerable questions are refused
    than scored below the threshold. Candidates are the answerable questions' own scores, searched
    upwards (binary search; refusals grow with the threshold) from the score threshold."""
    answerable = sorted(scores[e.item.id] for e in examples if e.item.answerable)
    low = int(np.floor(bound * len(answerable)))
    if low >= len(answerable):
        threshold = choose_threshold(scores, examples, bound)
        return threshold, decide_at(threshold)
    best = float(answerable[low]) - 1e-9
    best_records = decide_at(best)
    high = len(answerable) - 1
    while low < high:
        middle = (low + high + 1) // 2
        threshold = float(answerable[middle]) - 1e-9
        records = decide_at(threshold)
        if false_refusal_rate(records) <= bound:
            low, best, best_records = middle, threshold, records
        else:
            high = middle - 1
    return best, best_records


def cross_validate(
    examples: list[Example], folds: int, bound: float, signed_refusal: bool = False, ranker: str = "pointwise"
) -> dict[str, Any]:
    """Held-out decisions for every question (both models fitted without its fold); on them are
    chosen, in turn, the extra-quote share, the lower share for questions whose answer may have
    several pieces, the share of the threshold a side or part needs (refusal recall counting too,
    as it trades answers for refusals), and then the refusal threshold."""
    rankers = {k: fit_ranker([e for e in examples if e.fold != k], ranker) for k in range(folds)}
    held_out = np.stack([refusal_vector(e.prepared.matrix, rankers[e.fold](e.prepared.matrix)) for e in examples])
    answerable = np.array([e.item.answerable for e in examples])
    fold_of_example = np.array([e.fold for e in examples])
    refusals = {
        k: fit_refusal(held_out[fold_of_example != k], answerable[fold_of_example != k], signed_refusal) for k in range(folds)
    }
    answers = {e.item.id: float(refusals[e.fold](held_out[i : i + 1])[0]) for i, e in enumerate(examples)}
    texts = _texts(examples)

    def decide_at(
        threshold: float, ratio: float, several: float | None = None, facet: float = 1.0
    ) -> list[dict[str, Any]]:
        models = {k: AnswerModel(rankers[k], refusals[k], threshold, ratio, several, facet) for k in range(folds)}
        return held_out_records(examples, models, texts)

    score_threshold = choose_threshold(answers, examples, bound)
    scored = {ratio: aggregate(decide_at(score_threshold, ratio)) for ratio in EXTRA_RATIOS}

    def quality(metrics: dict[str, Any]) -> float:
        return sum(metrics.get(name) or 0.0 for name in QUALITY)

    ratio = max(scored, key=lambda r: quality(scored[r]))
    by_several: dict[float | None, dict[str, Any]] = {None: scored[ratio]}
    for several in (r for r in SEVERAL_RATIOS if r < ratio):
        by_several[several] = aggregate(decide_at(score_threshold, ratio, several))
    several = max(by_several, key=lambda r: quality(by_several[r]))
    by_facet = {FACET_SHARES[0]: by_several[several]}
    for share in FACET_SHARES[1:]:
        by_facet[share] = aggregate(decide_at(score_threshold, ratio, several, share))
    facet = max(by_facet, key=lambda s: quality(by_facet[s]) + (by_facet[s].get("refusal_recall") or 0.0))
    threshold, records = calibrate_threshold(answers, examples, bound, lambda t: decide_at(t, ratio, several, facet))
    return {
        "threshold": threshold,
        "score_threshold": score_threshold,
        "extra_ratio": ratio,
        "several_ratio": several,
        "several_trials": {str(r): {k: m.get(k) for k in QUALITY} for r, m in by_several.items()},
        "facet_share": facet,
        "facet_trials": {str(s): {k: m.get(k) for k in (*QUALITY, "refusal_recall")} for s, m in by_facet.items()},
        "metrics": aggregate(records),
        "metrics_at_score_threshold": by_facet[facet],
        "records": records,
        "held_out_refusal_vectors": held_out,
    }


def prepare_examples(engine: AnswerEngine, items: Sequence[EvalItem], folds: int, progress: bool) -> list[Example]:
    examples = []
    started = time.perf_counter()
    for n, item in enumerate(items, 1):
        history = [HistoryTurn(role=t["role"], content=t["content"]) for t in item.history]
        prepared = engine.prepare(item.question, history)
        examples.append(Example(item, prepared, labels_for(item, prepared), question_fold(item, folds)))
        if progress and n % 25 == 0:
            print(f"  prepared {n}/{len(items)} questions ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return examples


def per_set(records: Sequence[dict[str, Any]], sets: dict[str, str]) -> dict[str, dict[str, Any]]:
    by_set: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_set.setdefault(sets[record["id"]], []).append(record)
    return {name: aggregate(recs) for name, recs in sorted(by_set.items())}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True, help="an index holding every document of the datasets")
    parser.add_argument("--also", action="append", default=[], metavar="DIR=SET,SET", help="questions asked of another index")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--report", type=Path, default=Path("reports/fit"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-false-refusal", type=float, default=0.04)
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument("--signed-refusal", action="store_true", help="hold refusal weights to REFUSAL_DIRECTIONS' signs")
    parser.add_argument("--ranker", choices=("pointwise", "listwise"), default="pointwise", help="how the candidate ranker is fitted (listwise: measured, not shipped)")
    args = parser.parse_args(argv)

    from assistant.chain import Assistant
    from assistant.factory import make_retriever, open_store
    from assistant.settings import Settings

    n = len(FEATURES)
    placeholder = AnswerModel(Logistic(np.zeros(n), np.ones(n), np.zeros(n), 0.0), None, 0.5, 0.8)
    settings_list = [(args.data_dir, list(args.datasets))]
    for spec in args.also:
        directory, _, names = spec.partition("=")
        settings_list.append((Path(directory), [Path(n) for n in names.split(",") if n]))
    examples: list[Example] = []
    sets: dict[str, str] = {}
    stores = []
    for index_number, (data_dir, datasets) in enumerate(settings_list):
        settings = Settings(data_dir=data_dir)
        store = open_store(settings)
        stores.append(store)
        assistant = Assistant(store=store, retriever=make_retriever(settings, store), llm=None, k=settings.retrieval_k)
        engine = assistant.engine_for(settings.retrieval_k, None, {}, placeholder)
        engine.cache = {}  # facets are retrieved once, however many times a question is decided
        items: list[EvalItem] = []
        for path in datasets:
            for item in load_dataset(path):
                key = item.id if index_number == 0 else f"{item.id}@{data_dir.name}"
                if key in sets:
                    raise SystemExit(f"duplicate question id {item.id!r} in {path}")
                sets[key] = path.stem if index_number == 0 else f"{path.stem}@{data_dir.name}"
                items.append(replace(item, id=key))
        print(f"{len(items)} questions of {len(datasets)} sets over {data_dir}", file=sys.stderr)
        for example in prepare_examples(engine, items, args.folds, not args.no_progress):
            example.engine = engine
            examples.append(example)
    args.report.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(  # the labelled rows, for studying the model without re-running retrieval
        args.report / "rows.npz",
        matrix=np.concatenate([e.prepared.matrix for e in examples]),
        labels=np.concatenate([e.labels for e in examples]),
        question=np.concatenate([np.full(len(e.labels), i) for i, e in enumerate(examples)]),
        fold=np.array([e.fold for e in examples]),
        answerable=np.array([e.item.answerable for e in examples]),
        ids=np.array([e.item.id for e in examples]),
    )
    cv = cross_validate(examples, args.folds, args.max_false_refusal, args.signed_refusal, args.ranker)
    answerable = np.array([e.item.answerable for e in examples])
    refusal = fit_refusal(cv["held_out_refusal_vectors"], answerable, args.signed_refusal)
    final = AnswerModel(
        fit_ranker(examples, args.ranker), refusal, cv["threshold"], cv["extra_ratio"], cv["several_ratio"], cv["facet_share"]
    )
    summary = {
        "questions": len(examples),
        "folds": args.folds,
        "threshold": cv["threshold"],
        "score_threshold": cv["score_threshold"],
        "extra_ratio": cv["extra_ratio"],
        "several_ratio": cv["several_ratio"],
        "several_trials": cv["several_trials"],
        "facet_share": cv["facet_share"],
        "facet_trials": cv["facet_trials"],
        "cross_validated": cv["metrics"],
        "cross_validated_at_score_threshold": cv["metrics_at_score_threshold"],
        "cross_validated_by_set": per_set(cv["records"], sets),
        "candidates_with_a_positive": float(np.mean([e.labels.any() for e in examples if e.item.answerable])),
    }
    args.out.write_text(json.dumps(final.to_json({"fitted_on": sorted(set(sets.values()))}), indent=1) + "\n")
    (args.report / "cv.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    (args.report / "cv_records.json").write_text(json.dumps(cv["records"], indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in summary.items() if k != "cross_validated_by_set"}, indent=1, ensure_ascii=False))
    for name, metrics in summary["cross_validated_by_set"].items():
        keys = ("answer_accuracy", "citation_coverage", "citation_precision", "refusal_recall", "false_refusal_rate", "hit@5")
        print(name, {k: metrics.get(k) for k in keys})
    for store in stores:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
