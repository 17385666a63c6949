"""When the documents do not support an answer: the decision and the polite Vietnamese reply.

The decision is general, not tuned to questions: the best candidate must (1) name what the
question names (document numbers, people, years, places — see `scope.entities_supported`),
(2) hold the kind of fact asked for, attached to its subject (a "when was X issued" question
needs a date attached to X or to the asked event), and (3) cover enough of the question's
specific words.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.question import Question
from assistant.selection import REQUIRED_SUPPORT, Candidate

MIN_COVERAGE = 0.42  # weighted share of the question's keys found in the unit (document: discounted)
MIN_COVERAGE_TIED = 0.3  # when the fact is tied to the asked subject (support level 3)
MIN_COVERAGE_LOOSE_TYPE = 0.6  # when the type is only loosely supported (support level 1)


def acceptable(q: Question, candidate: Candidate) -> bool:
    """Could this candidate answer the question at all?"""
    if not candidate.entities_ok:
        return False
    required = REQUIRED_SUPPORT.get(q.answer_type, 0)
    if q.answer_type == "number" and q.counted:
        required = 2  # "bao nhiêu X": a number next to X, not any number
    if q.identity or q.about:
        required = 3  # "ai là X": a name given together with X; "X có nội dung gì": X with its subject
    if candidate.support < required:
        return False
    if candidate.support == 1 and q.answer_type in REQUIRED_SUPPORT:
        return candidate.coverage >= MIN_COVERAGE_LOOSE_TYPE
    if candidate.support == 3 and (q.answer_type in REQUIRED_SUPPORT or q.about):
        # the fact is tied to what is asked (a date written with the asked document number, a
        # post written with the asked name): the rest of the question may be worded otherwise
        return candidate.coverage >= MIN_COVERAGE_TIED
    return candidate.coverage >= MIN_COVERAGE


def first_acceptable(q: Question, ranked: Sequence[Candidate]) -> Candidate | None:
    for candidate in ranked:
        if acceptable(q, candidate):
            return candidate
    return None


def refusal_message(closest: Sequence[tuple[str, str | None]]) -> str:
    """The reply when nothing supports an answer, naming the closest documents (title, date)."""
    text = "Xin lỗi, các tài liệu hiện có không chứa thông tin để trả lời câu hỏi này."
    if closest:
        names = "; ".join(f"«{title}»" + (f" ({published})" if published else "") for title, published in closest)
        text += f" Các tài liệu gần nhất với câu hỏi: {names}."
    return text
