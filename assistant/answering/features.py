"""The general signals the answer model combines, one row per candidate unit.

Each signal is a property any question and any document have, never a rule about particular
wording: how close the sentence's vector is to the question's; how much of the question's
specific (IDF-weighted) vocabulary the sentence, its surroundings and its document hold; whether
it holds the kind of fact asked for (a number next to the counted noun, a date, a person, a
document number, a place, a cause); whether the years, document numbers and names of the question
are there; where retrieval ranked it; where it sits in its document. Question-level signals
(how much of the question no retrieved document mentions, the best vector similarity anywhere)
let the same model say when nothing answers.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from assistant import textkeys as tk
from assistant.answering import spans as sp
from assistant.answering import vocabulary as vocab
from assistant.answering.analysis import Analysis, asks_day, canonical_words, new_spans, surface_words
from assistant.answering.doc_stats import sentence_frequencies
from assistant.answering.candidates import (
    Candidate,
    context_capitalised,
    context_sequence,
    unit_capitalised,
    context_words,
    document_names,
    document_sequence,
    document_words,
    unit_pairs,
    unit_sequence,
    unit_words,
)
from assistant.units import DocIndex, Unit

FEATURES: tuple[str, ...] = (
    "dense", "dense_gap", "dense_rank", "has_vec", "dense_max", "dense_doc",
    "cov", "cov_gap", "cov_rank", "cov_ctx", "cov_doc", "miss_pool", "bigram", "phrase", "precision", "hist_cov",
    "rank_inv", "inside", "doc_rank_inv",
    "typed_q", "type_missing", "count_q", "count_near", "reason_q", "reason_match",
    "year_unit", "year_missing_doc", "docnum_unit", "docnum_missing_doc", "number_unit",
    "has_names", "name_unit", "name_missing_ctx", "name_missing_doc", "name_title",
    "heading", "clause", "length", "position", "lead", "field_line",
    "typed_cov", "named_cov", "all_present", "predicate_near", "q_unknown", "q_unknown_pairs",
    "has_proper", "proper_unit", "proper_missing_ctx", "entity_near", "count_phrase", "modified_post",
    "other_place", "asks_now",
)  # fmt: skip
_TYPED = ("number", "date", "person", "docnum", "place")
# The signals that need sentence vectors: all zero when the index has none (vectors off, or still
# being computed), which the model is also trained on (`without_vectors`).
VECTOR_FEATURES = ("dense", "dense_gap", "dense_rank", "has_vec", "dense_max", "dense_doc")


def without_vectors(matrix: np.ndarray) -> np.ndarray:
    """The same rows as an index without sentence vectors would give them."""
    out = matrix.copy()
    for name in VECTOR_FEATURES:
        out[:, FEATURES.index(name)] = 0.0
    return out
COUNT_WINDOW = 3  # words between a number and the noun it counts
TYPED_WINDOW = 6  # words between an asked fact (a date, a name …) and a specific word of the question
ENTITY_WINDOW = 12  # … and a name, year or document number the question gives
MAX_NAME_WORDS = 4


def asked_types(q: Analysis) -> list[str]:
    """The typed kinds of fact the question asks for, "date" narrowed to "day" when it asks "ngày nào"."""
    day = asks_day(q)
    return [("day" if t == "date" and day else t) for t in q.answer_types if t in _TYPED]


def _idf(candidates: Sequence[Candidate]) -> tuple[dict[str, float], float]:
    """Word weights from sentence frequencies in the candidates' documents, and the weight of an unseen word."""
    df: dict[str, int] = {}
    n = 0
    seen: set[str] = set()
    for c in candidates:
        doc_id = c.index.document.doc_id
        if doc_id in seen:
            continue
        seen.add(doc_id)
        doc_df, doc_n = sentence_frequencies(c.index)
        n += doc_n
        for word, count in doc_df.items():
            df[word] = df.get(word, 0) + count
    n = max(n, 1)
    return {w: math.log(1 + n / (1 + v)) for w, v in df.items()}, math.log(1 + n)


def _share(weights: dict[str, float], words: frozenset[str], total: float | None = None) -> float:
    """The weight share of `weights`' words in `words` (`total`: their sum, when the caller has it)."""
    total = sum(weights.values()) if total is None else total
    return sum(w for k, w in weights.items() if k in words) / total if total else 0.0


def question_names(q: Analysis, candidates: Sequence[Candidate]) -> list[str]:
    """Runs of question words (two or more) that some candidate document writes as a name."""
    names: set[str] = set()
    for c in candidates:
        names |= document_names(c.index)
    words = q.words
    found: list[str] = []
    for n in range(MAX_NAME_WORDS, 1, -1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i : i + n])
            if phrase in names and not any(phrase in f for f in found):
                found.append(phrase)
    return found


def _type_match(typed: Sequence[str], fresh: Sequence[sp.Span]) -> float:
    """Share of the asked kinds of fact the text holds a span of among its spans the question does
    not give (`fresh`: the "2025" of a question about 2025 does not answer "ngày nào")."""
    kinds = {s.kind for s in fresh}
    return sum(any(k in kinds for k in sp.ANSWERS[t]) for t in typed) / len(typed)


def _padded(words: Sequence[str]) -> str:
    return " " + " ".join(words) + " "


def _unit_sequence(index: DocIndex, unit: Unit) -> tuple[str, ...]:
    return unit_sequence(index, unit)


def _count_near(counted: Sequence[str], index: DocIndex, unit: Unit) -> float:
    """1 when a count stands within a few words of the first counted word ("12 xã", "xã: 12").

    Numbers come from `spans.typed_spans` (so dates, years and document numbers are not counts),
    and a list marker "(1)" is not a count either."""
    if not counted:
        return 0.0
    key = ("count_words", unit.start, unit.end)
    found = index.memo.get(key)
    if found is None:
        text = unit.text
        numbers = [s for s in sp.typed_spans(text) if s.kind == "number" and not _list_marker(text, s)]
        words: list[tuple[str, int, int]] = []
        for token in _unit_tokens(index, unit):
            for word in surface_words(token.surface):
                words.append((word, token.start, token.end))
        positions = [i for i, (_, start, _) in enumerate(words) if any(n.start <= start < n.end for n in numbers)]
        found = (tuple(w for w, _, _ in words), tuple(positions))
        index.memo[key] = found
    sequence, numbers_at = found  # type: ignore[misc]
    head = counted[0]
    targets = [i for i, w in enumerate(sequence) if w == head]
    return float(any(0 < abs(t - i) <= COUNT_WINDOW for i in numbers_at for t in targets))


def _count_phrase(counted: Sequence[str], index: DocIndex, unit: Unit) -> float:
    """1 when a count is followed at once by the counted phrase itself ("12 cấp phó" for "bao
    nhiêu cấp phó"), not just by its first word ("9 cấp trưởng")."""
    if len(counted) < 2:
        return 0.0
    _count_near(counted, index, unit)  # fills the cached word sequence and count positions
    sequence, numbers_at = index.memo[("count_words", unit.start, unit.end)]  # type: ignore[misc]
    phrase = tuple(counted[:2])
    return float(any(tuple(sequence[i + 1 : i + 3]) == phrase for i in numbers_at))


def _marked_sequence(index: DocIndex, unit: Unit) -> list[tuple[str, bool]]:
    """The unit's canonical words, each marked when a post modifier ("Phó") stands just before it."""
    key = ("marked_words", unit.start, unit.end)
    found = index.memo.get(key)
    if found is None:
        found = []
        modified = False
        for token in _unit_tokens(index, unit):
            for word in surface_words(token.surface):
                found.append((word, modified))
                modified = False
            modified = token.surface.lower() in vocab.POST_MODIFIERS
        index.memo[key] = found
    return found  # type: ignore[return-value]


def _modified_post(q: Analysis, index: DocIndex, unit: Unit) -> float:
    """1 when a word pair of the question stands in the unit only behind a modifier the question
    does not put before it: "Phó Bí thư Huyện ủy" does not answer "Ai là Bí thư Huyện ủy"."""
    marked = _marked_sequence(index, unit)
    words = q.words
    for i in range(len(words) - 1):
        # a pair the question itself puts behind "pho" (unaccented, it may be "Phó") is not checked
        if words[i] not in q.keys or (i > 0 and words[i - 1] == "pho"):
            continue
        at = [j for j in range(len(marked) - 1) if marked[j][0] == words[i] and marked[j + 1][0] == words[i + 1]]
        if at and all(marked[j][1] for j in at):
            return 1.0
    return 0.0


def _other_place(text: str, fresh: Sequence[sp.Span]) -> float:
    """1 when the text names places and the question gives none of them (`fresh`: its spans the
    question does not give): "tỉnh Đồng Tháp có 102 xã" is the parallel sentence of another
    province, not an answer about Gia Lai."""
    places = sum(1 for s in sp.typed_spans(text) if s.kind == "place")
    return float(places > 0 and places == sum(1 for s in fresh if s.kind == "place"))


def names_only_other_places(text: str, q: Analysis) -> bool:
    """The question names a place, and the text names places, none of them the question's."""
    return _names_a_place(q.text) and _other_place(text, new_spans(text, q)) > 0


@lru_cache(maxsize=1024)
def _names_a_place(question: str) -> bool:
    """Once per question, however many candidates `names_only_other_places` looks at."""
    return bool(tk.place_names(question, prepositions=True))


def _list_marker(text: str, span: sp.Span) -> bool:
    """"(1)", "1." or "a)" opening an item of a list."""
    before, after = text[span.start - 1 : span.start], text[span.end : span.end + 1]
    return (before == "(" and after == ")") or (text[: span.start].strip() == "" and after in ".)")


def _has_reason(sequence: Sequence[str]) -> float:
    padded = _padded(sequence)
    return float(any(f" {cue} " in padded for cue in vocab.REASON_CUES))


def _present(items: Sequence[str], padded: str) -> float:
    if not items:
        return 0.0
    return sum(1 for item in items if f" {item} " in padded) / len(items)


def _present_set(items: Sequence[str], found: frozenset[str]) -> float:
    return sum(1 for item in items if item in found) / len(items) if items else 0.0


def _missing_set(items: Sequence[str], found: frozenset[str]) -> float:
    return 1.0 - _present_set(items, found) if items else 0.0


def _missing(items: Sequence[str], padded: str) -> float:
    """Share of the question's items (names, years, document numbers) the text does not hold."""
    return 1.0 - _present(items, padded) if items else 0.0


def _longest_run(words: Sequence[str], sequence: Sequence[str]) -> int:
    """Longest run of consecutive question words found, in order, in the unit."""
    best = 0
    padded = _padded(sequence)
    for i in range(len(words)):
        n = best + 1
        while i + n <= len(words) and f" {' '.join(words[i : i + n])} " in padded:
            best = n
            n += 1
    return best


def _doc_padded(index: DocIndex) -> str:
    found = index.memo.get("doc_padded")
    if found is None:
        found = _padded(document_sequence(index))
        index.memo["doc_padded"] = found
    return found  # type: ignore[return-value]


def _years(words: Sequence[str]) -> frozenset[str]:
    """Years the words name, also inside dates, ranges and document numbers ("16/6/2025")."""
    return frozenset(y for w in words for y in tk.years_in(w))


def question_years(q: Analysis) -> tuple[str, ...]:
    """The years a question asks about: written alone or inside a date ("tháng 3/2025"), not the
    year inside a document number it names (that number is matched whole)."""
    inside_dates = (y for w in q.words if tk.is_date(w) for y in tk.years_in(w))
    return tuple(dict.fromkeys([*q.years, *inside_dates]))


def _doc_years(index: DocIndex) -> frozenset[str]:
    """Years the document (title and text) names anywhere, and its publication year."""
    found = index.memo.get("doc_years")
    if found is None:
        published = (index.document.published or "")[:4]
        found = _years(document_sequence(index)) | ({published} if tk.is_year(published) else set())
        index.memo["doc_years"] = found
    return found  # type: ignore[return-value]


def _title_padded(index: DocIndex) -> str:
    found = index.memo.get("title_padded")
    if found is None:
        found = _padded(canonical_words(index.document.title))
        index.memo["title_padded"] = found
    return found  # type: ignore[return-value]


def _unit_tokens(index: DocIndex, unit: Unit) -> list[tk.Token]:
    key = ("tokens", unit.start, unit.end)
    found = index.memo.get(key)
    if found is None:
        found = tk.tokenize(unit.text)
        index.memo[key] = found
    return found  # type: ignore[return-value]


def _token_starts(index: DocIndex, unit: Unit) -> list[int]:
    key = ("token_starts", unit.start, unit.end)
    found = index.memo.get(key)
    if found is None:
        found = [t.start for t in _unit_tokens(index, unit)]
        index.memo[key] = found
    return found  # type: ignore[return-value]


def _context_padded(index: DocIndex, unit: Unit) -> str:
    key = ("context_padded", unit.sentence)
    found = index.memo.get(key)
    if found is None:
        found = _padded(context_sequence(index, unit))
        index.memo[key] = found
    return found  # type: ignore[return-value]


# How many passages of the whole index hold a folded word ("thanh") or word pair ("thanh_hoa").
CorpusFrequency = Callable[[str], int]


def unknown_shares(q: Analysis, frequency: CorpusFrequency | None) -> tuple[float, float]:
    """Shares of the question's words and adjacent word pairs that no indexed passage holds:
    "vé máy bay đi Tokyo" or "công thức nấu phở" are outside what the documents talk about."""
    if frequency is None or not q.keys:
        return 0.0, 0.0
    words = [w for w in q.keys if not w[:1].isdigit()]
    unknown = sum(1 for w in words if frequency(f"~{w}") == 0) / max(1, len(words))
    pairs = [(a, b) for a, b in zip(q.words, q.words[1:]) if a in q.keys and b in q.keys]
    unknown_pairs = sum(1 for a, b in pairs if frequency(f"~{a}_{b}") == 0) / max(1, len(pairs))
    return unknown, unknown_pairs


def undated_document(q: Analysis, candidates: Sequence[Candidate]) -> bool:
    """Asked when a document the question names was issued ("Quyết định 412/QĐ-UBND ký ngày nào"),
    and no candidate writes a date beside that document's number. Texts state a document's date
    with its number ("Quyết định số 412/QĐ-UBND ngày 3/5/2024", "Ngày 3/5/2024, … ký Quyết định
    412"); a date elsewhere in the sentence is another event's (the meeting that discussed it), so
    the documents do not say."""
    if not q.doc_numbers or not any(f" {cue} " in _padded(q.words) for cue in vocab.ISSUE_CUES):
        return False
    dated = [t for t in asked_types(q) if t in ("date", "day")]
    if not dated or not candidates:
        return False
    doc_numbers = [" ".join(canonical_words(d)) for d in q.doc_numbers]
    return not any(
        _predicate_near(dated, doc_numbers, new_spans(c.unit.text, q), c.index, c.unit, ENTITY_WINDOW, pairs=False) > 0
        for c in candidates
    )


def _predicate_near(
    typed: Sequence[str],
    predicate: Sequence[str],
    fresh: Sequence[sp.Span],
    index: DocIndex,
    unit: Unit,
    window: int = 0,
    pairs: bool = True,
) -> float:
    """For a question asking for a fact (a date, a number, a name …): how much of what surrounds its
    question word ("luật được thông qua [khi nào]") stands within a few words of a span of the asked
    kind, counted by word pairs where the question has them ("thông qua", not "qua"): a date next to
    "thông qua" answers, a date next to "hội nghị" does not. Only `fresh` spans count: one that
    repeats the question (its own date, its own document number) answers nothing."""
    if not typed or not predicate:
        return 0.0
    kinds = {k for t in typed for k in sp.ANSWERS[t]}
    text = unit.text
    spans = [s for s in fresh if s.kind in kinds and not _list_marker(text, s)]
    if not spans:
        return 0.0
    tokens = _unit_tokens(index, unit)
    starts = _token_starts(index, unit)
    wanted = (_pairs(predicate) if pairs else []) or [tuple(w.split()) for w in predicate]
    window = window or TYPED_WINDOW
    best = 0.0
    for span in spans:
        # the tokens starting inside the span: [first, last)
        first, last = bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)
        if first == last:
            continue
        lo, hi = max(0, first - window), last + window
        near = _padded([w for t in tokens[lo:hi] for w in surface_words(t.surface)])
        share = sum(1 for phrase in wanted if f" {' '.join(phrase)} " in near) / len(wanted)
        if pairs:  # the words alone count half: a paraphrase keeps some words, rarely their pairs
            share = max(share, 0.5 * sum(1 for w in predicate if f" {w} " in near) / len(predicate))
        best = max(best, share)
    return best


def _pairs(words: Sequence[str]) -> list[tuple[str, str]]:
    """Adjacent pairs of the predicate as the question orders it (before-words are stored nearest first)."""
    return [(a, b) for a, b in zip(words, words[1:])]


def featurize(
    q: Analysis,
    candidates: Sequence[Candidate],
    question_vector: np.ndarray | None,
    history: Analysis | None = None,
    frequency: CorpusFrequency | None = None,
) -> np.ndarray:
    """The feature matrix (len(candidates) × len(FEATURES)) for one question."""
    if not candidates:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    q_unknown, q_unknown_pairs = unknown_shares(q, frequency)
    asks_now = float(any(f" {cue} " in _padded(q.words) for cue in vocab.NOW_CUES))
    idf, unseen = _idf(candidates)
    weights = {k: idf.get(k, unseen) for k in q.keys}
    hist_weights = {k: idf.get(k, unseen) for k in (history.keys if history else ()) if k not in weights}
    names = question_names(q, candidates)
    doc_numbers = [" ".join(canonical_words(d)) for d in q.doc_numbers]
    typed = asked_types(q)
    pool_words: frozenset[str] = frozenset().union(*(document_words(c.index) for c in candidates))
    miss_pool = 1.0 - _share(weights, pool_words)
    total = sum(weights.values())
    hist_total = sum(hist_weights.values())

    dense = np.array(
        [float(c.vector @ question_vector) if c.vector is not None and question_vector is not None else 0.0 for c in candidates],
        dtype=np.float32,
    )
    has_vec = np.array([c.vector is not None and question_vector is not None for c in candidates], dtype=np.float32)
    dense_max = float(dense.max()) if has_vec.any() else 0.0
    dense_order = np.argsort(-dense, kind="stable")
    dense_rank = np.empty(len(candidates), dtype=np.float32)
    dense_rank[dense_order] = 1.0 / (1.0 + np.arange(len(candidates)))

    dense_doc: dict[str, float] = {}
    for c, value in zip(candidates, dense):
        doc_id = c.index.document.doc_id
        dense_doc[doc_id] = max(dense_doc.get(doc_id, -1.0), float(value))
    q_words = [w for w in q.words if w in weights]
    # what the question names: the asked fact should stand next to it ("412/QĐ-UBND … ngày 3/5/2024")
    years = question_years(q)
    entities = list(dict.fromkeys([*doc_numbers, *names, *q.proper, *q.years]))
    q_pairs = set(zip(q.words, q.words[1:]))
    rows: list[list[float]] = []
    for c in candidates:
        words = unit_words(c.index, c.unit)
        sequence = _unit_sequence(c.index, c.unit)
        padded = _padded(sequence)
        context = context_words(c.index, c.unit)
        around = words | context
        context_padded = _context_padded(c.index, c.unit)
        doc_words = document_words(c.index)
        doc_padded = _doc_padded(c.index)
        title_padded = _title_padded(c.index)
        n_sentences = max(1, len(c.index.sentence_spans))
        # the typed spans the question does not give, read once for the three signals using them
        fresh = new_spans(c.unit.text, q) if typed or names or q.proper else ()
        type_match = _type_match(typed, fresh) if typed else 0.0
        rows.append(
            [
                0.0, 0.0, 0.0, 0.0, dense_max,  # dense features filled below
                dense_doc[c.index.document.doc_id],
                _share(weights, words, total),
                0.0,
                0.0,
                _share(weights, around, total),
                _share(weights, doc_words, total),
                miss_pool,
                len(q_pairs & unit_pairs(c.index, c.unit)) / max(1, len(q_pairs)),
                _longest_run(q_words, sequence) / max(1, len(q_words)),
                len(words & set(q.keys)) / max(4, len(words)),
                _share(hist_weights, around, hist_total) if hist_weights else 0.0,
                1.0 / (1 + c.rank) if c.inside else 0.0,
                float(c.inside),
                1.0 / (1 + c.doc_rank),
                float(bool(typed)),
                1.0 - type_match if typed else 0.0,
                float(bool(q.counted)),
                _count_near(q.counted, c.index, c.unit),
                float("reason" in q.answer_types),
                _has_reason(sequence) if "reason" in q.answer_types else 0.0,
                _present_set(years, _years(sequence)) if years else 0.0,  # a document's years: read only when asked
                _missing_set(years, _doc_years(c.index)) if years else 0.0,
                _present(doc_numbers, padded),
                _missing(doc_numbers, doc_padded),
                _present(q.numbers, padded),
                float(bool(names)),
                _present(names, padded),
                _missing(names, context_padded),
                _missing(names, doc_padded),
                _present(names, title_padded),
                float(c.unit.heading),
                float(c.unit.is_clause),
                math.log1p(c.unit.end - c.unit.start) / math.log(500),
                c.unit.sentence / n_sentences,
                float(c.unit.sentence <= 1),
                float(":" in c.unit.text[:60] and len(c.unit.text) < 160),
                0.0, 0.0, 0.0,  # interactions filled below
                _predicate_near(typed, q.predicate, fresh, c.index, c.unit),
                q_unknown,
                q_unknown_pairs,
                float(bool(q.proper)),
                _present_set(q.proper, unit_capitalised(c.index, c.unit)) if q.proper else 0.0,
                _missing_set(q.proper, context_capitalised(c.index, c.unit)) if q.proper else 0.0,
                _predicate_near(typed, entities, fresh, c.index, c.unit, ENTITY_WINDOW, pairs=False),
                _count_phrase(q.counted, c.index, c.unit),
                _modified_post(q, c.index, c.unit),
                _other_place(c.unit.text, fresh) if names or q.proper else 0.0,
                asks_now,
            ]
        )
    matrix = np.asarray(rows, dtype=np.float32)
    col = {name: i for i, name in enumerate(FEATURES)}
    matrix[:, col["dense"]] = dense
    matrix[:, col["dense_gap"]] = dense - dense_max
    matrix[:, col["dense_rank"]] = dense_rank
    matrix[:, col["has_vec"]] = has_vec
    cov_ctx = matrix[:, col["cov_ctx"]]
    typed_ok = 1.0 - matrix[:, col["type_missing"]]
    named_ok = 1.0 - matrix[:, col["name_missing_ctx"]]
    matrix[:, col["typed_cov"]] = typed_ok * cov_ctx
    matrix[:, col["named_cov"]] = named_ok * cov_ctx
    matrix[:, col["all_present"]] = (
        typed_ok * named_ok * (1.0 - matrix[:, col["year_missing_doc"]]) * (1.0 - matrix[:, col["docnum_missing_doc"]]) * cov_ctx
    )
    cov = matrix[:, col["cov"]]
    matrix[:, col["cov_gap"]] = cov - cov.max()
    cov_order = np.argsort(-cov, kind="stable")
    cov_rank = np.empty(len(candidates), dtype=np.float32)
    cov_rank[cov_order] = 1.0 / (1.0 + np.arange(len(candidates)))
    matrix[:, col["cov_rank"]] = cov_rank
    return matrix
