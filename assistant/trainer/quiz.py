"""A quiz on a topic: multiple-choice and fill-in-the-blank items built from facts of the pool.

Each item blanks one fact (a number with what it counts, a date, a year, a document number, a
person, a place) in the sentence or clause that states it; the answer is that text, verbatim,
and the cited quote is the sentence. Items are picked best first, taking turns between kinds of
fact, one item per sentence, no two items on the same fact or on sentences saying the same thing,
and never when the answer can be read from the stem itself (it appears twice, or in the title shown)
or the item would be unfair to a learner (`fairness`).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from assistant.trainer.brief import NOT_COVERED
from assistant.trainer.cite import cite, item_id, sources_of
from assistant.trainer.dedupe import Seen
from assistant.trainer.distractors import OptionPool, distractors
from assistant.trainer.facts import Fact, facts_of
from assistant.trainer.fairness import CLOZE_KINDS, is_fair
from assistant.trainer.schemas import QuizItem, QuizResponse
from assistant.trainer.topic import MIN_SENTENCE_SHARE, TopicPool
from ingest.normalize import folded_key

BLANK = "_____"
MIN_RELEVANCE = 0.2
CLOZE_EVERY = 4  # every fourth item is fill-in-the-blank (so is any fact lacking three distractors)
TYPE_HINT = {
    "number": "một con số",
    "date": "một mốc thời gian",
    "year": "một năm",
    "docnum": "số hiệu một văn bản",
    "person": "họ tên một người",
    "place": "một địa danh",
}


def _folded(text: str) -> str:
    return " " + " ".join(folded_key(text).split()) + " "


def answer_in(text: str, answer: str) -> bool:
    """Whether `answer` is written in `text` (folded, as a whole token run)."""
    key = " ".join(folded_key(answer).split())
    return re.search(rf"(?<![\w.,/-]){re.escape(key)}(?![\w/]|[.,]\d)", _folded(text)) is not None


def stem_of(fact: Fact) -> str:
    quote = fact.quote
    a, b = fact.answer_start - fact.start, fact.answer_end - fact.start
    return " ".join((quote[:a] + BLANK + quote[b:]).split())


def _context(fact: Fact) -> str:
    """Where the fact is told: the document's title and date, each left out if it holds the answer."""
    doc = fact.sentence.document
    when = f" ({doc.published})" if doc.published and not answer_in(doc.published, fact.answer) else ""
    if doc.title and not answer_in(doc.title, fact.answer):
        return f"Theo tài liệu «{doc.title}»{when}"
    return f"Theo một tài liệu{when}"


def _shuffled(options: list[str], seed: str) -> list[str]:
    """A fixed order that does not put the answer in the same place every time."""
    return sorted(options, key=lambda o: hashlib.blake2b(f"{seed}|{o}".encode("utf-8"), digest_size=4).digest())


def _difficulty(kind: str, from_corpus: bool) -> str:
    if kind == "cloze":
        return "khó"
    return "trung bình" if from_corpus else "dễ"


def build_quiz(pool: TopicPool, n: int) -> QuizResponse:
    if not pool.covered:
        return QuizResponse(topic=pool.topic, items=[], sources=[], message=NOT_COVERED)
    options = OptionPool(pool.sentences)
    by_kind: dict[str, list[Fact]] = defaultdict(list)
    for sentence in pool.sentences:  # best first
        if sentence.relevance < MIN_RELEVANCE or sentence.own < MIN_SENTENCE_SHARE:
            continue
        for fact in facts_of(sentence):
            by_kind[fact.kind].append(fact)
    kinds = sorted(by_kind, key=lambda k: -by_kind[k][0].sentence.relevance)
    items: list[QuizItem] = []
    used_facts: set[tuple[str, str]] = set()
    used_sentences: set[tuple[str, int]] = set()
    seen = Seen()
    cursor = {kind: 0 for kind in kinds}
    while len(items) < n and any(cursor[k] < len(by_kind[k]) for k in kinds):
        for kind in kinds:
            if len(items) >= n:
                break
            while cursor[kind] < len(by_kind[kind]):
                fact = by_kind[kind][cursor[kind]]
                cursor[kind] += 1
                item = _item(fact, options, len(items), used_facts, used_sentences, seen)
                if item is not None:
                    items.append(item)
                    break
    message = None if items else "Các tài liệu về chủ đề này không có dữ kiện (số liệu, ngày tháng, tên…) để đặt câu hỏi."
    docs = {item.citation.doc_id for item in items}
    sources = sources_of(s.document for s in pool.sentences if s.document.doc_id in docs)
    return QuizResponse(topic=pool.topic, items=items, sources=sources, message=message)


def _item(
    fact: Fact,
    options: OptionPool,
    position: int,
    used_facts: set[tuple[str, str]],
    used_sentences: set[tuple[str, int]],
    seen: Seen,
) -> QuizItem | None:
    doc = fact.sentence.document
    where = (doc.doc_id, fact.sentence.start)
    identity = (fact.kind, fact.value)
    if where in used_sentences or identity in used_facts:
        return None
    stem = stem_of(fact)
    if answer_in(stem, fact.answer):
        return None  # the answer is written elsewhere in the stem
    wrong, from_corpus = distractors(fact, options)
    with_options = len(wrong) >= 3
    if not is_fair(fact.kind, stem, doc.title, fact.answer, with_options):
        return None
    cloze_turn = (position + 1) % CLOZE_EVERY == 0 and fact.kind in CLOZE_KINDS
    kind = "mcq" if with_options and not cloze_turn else "cloze"
    if not seen.add(fact.sentence.keys):
        return None
    citation = cite(position + 1, doc, fact.sentence, fact.start, fact.end)
    if citation is None or fact.answer not in citation.quote:
        return None
    used_sentences.add(where)
    used_facts.add(identity)
    context = _context(fact)
    if kind == "mcq":
        question = f"{context}, chọn phương án đúng điền vào chỗ trống: «{stem}»"
        choices = _shuffled([fact.answer, *wrong[:3]], fact.value)
    else:
        question = f"{context}, điền vào chỗ trống ({TYPE_HINT[fact.kind]}): «{stem}»"
        choices = []
    if answer_in(question, fact.answer):
        return None
    when = f", {doc.published}" if doc.published else ""
    explanation = f"Đáp án: {fact.answer}. Nguồn: «{doc.title}»{when} viết: «{citation.quote}»"
    return QuizItem(
        id=item_id("q", doc.doc_id, fact.answer_start, fact.answer_end),
        kind=kind,
        question=question,
        options=choices,
        answer=fact.answer,
        answer_type=fact.kind,
        explanation=explanation,
        difficulty=_difficulty(kind, from_corpus),
        citation=citation,
    )
