"""The answer text: the short fact first (when one is asked for), then the quoted sentences.

"**166** — «Sau khi sắp xếp, tỉnh Thanh Hóa có 166 đơn vị hành chính cấp xã …» [1]."
The short fact is a verbatim span of the first cited sentence, of the kind the question asks for
(a number, a date, a person, a document number, a place), the one nearest to the words of the
question. Every quote is the exact text of its citation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering import spans as sp
from assistant.answering.analysis import Analysis, asks_day, canonical_words, given_by_question
from assistant.answering.candidates import Candidate

_SPACE = re.compile(r"\s+")


def _quote(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _shared_prefix(words: Sequence[str], phrase: Sequence[str]) -> int:
    n = 0
    for word, wanted in zip(words, phrase):
        if word != wanted:
            break
        n += 1
    return n


Words = list[tuple[re.Match[str], tuple[str, ...]]]  # a text's word matches with their canonical words


def _words(text: str) -> Words:
    return [(m, canonical_words(m.group())) for m in re.finditer(r"\w+", text)]


RANK_CLAUSE_WEIGHT, RANK_GAP_WEIGHT = 0.04, 0.009  # a rank's distance stays under any other number's (≥ 0.05)
RANK_WORDS = frozenset({"thu", "may", "bao", "nhieu", "dung", "xep", "hang"})  # say a rank, not of what


def _rank_distance(text: str, words: Words, span: sp.Span, keys: Sequence[str]) -> float:
    """How far a rank ("xếp thứ 6") is from what the question ranks, under 0.05: first the share of
    the question's words missing from its clause (from the last ";" before it: "GRDP năm 2024 đạt
    … (xếp thứ 6)"), then the characters back to the nearest of them."""
    clause_start = text.rfind(";", 0, span.start) + 1
    before = [(m, ws) for m, ws in words if ws and ws[0] in keys and m.end() <= span.start]
    held = {ws[0] for m, ws in before if m.start() >= clause_start}
    missing = 1.0 - len(held) / len(keys) if keys else 1.0
    gap = min((span.start - m.end() for m, _ in before), default=span.start)
    return RANK_CLAUSE_WEIGHT * missing + RANK_GAP_WEIGHT * max(0, gap) / (len(text) + 1)


COUNT_WINDOW = 6  # canonical words on either side of a number where what it counts is looked for
PERCENT_WORDS = (("phan", "tram"), ("ty", "le"))


def _counts_the_asked(text: str, words: Words, span: sp.Span, q: Analysis) -> bool:
    """The number counts what the question asks: the counted word is among the few words next to
    it ("9 đơn vị hành chính cấp xã"; "số xã: 65"), or a share is asked and the number is a
    percentage. A number with neither ("mô hình … 2 cấp" for "mấy ban") is no answer to show."""
    after = [w for m, ws in words if m.start() >= span.end for w in ws][:COUNT_WINDOW]
    before = [w for m, ws in words if m.end() <= span.start for w in ws][-COUNT_WINDOW:]
    if q.counted[0] in after or q.counted[0] in before:
        return True
    return tuple(q.counted[:2]) in PERCENT_WORDS and text[span.start : span.end].rstrip().endswith("%")


def _word_before(words: Words, span: sp.Span) -> str | None:
    before = [ws for m, ws in words if m.end() <= span.start and ws]
    return before[-1][-1] if before else None


def _distance_to_question(text: str, words: Words, span: sp.Span, q: Analysis) -> float:
    """Characters between the span and the question's words, weighted: the counted phrase counts
    most, and the more of it a place repeats ("đơn vị hành chính cấp xã" rather than "… cấp huyện"),
    the more; then its first word alone, then any question word."""
    if q.ordinal and _word_before(words, span) == "thu":
        # a rank is asked and this number is one ("xếp thứ 12"): it beats any other number
        return _rank_distance(text, words, span, [k for k in q.keys if k not in RANK_WORDS])
    phrase = q.count_phrase or q.counted
    best = float(len(text))
    for i, (m, word) in enumerate(words):
        if not word:
            continue
        if phrase and word[0] == phrase[0]:
            following = [w for _, ws in words[i : i + len(phrase)] for w in ws]
            shared = _shared_prefix(following, phrase)
            weight = 1.0 if shared == 1 and len(phrase) > 1 else 0.5 / max(1, shared - 1)
        elif word[0] in q.keys and not q.counted:
            weight = 1.5
        else:
            continue
        gap = span.start - m.end() if m.end() <= span.start else m.start() - span.end
        best = min(best, max(0, gap) * weight + weight)
    return best


def _asks_several_names(q: Analysis) -> bool:
    """"những tỉnh nào", "các phường, xã nào", "những ai": several names are asked for, so one of
    them is no short answer."""
    w = q.words
    return any(w[i] in ("nhung", "cac") and any(x in ("nao", "ai") for x in w[i + 1 : i + 4]) for i in range(len(w)))


def short_answer(q: Analysis, candidate: Candidate, whole: Analysis | None = None) -> str | None:
    """The span of the asked kind in the candidate's text closest to the question's words (none
    when several names are asked for). For a part of a question, `whole` is the question it came
    from: a name given anywhere in it is no answer either."""
    kinds = sp.ANSWERS.get(q.answer_type)
    if not kinds or (q.answer_type != "number" and _asks_several_names(q)):
        return None
    text = candidate.unit.text
    given = [q] if whole is None else [q, whole]
    found = [s for s in sp.typed_spans(text) if s.kind in kinds and not any(given_by_question(text, s, g) for g in given)]
    words = _words(text)  # tokenised once for every span
    if q.answer_type == "number":
        found = [s for s in found if text[s.start : s.end] not in q.numbers]  # not a number the question gave
        if q.counted and not q.ordinal:
            found = [s for s in found if _counts_the_asked(text, words, s, q)]  # none: no short answer, not a wrong one
    if q.answer_type == "date" and (asks_day(q) or any(s.kind == "date" for s in found)):
        found = [s for s in found if s.kind == "date"]  # "ngày nào" is not answered by a year alone
    if not found:
        return None
    best = min(found, key=lambda s: (_distance_to_question(text, words, s, q), s.start))
    return text[best.start : best.end].strip()


def compose(q: Analysis, chosen: Sequence[Candidate]) -> tuple[str, str | None]:
    """(answer text with [n] markers, the short fact or None)."""
    short = next((found for c in chosen if (found := short_answer(q, c))), None)
    quotes = [f"«{_quote(c.unit.text)}» [{n}]" for n, c in enumerate(chosen, 1)]
    if len(quotes) == 1:
        body = quotes[0] + "."
    else:
        body = "\n".join(f"- {quote}" for quote in quotes)
    if short:
        return (f"**{short}** — {body}" if len(quotes) == 1 else f"**{short}**\n{body}"), short
    return body, None


def compose_facets(
    labels: Sequence[str | None], questions: Sequence[str], chosen: Sequence[Candidate | None], shorts: Sequence[str | None]
) -> str:
    """One line per facet (a labelled side, or a part of the question): its short fact and quote,
    or that the documents do not say it."""
    lines: list[str] = []
    n = 0
    for label, question, candidate, short in zip(labels, questions, chosen, shorts):
        head = f"**{label}**: " if label else ""
        if candidate is None:
            lines.append(f"- {head or question.strip() + ': '}các tài liệu hiện có không đề cập.")
            continue
        n += 1
        fact = f"**{short}** — " if short else ""
        lines.append(f"- {head}{fact}«{_quote(candidate.unit.text)}» [{n}]")
    return "\n".join(lines)
