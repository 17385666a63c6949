"""Automatic checks of produced material, shared by the tests and `eval/trainer_quality.py`.

A citation is verbatim when `quote == document_text[start:end]`. A quiz item is valid when its
answer is written in the cited quote, no distractor is, every option has the answer's type (and
a percentage's options are percentages), the stem does not give the answer away, and no other
item of the quiz tests the same fact.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.schemas import Citation
from assistant.trainer.facts import fact_value, number_shape, option_kind
from assistant.trainer.quiz import BLANK, answer_in
from assistant.trainer.schemas import QuizItem, QuizResponse
from ingest.models import Document

GetDocument = Callable[[str], Document | None]


def verbatim(citation: Citation, get_document: GetDocument) -> bool:
    doc = get_document(citation.doc_id)
    return doc is not None and bool(citation.quote) and doc.text[citation.start : citation.end] == citation.quote


def _stem(question: str) -> str:
    """The quoted stem of a question (what is between its last « and »)."""
    start, end = question.rfind("«"), question.rfind("»")
    return question[start + 1 : end] if 0 <= start < end else question


def item_problems(item: QuizItem) -> list[str]:
    """What is wrong with one quiz item (empty when it passes)."""
    problems = []
    quote = item.citation.quote
    if item.answer not in quote:
        problems.append("answer not in the cited sentence")
    if BLANK not in _stem(item.question):
        problems.append("no blank in the stem")
    if answer_in(item.question, item.answer):
        problems.append("answer readable from the stem")
    if item.kind == "mcq":
        wrong = [o for o in item.options if o != item.answer]
        if len(item.options) != 4 or item.options.count(item.answer) != 1 or len(set(item.options)) != 4:
            problems.append("not four distinct options with the answer once")
        if any(answer_in(quote, o) for o in wrong):
            problems.append("a distractor is in the cited sentence")
        kind = option_kind(item.answer)
        if any(option_kind(o) != kind for o in wrong):
            problems.append("a distractor of another type")
        if any(o.strip().endswith("%") != item.answer.strip().endswith("%") for o in wrong):
            problems.append("a distractor of another unit")
        if item.answer_type == "number" and any(number_shape(o) != number_shape(item.answer) for o in wrong):
            problems.append("a distractor written in another shape (fraction, range)")
        values = {fact_value(o, item.answer_type, item.citation.published) for o in item.options}
        if len(values) != len(item.options):
            problems.append("two options with the same value")
    return problems


def quiz_problems(quiz: QuizResponse) -> dict[str, list[str]]:
    """Problems of every item by id, duplicate facts included."""
    found = {item.id: item_problems(item) for item in quiz.items}
    seen: dict[tuple[str, str], str] = {}
    for item in quiz.items:
        key = (item.answer_type, fact_value(item.answer, item.answer_type, item.citation.published))
        if key in seen:
            found[item.id].append(f"same fact as {seen[key]}")
        else:
            seen[key] = item.id
    return found
