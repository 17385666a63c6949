"""Vietnamese text normalisation for index keys.

Stored, shown and cited text is only ever NFC-normalised (`nfc`). The functions below build
*keys* for matching: lower case, one canonical tone-mark placement, and an accent-folded copy,
so that "hoà", "hòa" and "hoa" typed on a phone all find the same passage.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old-style placement puts the tone on the second vowel of an open "oa", "oe", "uy" syllable
# (hoà, khoẻ, thuỷ); the canonical key puts it on the first (hòa, khỏe, thủy). Only open
# syllables change: with a final consonant both styles agree (hoàng, khuyến).
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}


def _old_to_new_endings() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in _TONES:
            old = unicodedata.normalize("NFC", first + second + mark)
            new = unicodedata.normalize("NFC", first + mark + second)
            table[old] = new
    return table


_OLD_TO_NEW = _old_to_new_endings()
# "q" + "u" is a consonant (quý, quà), so the tone there is already on the only vowel.
_OLD_STYLE = re.compile(r"(?<![q\w])(\w*?)(?<!q)(" + "|".join(_OLD_TO_NEW) + r")(?!\w)")


def nfc(text: str) -> str:
    """Unicode NFC: the only change ever made to stored text."""
    return unicodedata.normalize("NFC", text)


def canonical_tones(text: str) -> str:
    """Move old-style tone marks to the canonical vowel (hoà→hòa, uỷ→ủy); expects lower-case NFC."""
    return _OLD_STYLE.sub(lambda m: m.group(1) + _OLD_TO_NEW[m.group(2)], text)


class _FoldTable(dict):
    """`str.translate` table folding one character at a time, filled as characters are met
    (C-speed lookups afterwards: folding is on the indexing hot path)."""

    def __missing__(self, code: int) -> str:
        char = chr(code).replace("đ", "d").replace("Đ", "D")
        folded = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_accents(text: str) -> str:
    """Remove every diacritic and map đ→d: "Bí thư Đảng ủy" → "Bi thu Dang uy"."""
    folded = text.translate(_FOLD)
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)


def index_key(text: str) -> str:
    """The accented index key: NFC, lower case, canonical tone placement."""
    return canonical_tones(nfc(text).lower())


@lru_cache(maxsize=65536)
def folded_key(text: str) -> str:
    """The accent-folded index key, for questions typed without diacritics."""
    return fold_accents(index_key(text))


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese diacritic (or đ)."""
    return fold_accents(text) != text
