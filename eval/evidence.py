"""The evidence rule, shared by retrieval tests, the benchmark and the answer metrics.

A passage (or a citation quote) covers an evidence item when it comes from the evidence's
document and either contains the quote after light normalisation (NFC, straight quotes,
whitespace folded) or, for quotes of 40 or more characters, shares with it a contiguous run of
at least 60% of the quote's characters.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

LONG_QUOTE_CHARS = 40
MIN_SHARED_RUN = 0.6

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "«": '"', "»": '"'})
_SPACE = re.compile(r"\s+")


def fold_for_evidence(text: str) -> str:
    """NFC, straight quotes, runs of whitespace as one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


def longest_shared_run(a: str, b: str) -> int:
    """Length of the longest contiguous substring common to `a` and `b`."""
    if not a or not b:
        return 0
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def text_covers_quote(text: str, quote: str) -> bool:
    """The text part of the rule (the caller checks the document)."""
    text_f, quote_f = fold_for_evidence(text), fold_for_evidence(quote)
    if not quote_f:
        return False
    if quote_f in text_f:
        return True
    if len(quote_f) >= LONG_QUOTE_CHARS:
        return longest_shared_run(quote_f, text_f) >= MIN_SHARED_RUN * len(quote_f)
    return False


def covers(source: str, text: str, evidence_doc: str, quote: str) -> bool:
    """True when a passage or quote `text` from document `source` covers the evidence item."""
    return source == evidence_doc and text_covers_quote(text, quote)
