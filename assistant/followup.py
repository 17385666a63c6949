"""Follow-up questions without an LLM: find the subject in earlier turns.

"Còn những xã nào chưa thực hiện?", "xã đó", "ông ấy", "mô hình đầu tiên", "còn Sơn La thì
sao?" lose their subject on their own. When a question is short, elliptic or anaphoric, the
previous user question joins the retrieval query and lends its keys (weighted lower), its answer
type when the new question has none, and its places; "ông ấy"/"xã đó" are replaced by the last
matching name in the conversation, "đầu tiên/thứ hai" by that item of the last answer's list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant import textkeys as tk
from assistant.question import Question, analyse
from assistant.schemas import HistoryTurn

SHORT_QUESTION_KEYS = 4
_ANAPHORA = re.compile(
    r"(^| )(con |va |the con )|( (do|ay|nay|tren|kia|nhu vay|thi sao)( |\?|$))|(^| )(ho|no|chung) |"
    r"(dau tien|thu nhat|thu hai|thu ba|cuoi cung)"
)
_POINTING = re.compile(r"\b(đó|ấy|này|nói trên)\b")
_PERSON_REF = re.compile(r"\b(ông|bà|anh|chị|đồng chí|người)\s+(ấy|đó|này|nói trên)\b", re.IGNORECASE)
_ADMIN_REF = re.compile(r"\b(xã|huyện|tỉnh|thành phố|thị trấn|phường|quận|ấp|thôn)\s+(đó|ấy|này|nói trên|trên)\b", re.IGNORECASE)
_ORDINAL = {"đầu tiên": 0, "thứ nhất": 0, "thứ hai": 1, "thứ ba": 2, "cuối cùng": -1}
_ORDINAL_REF = re.compile(r"\b(\w+(?:\s\w+)?)\s+(đầu tiên|thứ nhất|thứ hai|thứ ba|cuối cùng)\b", re.IGNORECASE)


@dataclass(slots=True)
class Condensed:
    """What the chain retrieves with and how it reads the question."""

    query: str  # retrieval query
    question: Question  # analysis of the (resolved) question
    history_keys: list[str] = field(default_factory=list)
    rewritten: bool = False


def _user_turns(history: Sequence[HistoryTurn]) -> list[str]:
    return [t.content for t in history if t.role == "user"]


def _last_assistant(history: Sequence[HistoryTurn]) -> str:
    for turn in reversed(history):
        if turn.role == "assistant":
            return turn.content
    return ""


def is_elliptic(question: str) -> bool:
    folded = " ".join(t.key for t in tk.tokenize(question))
    keys = [k for k in tk.content_keys(tk.tokenize(question)) if k not in tk.QUESTION_WORDS]
    return len(keys) < SHORT_QUESTION_KEYS or bool(_ANAPHORA.search(folded))


def _last_person(texts: Sequence[str]) -> str | None:
    for text in reversed(texts):
        names = tk.person_names(text)
        if names:
            start, end = names[-1]
            return text[start:end]
    return None


def _last_admin_name(texts: Sequence[str], kind: str) -> str | None:
    pattern = re.compile(rf"\b{kind}\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){{0,3}})")
    for text in reversed(texts):
        found = pattern.findall(text)
        if found:
            return f"{kind} {found[-1]}"
    return None


def _list_items(answer: str) -> list[str]:
    """Items of a list in an answer: bullet lines, else ';'-separated parts."""
    text = re.sub(r"\[\d+\]", "", answer)
    lines = [ln.strip(" -•*\t") for ln in text.splitlines() if ln.strip().startswith(("-", "•", "*"))]
    if len(lines) >= 2:
        return lines
    parts = [p.strip(" .") for p in re.split(r";|\n", text) if p.strip(" .")]
    if len(parts) >= 2:
        first = parts[0]
        if ":" in first:
            parts[0] = first.split(":", 1)[1].strip()
        return parts
    return []


def resolve_references(question: str, history: Sequence[HistoryTurn]) -> str:
    """Replace "ông ấy", "xã đó", "mô hình đầu tiên" with what they point at in the conversation."""
    texts = [t.content for t in history]
    resolved = question

    def person(match: re.Match[str]) -> str:
        name = _last_person(texts)
        return name or match.group(0)

    resolved = _PERSON_REF.sub(person, resolved)

    def admin(match: re.Match[str]) -> str:
        name = _last_admin_name(texts, match.group(1).lower())
        return name or match.group(0)

    resolved = _ADMIN_REF.sub(admin, resolved)
    match = _ORDINAL_REF.search(resolved)
    if match:
        items = _list_items(_last_assistant(history))
        position = _ORDINAL[match.group(2).lower()]
        if items and (position == -1 or position < len(items)):
            resolved = resolved[: match.start()] + f"{match.group(1)} {items[position]}" + resolved[match.end() :]
    return resolved


def condense(question: str, history: Sequence[HistoryTurn]) -> Condensed:
    """Make a follow-up stand alone (heuristically); a first question passes through unchanged."""
    users = _user_turns(history)
    if not users:
        return Condensed(query=question, question=analyse(question))
    resolved = resolve_references(question, history)
    if not is_elliptic(question):
        return Condensed(query=resolved, question=analyse(resolved), rewritten=resolved != question)
    previous = users[-1]
    prev_q = analyse(previous)
    q = analyse(resolved)
    asks_own = any(t.key in tk.QUESTION_WORDS - {"sao"} for t in tk.tokenize(resolved))
    if q.answer_type == "other" and prev_q.answer_type != "other" and not asks_own:
        q.answer_type = prev_q.answer_type
        # a new subject may count in other words ("4/8 đơn vị" in one place, "11/13 xã" in another)
        q.counted = prev_q.counted if not q.places else []
        q.counted_exact = prev_q.counted_exact if not q.places else []
        q.identity = prev_q.identity
        q.place_kind = prev_q.place_kind
        q.event_verbs = prev_q.event_verbs
    if not q.focus and not asks_own:
        q.focus = prev_q.focus  # "còn ở Bến Tre thì sao?" asks the same thing about another subject
    dropped: set[str] = set()
    if not (q.places or q.persons or q.doc_numbers):
        q.places = prev_q.places
    elif q.places:
        dropped = {w for p in prev_q.places for w in p.split()}  # the new place replaces the old one
    if _POINTING.search(resolved.lower()):
        q.focus, q.identity = [], False  # "người giữ chức vụ đó": what it points at is in the history
    history_keys = [k for k in prev_q.keys if k not in q.keys and k not in dropped]
    if not asks_own:
        # "còn ở Bến Tre thì sao?" is the earlier question about a new subject: its words count fully
        q.keys = [*q.keys, *history_keys]
        history_keys = []
    return Condensed(query=f"{resolved} {previous}", question=q, history_keys=history_keys, rewritten=True)
