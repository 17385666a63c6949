"""Facts a quiz can ask about: a typed span (number, date, year, document number, person, place)
of a pool sentence, with the short stretch of text quoted around it.

`option_kind` and `fact_value` give the type and the comparable value of any option string, so
the same definitions decide which distractors fit an answer and check a quiz afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.spans import typed_spans
from assistant.answering.vocabulary import COUNT_UNITS
from assistant.trainer.bodies import body_class, body_spans, decides
from assistant.trainer.dates import dates_in
from assistant.trainer.topic import Sentence
from assistant.trainer.vocabulary import PERSON_CUES, PLACE_WORDS, STRUCTURE_WORDS
from assistant.textkeys import capitalised_run
from assistant.units import clause_spans, comma_windows
from ingest.normalize import folded_key

QUIZ_KINDS = ("number", "date", "year", "docnum", "person", "place", "body")
MAX_QUOTE_CHARS = 320
MIN_QUOTE_CHARS = 50
_WORD = re.compile(r"[^\W\d_]+|%", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Fact:
    """One askable fact: `answer == document.text[answer_start:answer_end]`, inside the quote."""

    sentence: Sentence
    kind: str
    unit: str  # what the answer counts or names: "xa", "%", "tinh", "NQ/TW" … ("" when none)
    start: int  # quoted span (the sentence, or a clause of a long one), document offsets
    end: int
    answer_start: int
    answer_end: int

    @property
    def answer(self) -> str:
        return self.sentence.document.text[self.answer_start : self.answer_end]

    @property
    def quote(self) -> str:
        return self.sentence.document.text[self.start : self.end]

    @property
    def value(self) -> str:
        return fact_value(self.answer, self.kind, self.sentence.document.published)


def fact_value(text: str, kind: str, published: str | None = None) -> str:
    """A comparable value: a date in ISO, a number without separators, a name folded."""
    if kind == "date":
        found = dates_in(text, published)
        return found[0].iso if found else folded_key(text)
    if kind == "number":  # "05" and "5" are one value: an option must not repeat the answer padded
        plain = re.sub(r"\s+", "", text).replace(".", "").replace(",", ".")
        return re.sub(r"(?<![\d.])0+(?=\d)", "", plain)
    return " ".join(folded_key(text).split())


def place_span(text: str, start: int) -> tuple[int, int] | None:
    """An administrative word and the capitalised name after it ("xã Phú Hưng"), or None
    ("Tỉnh ủy Đồng Tháp" is a party committee, "thành phố để" no name)."""
    folded = folded_key(text[start:])
    word = next((w for w in PLACE_WORDS if folded.startswith(w + " ")), None)
    if word is None:
        return None
    name_start = start + len(word) + 1
    while name_start < len(text) and text[name_start] == " ":
        name_start += 1
    name, end = capitalised_run(text, name_start)
    return (start, end) if name and name[0].isupper() else None


def _person_context(text: str, start: int, end: int) -> bool:
    """A title or address word right before the name, or a title right after it."""
    before = " " + " ".join(folded_key(text[max(0, start - 30) : start]).split()) + " "
    after = " " + " ".join(folded_key(text[end : end + 25]).replace(",", " ").split()[:3]) + " "
    return any(before.endswith(f" {cue} ") for cue in PERSON_CUES) or any(after.startswith(f" {cue} ") for cue in PERSON_CUES)


def date_shape(answer: str) -> str:
    """How a date is written, digits aside ("9/9/9", "ngày 9 tháng 9 năm 9"): options share it."""
    return re.sub(r"\d+", "9", folded_key(answer))


def option_kind(text: str) -> str | None:
    """The type of an option string: the kind of the one typed span covering all of it."""
    text = text.strip()
    if body_class(text) is not None:
        return "body"
    if place_span(text, 0) == (0, len(text)):
        return "place"
    for span in typed_spans(text):
        if span.start == 0 and span.end == len(text) and span.kind in QUIZ_KINDS and span.kind != "place":
            return span.kind
    return None


def number_unit(text: str, end: int) -> str:
    """What the number ending at `end` counts: '%' or the counted noun after it (folded)."""
    if text[:end].rstrip().endswith("%"):
        return "%"
    match = _WORD.search(text, end)
    if match is None or text[end : match.start()].strip():
        return ""
    word = folded_key(match.group())
    return word if word in COUNT_UNITS else ""


def _verb_after(text: str, end: int) -> bool:
    """The word after the number is "có" (a verb: "Luật Đất đai 2024 có hiệu lực"), which folds
    like the counted "cơ quan"."""
    match = _WORD.search(text, end)
    return match is not None and match.group().lower() == "có"


def numbers_a_part(text: str, start: int) -> bool:
    """The number at `start` numbers a part of a text ("Mục 4", "khoản 1 Điều 5"), not a count."""
    words = [folded_key(w) for w in re.findall(r"[^\W_]+", text[max(0, start - 20) : start])]
    if len(words) >= 2 and words[-2] == "so" and words[-1].isdigit():
        return True  # "Nghị quyết số 18, 19": a list of document numbers
    return bool(words) and (words[-1] in STRUCTURE_WORDS or " ".join(words[-2:]) in STRUCTURE_WORDS)


def number_shape(answer: str) -> str:
    """How a count is written besides its digits: a fraction ("11/13"), a range ("60 - 70"), a
    percentage. Options share it, or the odd one out would give the answer away."""
    shape = ""
    if "/" in answer:
        shape += "/"
    if re.search(r"\d\s*[-–]\s*\d", answer):
        shape += "-"
    return shape


def name_unit(answer: str, kind: str) -> str:
    """The class of a named answer: its administrative word for a place, its suffix for a document number."""
    if kind == "place":
        folded = folded_key(answer)
        return next((w for w in PLACE_WORDS if folded.startswith(w + " ")), "")
    if kind == "docnum":
        match = re.search(r"[A-ZĐ][A-ZĐa-zđ0-9/-]*$", answer)
        return match.group() if match else ""
    return ""


def _quote_span(sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """The sentence if short enough, else the clause or comma window of it holding [start, end)."""
    s, e = sentence.start, sentence.end
    if e - s <= MAX_QUOTE_CHARS:
        return s, e
    text = sentence.document.text
    parts = clause_spans(text, s, e)
    if len(parts) <= 1:
        parts = comma_windows(text, s, e)
    fitting = [(a, b) for a, b in parts if a <= start and end <= b and MIN_QUOTE_CHARS <= b - a <= MAX_QUOTE_CHARS]
    return min(fitting, key=lambda p: p[1] - p[0]) if fitting else None


def facts_of(sentence: Sentence) -> list[Fact]:
    """The askable facts of a sentence (numbers only when they count something)."""
    text = sentence.text
    found: list[Fact] = []
    for span in typed_spans(text):
        if span.kind not in QUIZ_KINDS:
            continue
        start, end = span.start, span.end
        if span.kind == "place":
            place = place_span(text, start)
            if place is None:
                continue
            start, end = place
        if span.kind == "person" and not _person_context(text, start, end):
            continue
        answer = text[start:end]
        kind = span.kind
        if kind == "year" and number_unit(text, end) and not _verb_after(text, end):
            kind = "number"  # "khoảng 2000 xã" counts, it is not a year ("Luật Đất đai 2024 có hiệu lực" is)
        if kind == "number":
            unit = number_unit(text, end)
            if not unit or numbers_a_part(text, start):
                continue
            unit += number_shape(answer)
        elif kind == "date":
            unit = date_shape(answer)
        else:
            unit = name_unit(answer, kind)
        quoted = _quote_span(sentence, sentence.start + start, sentence.start + end)
        if quoted is None:
            continue
        found.append(Fact(sentence, kind, unit, *quoted, sentence.start + start, sentence.start + end))
    for start, end, cls in body_spans(text):
        quoted = _quote_span(sentence, sentence.start + start, sentence.start + end)
        if quoted is not None and decides(text, start, end):
            found.append(Fact(sentence, "body", cls, *quoted, sentence.start + start, sentence.start + end))
    return found
