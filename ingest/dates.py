"""Publication dates from the header lines of Vietnamese news pages.

Only a *dateline* counts: a short line that holds a date and little else (a time, a weekday,
"Cập nhật ngày:", "[GMT+7]"). A date inside a sentence of the body is an event date, not the
publication date, so `dateline_date` rejects lines with more than a few other words.
"""

from __future__ import annotations

import re
from datetime import date

from ingest.normalize import folded_key

_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])")
_ISO_DATE = re.compile(r"(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d])")
_WORDY_DATE = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:,\s*|\s+)nam\s+(\d{4})")
_TIME = re.compile(r"\b\d{1,2}\s*(?::\s*\d{1,2}(?:\s*:\s*\d{1,2})?\s*'?|h\s*\d{0,2}'?)(?:\s*(?:am|pm|sa|ch))?")
# Words a dateline may hold besides the date and time (accent-folded, lower case).
_DATELINE_WORDS = frozenset(
    """cap nhat ngay dang luc thoi gian xuat ban gio gmt utc ict thu hai ba tu nam sau bay chu nhat cn
    posted updated published date time last modified sua doi luot xem""".split()
)
_MAX_EXTRA_WORDS = 4


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Every valid date in `text` as (ISO date, span), in text order, in any supported form
    (24/9/2021, 24-9-2021, 24.9.2021, 2021-09-24, "ngày 24 tháng 9 năm 2021")."""
    candidates: list[tuple[int, int, str]] = []
    for match in _NUMERIC_DATE.finditer(text):
        iso = _valid(int(match.group(4)), int(match.group(3)), int(match.group(1)))
        if iso:
            candidates.append((match.start(), match.end(), iso))
    for match in _ISO_DATE.finditer(text):
        iso = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if iso:
            candidates.append((match.start(), match.end(), iso))
    folded = folded_key(text)
    if len(folded) == len(text):  # folding keeps offsets for Vietnamese NFC text
        for match in _WORDY_DATE.finditer(folded):
            iso = _valid(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            if iso:
                candidates.append((match.start(), match.end(), iso))
    return [(iso, (start, end)) for start, end, iso in sorted(candidates)]


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first valid date in `text` as (ISO date, span), in any supported form."""
    found = find_dates(text)
    return found[0] if found else None


def dateline_date(line: str) -> str | None:
    """The ISO date of a dateline ("Thứ Tư, 24/06/2020, 12:29", "9:2' 24/9/2021"), else None."""
    if len(line) > 80:
        return None
    found = find_date(line)
    if not found:
        return None
    iso, (start, end) = found
    rest = folded_key(line[:start] + " " + line[end:])
    rest = _TIME.sub(" ", rest)
    words = re.findall(r"[a-z]+", rest)
    extra = [word for word in words if word not in _DATELINE_WORDS]
    return iso if len(extra) <= _MAX_EXTRA_WORDS and len(words) <= 8 else None


def parse_date(value: str) -> str | None:
    """Normalise a date given in metadata (ISO or a Vietnamese form) to ISO; None when invalid."""
    value = value.strip()
    if not value:
        return None
    found = find_date(value)
    return found[0] if found else None
