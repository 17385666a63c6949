"""Follow-up questions without an LLM: the earlier question supplies what this one leaves out.

"Còn tỉnh Điện Biên thì sao?" keeps its own words (Điện Biên) and borrows the rest from the
previous user question: the retrieval query joins both, the kind of answer asked is inherited
when the follow-up asks none of its own, and the earlier question's words become a separate,
lower-weighted signal (`features.hist_cov`). Pointing words ("ông ấy", "xã đó") are replaced by
the last matching name of the conversation. A follow-up that only names another subject ("Còn Cần
Thơ thì sao?") becomes the previous question about that subject (`subject_swap`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant import textkeys as tk
from assistant.answering import vocabulary as vocab
from assistant.answering.analysis import Analysis, analyse, content_keys, form_positions
from assistant.answering.subject_swap import swap_subject
from assistant.schemas import HistoryTurn
from ingest.normalize import fold_accents, nfc

SHORT_QUESTION_KEYS = 4
# Matched on the accent-folded question, so a question typed without diacritics resolves alike.
_PERSON_REF = re.compile(r"\b(ong|ba|anh|chi|dong chi|nguoi)\s+(ay|do|nay|noi tren)\b", re.IGNORECASE)
_ADMIN_REF = re.compile(r"\b(xa|huyen|tinh|thanh pho|thi tran|phuong|quan|ap|thon)\s+(do|ay|nay|noi tren|tren)\b", re.IGNORECASE)
_ORDINAL = {"dau tien": 0, "thu nhat": 0, "thu hai": 1, "thu ba": 2, "cuoi cung": -1}
_ORDINAL_REF = re.compile(r"\b(\w+(?:\s\w+)?)\s+(dau tien|thu nhat|thu hai|thu ba|cuoi cung)\b", re.IGNORECASE)
_ADMIN_WORDS = {"xa": "xã", "huyen": "huyện", "tinh": "tỉnh", "thanh pho": "thành phố", "thi tran": "thị trấn",
                "phuong": "phường", "quan": "quận", "ap": "ấp", "thon": "thôn"}


@dataclass(frozen=True, slots=True)
class Resolved:
    """A question made to stand alone: its analysis, the query to retrieve with, the earlier question."""

    analysis: Analysis
    query: str
    history: Analysis | None = None


def _last_person(texts: Sequence[str]) -> str | None:
    for text in reversed(texts):
        names = tk.person_names(text)
        if names:
            start, end = names[-1]
            return text[start:end]
    return None


def _last_admin_name(texts: Sequence[str], kind: str) -> str | None:
    written = _ADMIN_WORDS.get(kind, kind)
    pattern = re.compile(rf"\b(?i:{written})\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){{0,3}})")
    for text in reversed(texts):
        found = pattern.findall(text)
        if found:
            return f"{written} {found[-1]}"
    return None


def _list_items(answer: str) -> list[str]:
    """Items of a list in an answer: bullet lines, else ';'-separated parts."""
    text = re.sub(r"\[\d+\]", "", answer)
    lines = [ln.strip(" -•*\t") for ln in text.splitlines() if ln.strip().startswith(("-", "•", "*"))]
    if len(lines) >= 2:
        return lines
    parts = [p.strip(" .") for p in re.split(r";|\n", text) if p.strip(" .")]
    if len(parts) >= 2 and ":" in parts[0]:
        parts[0] = parts[0].split(":", 1)[1].strip()
    return parts if len(parts) >= 2 else []


def _substitute(text: str, pattern: re.Pattern[str], replace_with) -> str:
    """Replace matches found on the folded text in the text itself (folding keeps NFC offsets)."""
    folded = fold_accents(text)
    if len(folded) != len(text):
        text, folded = folded, folded
    out, last = [], 0
    for match in pattern.finditer(folded):
        replacement = replace_with(match)
        if replacement is None:
            continue
        out.append(text[last : match.start()])
        out.append(replacement)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def resolve_references(question: str, history: Sequence[HistoryTurn]) -> str:
    """Replace "ông ấy", "xã đó" with the last such name said in the conversation, and "mô hình
    đầu tiên" with that item of the last answer's list."""
    texts = [t.content for t in history]
    question = nfc(question)
    resolved = _substitute(question, _PERSON_REF, lambda m: _last_person(texts))
    resolved = _substitute(resolved, _ADMIN_REF, lambda m: _last_admin_name(texts, m.group(1).lower()))
    answers = [t.content for t in history if t.role == "assistant"]
    items = _list_items(answers[-1]) if answers else []

    def item(match: re.Match[str]) -> str | None:
        position = _ORDINAL[match.group(2).lower()]
        if items and (position == -1 or position < len(items)):
            return f"{resolved[match.start(1) : match.end(1)]} {items[position]}"
        return None

    return _substitute(resolved, _ORDINAL_REF, item) if items else resolved


def is_elliptic(q: Analysis) -> bool:
    """Few words of its own, opening or closing like a follow-up ("Còn …", "… thì sao?"), or
    pointing back ("hội nghị đó", "ông ấy", "xã này")."""
    padded = " " + q.canonical + " "
    starts = any(padded.startswith(f" {cue} ") for cue in vocab.FOLLOW_UP_CUES) and not any(
        padded.startswith(f" {opening} ") for opening in vocab.NOT_FOLLOW_UP_STARTS
    )
    points = any(f" {word} " in padded for word in vocab.POINTING_WORDS)
    return len(q.keys) < SHORT_QUESTION_KEYS or starts or points or " thi sao " in padded


def resolve(question: str, history: Sequence[HistoryTurn]) -> Resolved:
    users = [t.content for t in history if t.role == "user"]
    if not users:
        return Resolved(analysis=analyse(question), query=question)
    resolved = resolve_references(question, history)
    previous_question = _standalone(users)
    swapped = swap_subject(resolved, previous_question)
    if swapped is not None:
        return Resolved(analysis=analyse(swapped), query=swapped)
    current = analyse(resolved)
    if not is_elliptic(current):
        return Resolved(analysis=current, query=resolved)
    current = _without_opening_cue(current)
    previous = analyse(previous_question)
    if current.answer_types == ("other",) and previous.answer_types != ("other",):
        current = replace(current, answer_types=previous.answer_types, counted=current.counted or previous.counted)
    return Resolved(analysis=current, query=f"{resolved} {previous_question}", history=previous)


# Openings that only join a follow-up to the conversation ("Còn …", "Thế còn …", "Vậy …"), unlike
# "cụ thể", "ngoài ra", which also say what is asked.
_CONNECTIVES = ("con", "the con", "vay con", "vay", "the")


def _without_opening_cue(q: Analysis) -> Analysis:
    """The follow-up's keys without the connective it opens with: matched as content, "còn" would
    pull in any "còn" of the text."""
    opening = max((len(c.split()) for c in _CONNECTIVES if q.words[: len(c.split())] == tuple(c.split())), default=0)
    if not opening:
        return q
    return replace(q, keys=content_keys(q.words, form_positions(q.words) | set(range(opening))))


def _standalone(users: Sequence[str]) -> str:
    """The last user question, itself rewritten when it only named another subject than the one before."""
    standalone = users[0]
    for question in users[1:]:
        standalone = swap_subject(question, standalone) or question
    return standalone
