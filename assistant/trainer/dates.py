"""Dates of events in a sentence, normalised to ISO.

Full dates in any written form (24/9/2021, 24-9-2021, 24.9.2021, "ngày 24 tháng 9 năm 2021") are
one day (`ingest.dates.find_dates`). A month ("tháng 6/2025", "tháng 6 năm 2025") is kept with
month precision. A day without a year ("ngày 24/9") and words relative to the day of writing
("sáng nay", "hôm qua") are resolved only against a known publication date; without one they
are not dated at all, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from assistant.trainer.vocabulary import RELATIVE_DAYS
from ingest.dates import find_dates
from ingest.normalize import folded_key

Precision = Literal["day", "month"]

_MONTH_YEAR = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|-|\s*,?\s*nam\s+)\s*(\d{4})(?!\d)")
_DAY_MONTH = re.compile(r"\bngay\s+(\d{1,2})\s*(?:/|-|\s+thang\s+)\s*(\d{1,2})(?![\d/-]|\s*(?:/|-|nam)\s*\d)")
_RELATIVE = re.compile(r"\b(" + "|".join(re.escape(words) for words, _ in RELATIVE_DAYS) + r")\b")
_SHIFT = dict(RELATIVE_DAYS)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date stated (or implied) by a sentence: ISO day, precision and where it is written."""

    iso: str  # YYYY-MM-DD (the first of the month for month precision)
    precision: Precision
    start: int
    end: int
    resolved: bool = False  # True when worked out from the publication date


def _valid(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dates_in(text: str, published: str | None = None) -> list[FoundDate]:
    """Every date of `text` in text order; relative ones only when `published` (ISO) is known."""
    found = [FoundDate(iso, "day", s, e) for iso, (s, e) in find_dates(text)]
    taken = [(d.start, d.end) for d in found]
    folded = folded_key(text)
    if len(folded) != len(text):  # offsets would not match: only full dates are trusted
        return found

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    for match in _MONTH_YEAR.finditer(folded):
        day = _valid(int(match.group(2)), int(match.group(1)), 1)
        if day and free(*match.span()):
            found.append(FoundDate(day.isoformat(), "month", *match.span()))
            taken.append(match.span())
    base = _valid(*map(int, published.split("-"))) if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None
    if base is not None:
        for match in _DAY_MONTH.finditer(folded):
            day = _valid(base.year, int(match.group(2)), int(match.group(1)))
            if day and day > base:  # a day after the article was written is last year's
                day = _valid(base.year - 1, day.month, day.day)
            if day and free(*match.span()):
                found.append(FoundDate(day.isoformat(), "day", *match.span(), resolved=True))
                taken.append(match.span())
        for match in _RELATIVE.finditer(folded):
            if free(*match.span()):
                day = base + timedelta(days=_SHIFT[match.group(1)])
                found.append(FoundDate(day.isoformat(), "day", *match.span(), resolved=True))
                taken.append(match.span())
    return sorted(found, key=lambda d: d.start)
