"""Follow-ups that only name another subject: "Còn Cần Thơ thì sao?", "Vậy Quận 5 thì sao?".

Such a follow-up asks the previous question again about a different place, name or year. Joining
the two questions keeps the old subject in the query (and the answer drifts back to it), so the
previous question is rewritten with the new subject in the old one's place: "Tỉnh Nghệ An giảm
mấy phường?" + "Còn Cần Thơ thì sao?" → "Tỉnh Cần Thơ giảm mấy phường?". Matching works on
accent-folded text, so an unaccented follow-up swaps alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import textkeys as tk
from ingest.normalize import fold_accents, nfc

# Administrative words (folded) that open a place name; longest first.
ADMIN_WORDS = ("thanh pho", "thi tran", "thi xa", "dac khu", "tinh", "huyen", "quan", "xa", "phuong", "tp")
MAX_SUBJECT_WORDS = 6
# "[thế/vậy] [còn] [ở/tại] SUBJECT [thì] sao|thế nào|ra sao ?" on the folded, lower-case question.
_FRAME = re.compile(
    r"^\s*(?P<cue>(?:(?:the|vay)\s+)?(?:con\s+)?)(?:(?:o|tai|voi|doi voi)\s+)?(?P<subject>.+?)"
    r"\s+(?:thi\s+)?(?:sao|the nao|ra sao|nhu the nao)\s*[?.!…]*\s*$"
)
_YEAR = re.compile(r"^(?:nam\s+)?((?:19|20)\d{2})$")
_PROVINCES = frozenset(name.strip() for name in tk.PROVINCES)


@dataclass(frozen=True, slots=True)
class Subject:
    """A place or name in a question: the whole span, and where its name starts (after "tỉnh" …)."""

    start: int
    name_start: int
    end: int
    place: bool  # opened by an administrative word, or a province's name


def _admin_length(words: list[str]) -> int:
    """How many of `words` (folded) an administrative word at their start takes."""
    for admin in ADMIN_WORDS:
        parts = admin.split()
        if words[: len(parts)] == parts:
            return len(parts)
    return 0


def subjects(text: str) -> list[Subject]:
    """Places and proper names of a question: runs of capitalised words (or a number after an
    administrative word, "Quận 10"), with the administrative word before them. Without an
    administrative word a name takes two capitalised words or is a province ("Nghị quyết", "Chủ
    tịch" take one); all-capital abbreviations ("UBND") are not names. Places come first."""
    tokens = tk.tokenize(text)
    found: list[Subject] = []
    i = 0
    while i < len(tokens):
        admin = _admin_length([t.key for t in tokens[i : i + 2]])
        j = i + admin
        k = j
        while k < len(tokens) and (tokens[k].is_capitalized or (admin and k == j and tokens[k].surface.isdigit())):
            if k > i and text[tokens[k - 1].end : tokens[k].start] != " ":
                break
            k += 1
        if k > j:
            name = text[tokens[j].start : tokens[k - 1].end]
            province = is_province(name)
            if admin or province or k - j >= 2:
                found.append(Subject(tokens[i].start, tokens[j].start, tokens[k - 1].end, bool(admin) or province))
                i = k
                continue
        i += 1
    taken = [(s.start, s.end) for s in found]
    found += [s for s in _provinces_in(tokens) if not any(s.start < e and b < s.end for b, e in taken)]
    return sorted(found, key=lambda s: (not s.place, s.start))


def _provinces_in(tokens: list[tk.Token]) -> list[Subject]:
    """Provinces' names written in any case ("thanh pho ho chi minh"), with an administrative word before them."""
    found: list[Subject] = []
    for i in range(len(tokens)):
        for n in (4, 3, 2, 1):
            if " ".join(t.key for t in tokens[i : i + n]) in _PROVINCES and len(tokens[i : i + n]) == n:
                start = i
                for admin in ADMIN_WORDS:
                    parts = admin.split()
                    if [t.key for t in tokens[max(0, i - len(parts)) : i]] == parts:
                        start = i - len(parts)
                        break
                found.append(Subject(tokens[start].start, tokens[i].start, tokens[i + n - 1].end, True))
                break
    return found


def is_province(name: str) -> bool:
    """The whole (accented or not) name is one of the provinces' names."""
    folded = " ".join(t.key for t in tk.tokenize(name))
    return folded in _PROVINCES


def swap_subject(question: str, previous: str) -> str | None:
    """The previous question asked about the follow-up's subject instead, or None when the
    follow-up says more than a subject or the previous question has no subject to replace."""
    question, previous = nfc(question), nfc(previous)
    folded = fold_accents(question).lower()
    frame = _FRAME.match(folded)
    if frame is None:
        return None
    subject = question[frame.start("subject") : frame.end("subject")].strip(" ,")
    words = tk.tokenize(subject)
    if not words or len(words) > MAX_SUBJECT_WORDS:
        return None
    year = _YEAR.match(fold_accents(subject).lower())
    if year:
        return _swap_year(previous, year.group(1))
    admin = _admin_length([t.key for t in words[:2]])
    capitalised = all(t.is_capitalized or t.surface.isdigit() for t in words)
    # Typed without accents or capitals ("con ha noi thi sao"), a subject is known by its form
    # only when it is a province's name or opens with an administrative word.
    named = admin or capitalised or is_province(subject)
    old = subjects(previous)
    if not old or not named:
        return None
    target = old[0]
    start = target.start if admin else target.name_start
    return previous[:start] + subject + previous[target.end :]


def _swap_year(previous: str, year: str) -> str | None:
    match = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", previous)
    if match is None:
        return None
    return previous[: match.start()] + year + previous[match.end() :]
