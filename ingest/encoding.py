"""Decode text files whose encoding nobody wrote down: UTF-8 (± BOM), UTF-16, cp1258, Windows-1252.

Legacy Vietnamese files are often cp1258 (tone marks as combining characters) or were saved as
Windows-1252. When several decodings succeed, the one that reads as the most plausible
Vietnamese wins; binary data (NUL bytes, control characters) is refused.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ingest.normalize import nfc

_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ ue uê ui uô uơ uy ưa ưi "
    "ươ ưu yê iêu yêu oai oay oao oeo uây uôi ươi ươu uyê uya uyu"
).split()
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?(?:"
    + "|".join(sorted(_NUCLEI, key=len, reverse=True))
    + r")(?:ch|ng|nh|[cmnpt])?$"
)
_LEGACY = ("cp1258", "cp1252")


class UndecodableError(ValueError):
    """The bytes are not text in any supported encoding (the message says why)."""


def _is_vietnamese_letter(ch: str) -> bool:
    if ch.isascii():
        return ch.isalpha()
    if ch in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0].isascii() and decomposed[0].isalpha() and all(m in _VIETNAMESE_MARKS for m in decomposed[1:])


def _syllable_score(text: str) -> int:
    """+1 per word with a diacritic that is a well-formed Vietnamese syllable, -1 per malformed one."""
    score = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if word.isascii():
            continue
        decomposed = unicodedata.normalize("NFD", word.lower())
        tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
        well_formed = tones <= 1 and _SYLLABLE.match(base) and not base.endswith(("ă", "â"))  # "ăn", never "ă"
        score += 1 if well_formed else -1
    return score


def plausibility(text: str) -> float:
    """Higher is more like real Vietnamese text; mojibake and control characters score low."""
    score = 2.0 * _syllable_score(text)
    for ch in text:
        if ch.isascii():
            if ch.isprintable() or ch in _ALLOWED_CONTROLS:
                continue
            score -= 5  # control character
        elif unicodedata.category(ch) == "Mn":
            score -= 3  # a combining mark that did not compose: wrong decoding
        elif _is_vietnamese_letter(ch):
            score += 1
        elif unicodedata.category(ch).startswith("C"):
            score -= 5
        elif ch.isalpha():
            score -= 1  # foreign letters such as "Ã", "Â" dominate mojibake
        elif unicodedata.category(ch) in ("So", "Sk", "Sc"):
            score -= 0.5
    return score


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return bad / len(text)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes to NFC text; returns (text, encoding name). Raises UndecodableError."""
    if not data:
        raise UndecodableError("empty file")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"starts with a {name} byte-order mark but is not valid {name}: {exc.reason}") from exc
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise UndecodableError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str]] = []
    for name in _LEGACY:
        try:
            text = nfc(data.decode(name))
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text), name, text))
    if not candidates:
        raise UndecodableError("not valid text in UTF-8, UTF-16, cp1258 or Windows-1252")
    _, name, text = max(candidates, key=lambda item: item[0])
    return _checked(text, name)


def _checked(text: str, name: str) -> tuple[str, str]:
    if _control_ratio(text) > 0.01:
        raise UndecodableError(f"binary data, not text (decoded as {name} it is full of control characters)")
    return nfc(text), name
