"""The legal documents a text cites, in canonical form ("18-NQ/TW", "1853-QĐ/BTGTW").

Two sources:
- written numbers: "Kết luận số 34-KL/TW", "Nghị quyết số 18, 19-NQ/TW" (both), "02-ĐA/TU",
  and state documents such as "108/2014/NĐ-CP";
- a number named by its kind and issuer without the suffix: "Nghị quyết số 02 của Tỉnh ủy"
  (→ 02-NQ/TU), "Nghị quyết 18, 19 của Hội nghị Trung ương 6" (→ 18-NQ/TW, 19-NQ/TW). The
  suffix follows the Party's numbering rule (kind code / issuer code), so it is not a guess
  about which document is meant.
"""

from __future__ import annotations

import re

_CODE = r"[A-ZĐ][A-ZĐa-zđ]{0,5}"
_ISSUER = r"[A-ZĐ][A-ZĐ0-9]{0,11}"
_NUMBER_LIST = r"\d{1,5}(?:\s*(?:,|và|&)\s*\d{1,5})*"
# "18-NQ/TW", "18, 19-NQ/TW", "1853-QĐ/BTGTW", "18 - NQ/TW"
_PARTY_REF = re.compile(rf"(?<![\w/-])({_NUMBER_LIST})\s?-\s?({_CODE})\s?/\s?({_ISSUER})(?![\w])")
# "108/2014/NĐ-CP", "01/2019/TT-BNV", "15/QĐ-UBND", "55/2014/QH13"
_STATE_REF = re.compile(
    r"(?<![\w/-])(\d{1,5}/\d{4}|\d{1,5})/("
    r"(?:[A-ZĐ]{1,8}\d{0,3}(?:-[A-ZĐ0-9]{1,12})*)(?<=\d)|[A-ZĐ]{1,8}(?:-[A-ZĐ0-9]{1,12})+"
    r")(?![\w/])"
)

_KINDS = {
    "Nghị quyết": "NQ",
    "Kết luận": "KL",
    "Đề án": "ĐA",
    "Chỉ thị": "CT",
    "Quy định": "QĐ",
    "Quyết định": "QĐ",
    "Hướng dẫn": "HD",
    "Thông báo": "TB",
}
_ISSUERS = {
    "Ban Chấp hành Trung ương": "TW",
    "Hội nghị Trung ương": "TW",
    "Trung ương": "TW",
    "Bộ Chính trị": "TW",
    "Ban Bí thư": "TW",
    "Tỉnh ủy": "TU",
    "Thành ủy": "TU",
    "Huyện ủy": "HU",
}
_NAMED_REF = re.compile(
    r"\b(" + "|".join(_KINDS) + r")\s+(?:số\s+)?(" + _NUMBER_LIST + r")(?![\w/-])"
    r"(?P<tail>[^.;\n]{0,70})",
)
_ISSUER_AFTER = re.compile(
    r"^\s*(?:,?\s*ngày\s+[\d/.-]+\s*)?(?:của\s+)?(?:Ban Thường vụ\s+(?:\([^)]*\)\s+)?)?(?:(?:của|Hội nghị lần thứ \d+)\s+)?("
    + "|".join(sorted(_ISSUERS, key=len, reverse=True))
    + r")"
)


def _numbers(number_list: str) -> list[str]:
    return re.findall(r"\d+", number_list)


def extract_references(text: str) -> tuple[str, ...]:
    """Cited legal documents, canonical, deduplicated, in order of first mention."""
    found: list[tuple[int, str]] = []
    for match in _PARTY_REF.finditer(text):
        for number in _numbers(match.group(1)):
            found.append((match.start(), f"{number}-{match.group(2)}/{match.group(3)}"))
    for match in _STATE_REF.finditer(text):
        found.append((match.start(), f"{match.group(1)}/{match.group(2)}"))
    for match in _NAMED_REF.finditer(text):
        tail = match.group("tail")
        if tail.lstrip().startswith("-"):
            continue  # written with its suffix: already found above
        issuer = _ISSUER_AFTER.match(tail)
        if not issuer:
            continue
        suffix = f"{_KINDS[match.group(1)]}/{_ISSUERS[issuer.group(1)]}"
        for number in _numbers(match.group(2)):
            found.append((match.start(), f"{number}-{suffix}"))
    seen: dict[str, None] = {}
    for _, ref in sorted(found, key=lambda item: item[0]):
        seen.setdefault(ref, None)
    return tuple(seen)
