"""Section paths: which headings a position of a document's text falls under.

Headings are kept as `(offset, level, text)` in the document's metadata (JSON, so that every
store back end keeps them as a plain string); `section_path` gives the chain of headings above
an offset, e.g. "Địa lý › Khái quát", for citations and passage metadata.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

SEPARATOR = " › "


def encode_sections(headings: Sequence[tuple[int, int, str]]) -> str:
    return json.dumps([[offset, level, text] for offset, level, text in headings], ensure_ascii=False)


def decode_sections(metadata: Mapping[str, str]) -> list[tuple[int, int, str]]:
    raw = metadata.get("sections")
    if not raw:
        return []
    try:
        return [(int(offset), int(level), str(text)) for offset, level, text in json.loads(raw)]
    except (ValueError, TypeError):
        return []


def section_path(headings: Sequence[tuple[int, int, str]], offset: int, title: str = "") -> str:
    """The headings above `offset`, outermost first; the document's own title is left out."""
    chain: list[tuple[int, str]] = []
    for start, level, text in headings:
        if start > offset:
            break
        while chain and chain[-1][0] >= level:
            chain.pop()
        chain.append((level, text))
    names = [text for _, text in chain if text.strip() != title.strip()]
    return SEPARATOR.join(names)
