"""National bodies as quiz answers: who decided ("Kết luận số N-KL/TW của _____").

A body is asked when the sentence makes it the author of a decision — a decision verb right after
it ("Quốc hội thông qua …") or "của" right after a document's name ("Kết luận số N-KL/TW của Bộ
Chính trị") — and the stem's document numbers do not tell which body of its class it is
("…/NQ-UBTVQH15" names the Standing Committee, "…-KL/TW" only the Party). Wrong options are the
other bodies of the same class (`BODY_CLASSES`): all decide such matters, so none is absurd.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.spans import typed_spans
from assistant.trainer.vocabulary import BODY_ACTION_CUES, BODY_CLASSES, BODY_DOC_MARKS, DECISION_DOC_WORDS, SOLE_ISSUERS
from ingest.normalize import folded_key, index_key

OWNER_CHARS = 60  # how far before "của <body>" a document's name may start
AFTER_WORDS = 5  # words after a body in which its action's document kind is looked for


@lru_cache(maxsize=1)
def _names() -> tuple[tuple[str, str, str], ...]:
    """(index key, name, class) of every body, longest first ("Thủ tướng Chính phủ" before "Chính phủ")."""
    rows = [(index_key(name), name, cls) for cls, names in BODY_CLASSES.items() for name in names]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def body_class(name: str) -> str | None:
    """The class of a body's name ("dang", "nha nuoc", "bo"), None when it names none."""
    key = index_key(" ".join(name.split()))
    return next((cls for k, _, cls in _names() if k == key), None)


def other_bodies(name: str) -> list[str]:
    """The other bodies of the name's class, in the table's order."""
    cls = body_class(name)
    key = index_key(name)
    return [n for n in BODY_CLASSES.get(cls or "", ()) if index_key(n) != key]


def body_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, class) of each body named in `text` with a capital, longest name first."""
    key = index_key(text)
    if len(key) != len(text):
        return []
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for name_key, _, cls in _names():
        for m in re.finditer(rf"(?<!\w){re.escape(name_key)}(?!\w)", key):
            start, end = m.span()
            if not text[start].isupper() or any(a < end and start < b for a, b in taken):
                continue
            found.append((start, end, cls))
            taken.append((start, end))
    return sorted(found)


def decides(text: str, start: int, end: int) -> bool:
    """The body at [start, end) authors a decision: a decision verb follows it, or it is the
    "của …" of a document's name just before it."""
    after = " ".join(re.sub(r"[^\w]+", " ", folded_key(text[end : end + 40])).split()[:4]) + " "
    if any(after.startswith(f"{cue} ") for cue in BODY_ACTION_CUES):
        return True
    before = text[max(0, start - OWNER_CHARS) : start]
    if not folded_key(before).rstrip().endswith(" cua"):
        return False
    folded = folded_key(before)
    return any(f"{word} " in folded for word in DECISION_DOC_WORDS)


def class_told(text: str, cls: str) -> bool:
    """A document number of `text` tells which body of the class issued it ("…/NQ-UBTVQH15")."""
    marks = [mark for name in BODY_CLASSES.get(cls, ()) for mark in BODY_DOC_MARKS.get(name, ())]
    for span in typed_spans(text):
        if span.kind == "docnum":
            folded = folded_key(text[span.start : span.end])
            if any(mark in folded for mark in marks):
                return True
    return False


def issuer_implied(text: str, start: int, end: int) -> bool:
    """The body at [start, end) is the only one that issues the kind of document named just before
    it or in the action after it ("Nghị định của _____", "_____ đã thông qua Luật …": only the
    Chính phủ issues nghị định, only the Quốc hội passes a law), so the stem gives it away."""
    def words(part: str) -> str:
        return " " + " ".join(re.sub(r"[^\w]+", " ", folded_key(part)).split()) + " "

    before = words(text[max(0, start - OWNER_CHARS) : start])
    after = " " + " ".join(words(text[end : end + OWNER_CHARS]).split()[:AFTER_WORDS]) + " "
    name = index_key(" ".join(text[start:end].split()))
    return any(index_key(issuer) == name and (f" {kind} " in before or f" {kind} " in after) for kind, issuer in SOLE_ISSUERS.items())
