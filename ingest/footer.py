"""The footer a crawler leaves under an article: the posting time and the source line.

"Giờ đăng bài viết gốc: 16/03/2025 17:47" is a dateline at the end instead of the top, and
"Theo Báo điện tử Chính phủ" (whose URL `ingest.markdown` already took out) names the outlet.
Both are metadata, not article text: the date becomes `published` when the header gave none,
and the lines leave the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.cleaning import Line
from ingest.dates import dateline_date
from ingest.normalize import folded_key

_FOOTER_LINES = 3
_ATTRIBUTION = re.compile(r"^(?:theo|nguon|tac gia|bai va anh|anh)\s*:?\s+\S")
_MAX_ATTRIBUTION_CHARS = 80


@dataclass(frozen=True, slots=True)
class Footer:
    published: str | None
    attribution: str | None
    dropped: frozenset[int]


def _is_attribution(text: str) -> bool:
    return len(text) <= _MAX_ATTRIBUTION_CHARS and not text.endswith((".", "!", "?")) and bool(
        _ATTRIBUTION.match(folded_key(text))
    )


def analyse_footer(lines: list[Line]) -> Footer:
    """Posting-time and attribution lines among the last lines of a document."""
    published: str | None = None
    attribution: str | None = None
    dropped: set[int] = set()
    for index in range(len(lines) - 1, max(-1, len(lines) - 1 - _FOOTER_LINES), -1):
        text = lines[index].text
        iso = dateline_date(text)
        if iso and len(lines) > 1:
            published = published or iso
            dropped.add(index)
        elif _is_attribution(text):
            attribution = attribution or text
            dropped.add(index)
        else:
            break
    return Footer(published=published, attribution=attribution, dropped=frozenset(dropped))
