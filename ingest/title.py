"""The header of a scraped article: headline, dateline, and the category or place tags above them.

A page starts with a few short lines before the first body paragraph: perhaps a category
("Thời sự - Chính trị"), a place tag ("THÁP MƯỜI"), the headline, a dateline. The headline is
the longest of them that does not look like a category or tag; the dateline gives the
publication date. Lines above the headline and the dateline itself are not article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.cleaning import Line
from ingest.dates import dateline_date

_MAX_HEADER_LINES = 6
_BODY_MIN_CHARS = 220
_SEPARATORS = re.compile(r"\s+[-–—|/»>›]\s+")


@dataclass(frozen=True, slots=True)
class Header:
    title: str
    published: str | None
    title_index: int | None  # index of the headline among the lines, None when there is none
    dropped: frozenset[int]  # indices of header lines that are not article text


def _words(line: str) -> list[str]:
    return [word for word in line.split() if any(ch.isalnum() for ch in word)]


def looks_like_body(line: str) -> bool:
    """A paragraph rather than a heading: ends like a sentence or is long."""
    stripped = line.rstrip("\"'”’) ")
    return stripped.endswith((".", "!", "?", "…", ";")) or len(line) >= _BODY_MIN_CHARS


_FORM_FIELD = re.compile(r"^[^:]{2,40}:\s\S")


def looks_like_category(line: str) -> bool:
    """A section name, breadcrumb, place tag or form field ("Người ký: …"): very few words, or
    short parts joined by separators."""
    if _FORM_FIELD.match(line):
        return True
    words = _words(line)
    if len(words) <= 3:
        return True
    letters = [ch for ch in line if ch.isalpha()]
    if len(words) <= 4 and letters and all(ch.isupper() for ch in letters):
        return True
    parts = _SEPARATORS.split(line)
    return len(parts) >= 2 and all(len(_words(part)) <= 3 for part in parts)


def analyse_header(lines: list[Line]) -> Header:
    """Find headline, dateline and tag lines among the leading lines of an article."""
    header: list[int] = []
    for index, line in enumerate(lines[:_MAX_HEADER_LINES]):
        if looks_like_body(line.text) and dateline_date(line.text) is None:
            break
        header.append(index)
    published: str | None = None
    date_lines: set[int] = set()
    for index in header:
        iso = dateline_date(lines[index].text)
        if iso:
            date_lines.add(index)
            published = published or iso
    candidates = [index for index in header if index not in date_lines]
    headings = [index for index in candidates if not looks_like_category(lines[index].text)] or [
        index for index in candidates if not _FORM_FIELD.match(lines[index].text)
    ]
    if not headings:
        return Header(title="", published=published, title_index=None, dropped=frozenset(date_lines))
    title_index = max(headings, key=lambda index: (len(lines[index].text), -index))
    # Only tag-like lines above the headline go; anything else there is kept as text.
    dropped = {index for index in candidates if index < title_index and looks_like_category(lines[index].text)}
    title = lines[title_index].text.lstrip("#").strip()
    return Header(title=title, published=published, title_index=title_index, dropped=frozenset(dropped | date_lines))


def fallback_title(text: str, limit: int = 120) -> str:
    """A title for a text without a headline: its first line, cut at a word boundary."""
    first = text.strip().split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"
