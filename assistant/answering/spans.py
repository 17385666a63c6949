"""Typed spans inside a sentence: numbers, dates, years, document numbers, people and places.

The patterns are general Vietnamese formats ("1.017", "98,6%", "60 - 70%", "24/9/2021",
"ngày 16 tháng 6 năm 2025", "202/2025/QH15", "18-NQ/TW", "xã Phú Hưng"); they say what kind of
fact a sentence holds (a feature of the answer model) and give the short answer put first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant import textkeys as tk

_DATE = re.compile(
    r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}(?![\d/])"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s*(?:,\s*)?năm\s+(?:19|20)\d{2})?"
    r"|tháng\s+\d{1,2}\s*(?:/|năm\s+)(?:19|20)\d{2}"
    r"|(?<![\d/.-])\d{1,2}/(?:19|20)\d{2}(?![\d/])",
    re.IGNORECASE,
)
# A year may end a clause ("năm 2025,", "năm 2025."); "2025,5" and "2025.3" are numbers.
_YEAR = re.compile(r"(?<![\d/.,-])(?:19|20)\d{2}(?![\d/]|[.,]\d)")
_DOCNUM = re.compile(
    r"(?<![\w/])\d{1,5}(?:[-–/][A-ZĐ][A-ZĐa-zđ0-9]{0,9}|/(?:19|20)\d{2}/[A-ZĐ][A-ZĐa-zđ0-9]{0,9})(?:[-/][A-ZĐa-zđ0-9]{1,10})*(?![\w/])"
)
_NUMBER = re.compile(
    r"(?<![\w/.,-])\d+(?:[.,]\d+)*(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?(?:\s*%)?(?:/\d+(?:[.,]\d+)*)?(?![\w/])"
)
_PLACE = re.compile(
    r"(?:\b(?i:tỉnh|thành phố|huyện|thị xã|thị trấn|xã|phường|quận|đặc khu|ấp|thôn|bản)|\bTP\.?)\s+"
    r"(?P<name>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ]*){0,3})"
)

KINDS = ("number", "date", "year", "docnum", "person", "place")


@dataclass(frozen=True, slots=True)
class Span:
    kind: str
    start: int
    end: int


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


@lru_cache(maxsize=16384)
def typed_spans(text: str) -> tuple[Span, ...]:
    """The typed spans of `text`, dates and document numbers first (a number inside one is not a count)."""
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in (("date", _DATE), ("docnum", _DOCNUM), ("year", _YEAR)):
        for m in pattern.finditer(text):
            if not _overlaps(m.span(), taken):
                found.append(Span(kind, *m.span()))
                taken.append(m.span())
    for m in _NUMBER.finditer(text):
        if not _overlaps(m.span(), taken):
            found.append(Span("number", *m.span()))
            taken.append(m.span())
    for start, end in tk.person_names(text):
        found.append(Span("person", start, end))
    for m in _PLACE.finditer(text):
        end = _capitalised_end(text, m)
        if end is not None:
            found.append(Span("place", m.start(), end))
    return tuple(sorted(found, key=lambda s: s.start))


def _capitalised_end(text: str, match: re.Match[str]) -> int | None:
    """Where the place name of a `_PLACE` match ends: at its first word that is not capitalised
    (the class À-Ỹ also holds lower-case letters, so "quận được" matches the pattern); None when
    its first word is not."""
    end = None
    for word in re.finditer(r"\S+", text[match.start("name") : match.end()]):
        if not (word.group()[0].isupper() or word.group()[0].isdigit()):
            break
        end = match.start("name") + word.end()
    return end


def kinds_in(text: str) -> frozenset[str]:
    return frozenset(s.kind for s in typed_spans(text))


# Which span kinds answer which question type.
ANSWERS: dict[str, tuple[str, ...]] = {
    "number": ("number",),
    "date": ("date", "year"),
    "day": ("date",),  # "ngày nào" asks for a day: a year alone does not answer it
    "person": ("person",),
    "docnum": ("docnum",),
    "place": ("place",),
}
