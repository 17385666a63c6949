"""Whether a quiz item built on a fact is fair to a learner, judged on its stem (the sentence with
the answer blanked) before it is offered.

A reviewer who read only the quiz and its sources rejected items for four general reasons, each
checked here: the stem does not say whom or where it is about; the answer can be worked out from
the stem's other numbers; the sentence is a fragment; the sentence reports hearsay the article
sets out to deny. And a name (a person, a place) blanked without options has too many answers.
"""

from __future__ import annotations

import re
from itertools import combinations

from assistant import textkeys as tk
from assistant.trainer.vocabulary import HEARSAY_CUES
from assistant.trainer.worth import names_national_body
from ingest.normalize import folded_key

# Kinds whose answer is one exact written value in a format the item can state: they may be asked
# without options (a bare number without options is a guess, a reviewer found).
CLOZE_KINDS = frozenset({"date", "docnum"})
_OPENING = re.compile(r"^[\"“«(\[']*[\w]")
_CLOSING = re.compile(r"[.!?…:;][\"”»)\]']*$")


def is_fair(kind: str, stem: str, title: str, answer: str, with_options: bool) -> bool:
    return (
        (with_options or kind in CLOZE_KINDS)
        and is_whole_sentence(stem)
        and names_its_subject(stem, title)
        and not reports_hearsay(stem)
        and not (kind == "number" and computable(stem, answer))
    )


def is_whole_sentence(stem: str) -> bool:
    """Starts with a capital or a digit and ends with a sentence's punctuation, brackets balanced."""
    text = stem.strip()
    if not _OPENING.match(text) or not _CLOSING.search(text):
        return False
    first = text.lstrip("\"“«([' ")[:1]
    balanced = all(text.count(a) == text.count(b) for a, b in ("()", "[]", "«»", "“”"))
    return (first.isupper() or first.isdigit() or first == "_") and balanced


def names_its_subject(stem: str, title: str) -> bool:
    """The stem or the title shown with it names a place, a person, a document or a national body
    ("nước ta", "Quốc hội"): without one, "… ___ xã" cannot be answered without opening the article."""
    if names_national_body(stem):
        return True
    for text in (stem, title):
        if tk.place_names(text) or tk.person_names(text):
            return True
        if any(tk.is_doc_number(token.surface) for token in tk.tokenize(text)):
            return True
    return False


def padded_words(text: str) -> str:
    """The folded text as " word word … " with punctuation as spaces ("lan truyền." ends a word)."""
    return " " + " ".join(re.sub(r"[^\w/-]+", " ", folded_key(text)).split()) + " "


def reports_hearsay(stem: str) -> bool:
    folded = padded_words(stem)
    return any(f" {cue} " in folded for cue in HEARSAY_CUES)


def _value(surface: str) -> float | None:
    text = surface.rstrip("%").replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


_FRACTION = re.compile(r"(?<![\d/])(\d+)\s*/\s*(\d+)(?![\d/])")
_PERCENT = re.compile(r"(\d+(?:,\d+)?)\s*%")
RATIO_TOLERANCE = 0.5  # percentage points: "76,19%" is 96/126 rounded


def ratio_of(stem: str, answer: str) -> bool:
    """A percentage the stem's own numbers make: a fraction ("96/126 … đạt tỷ lệ ___": 76,19%) or
    two of its numbers."""
    share = _FRACTION.fullmatch(answer.strip())
    if share is not None:  # "___ đơn vị cấp xã thực hiện (50%)": a share its percentage tells
        part, whole = int(share.group(1)), int(share.group(2))
        percents = [v for m in _PERCENT.finditer(stem) if (v := _value(m.group(1))) is not None]
        return bool(whole) and any(abs(100 * part / whole - p) <= RATIO_TOLERANCE for p in percents)
    if not answer.strip().endswith("%") or (target := _value(answer)) is None:
        return False
    pairs = [(int(a), int(b)) for a, b in _FRACTION.findall(stem)]
    numbers = [v for t in tk.tokenize(stem) if tk.is_number(t.surface) and (v := _value(t.surface)) is not None and v > 0]
    pairs += [(a, b) for a, b in combinations(numbers[:12], 2) if a < b] + [(b, a) for a, b in combinations(numbers[:12], 2) if b < a]
    return any(b and abs(100 * a / b - target) <= RATIO_TOLERANCE for a, b in pairs)


def computable(stem: str, answer: str) -> bool:
    """The answer is a sum or a difference of two or three other numbers of the stem ("526 đơn vị,
    giảm 400, còn ___": 126), or a percentage they make (`ratio_of`)."""
    if ratio_of(stem, answer):
        return True
    target = _value(answer)
    if target is None:
        return False
    numbers = [v for t in tk.tokenize(stem) if tk.is_number(t.surface) and (v := _value(t.surface)) is not None]
    for size in (2, 3):
        for group in combinations(numbers[:12], size):
            total = sum(group)
            if abs(total - target) < 1e-9:
                return True
            largest = max(group)
            if abs(2 * largest - total - target) < 1e-9:  # the largest minus the others
                return True
    return False
