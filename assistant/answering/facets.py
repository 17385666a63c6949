"""Questions with several facets, each answered on its own.

- Sides: "so sánh A và B", "A và B khác nhau thế nào", "năm 2018 và 2021". Sides are the names
  (places, bodies, people the retrieved documents write as names) or years a question joins with
  "và", "với", "hay", or lists under a comparison word. Each side is answered from a sentence that
  names it, and a side no document covers is said to be missing rather than silently dropped.
- Parts: "… áp dụng từ khi nào, và ai chịu trách nhiệm thi hành?" asks two things; each
  clause holding its own question word is answered as a question of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant import textkeys as tk
from assistant.answering.analysis import Analysis

JOINERS = ("va", "voi", "hay", "hoac")


@dataclass(frozen=True, slots=True)
class Side:
    label: str  # as the question writes it
    names: tuple[str, ...]  # folded phrases that identify the side
    years: tuple[str, ...] = ()


def _positions(words: tuple[str, ...], phrase: str) -> int | None:
    parts = phrase.split()
    for i in range(len(words) - len(parts) + 1):
        if list(words[i : i + len(parts)]) == parts:
            return i
    return None


def surface(text: str, phrase: str) -> str:
    """How `text` writes a folded phrase (its first occurrence), or the phrase title-cased."""
    tokens = tk.tokenize(text)
    parts = phrase.split()
    for i in range(len(tokens) - len(parts) + 1):
        if [t.key for t in tokens[i : i + len(parts)]] == parts:
            return text[tokens[i].start : tokens[i + len(parts) - 1].end]
    return phrase.title()


def find_sides(q: Analysis, names: list[str]) -> list[Side]:
    """The compared sides, in question order; [] when the question does not compare."""
    items: list[tuple[int, str, str]] = []  # (position, kind, value)
    for name in names:
        at = _positions(q.words, name)
        if at is not None:
            items.append((at, "name", name))
    for year in q.years:
        at = _positions(q.words, year)
        if at is not None:
            items.append((at, "year", year))
    for kind in ("name", "year"):
        found = sorted(i for i in items if i[1] == kind)
        if len(found) < 2:
            continue
        joins = [i for i, w in enumerate(q.words) if w in JOINERS and found[0][0] < i < found[-1][0]]
        if not joins and not q.comparison:
            continue
        cuts = joins or [found[j][0] for j in range(1, len(found))]
        groups: list[list[str]] = [[] for _ in range(len(cuts) + 1)]
        for at, _, value in found:
            groups[sum(1 for c in cuts if at >= c)].append(value)
        groups = [g for g in groups if g]
        if len(groups) < 2:
            continue
        if kind == "year":
            return [Side(label=f"Năm {g[0]}", names=(), years=tuple(g)) for g in groups]
        return [Side(label=surface(q.text, g[0]), names=tuple(g)) for g in groups]
    return []


def side_question(q: Analysis, side: Side, sides: list[Side]) -> Analysis:
    """The question restricted to one side: the other sides' words and years are left out. What a
    side is asked is its own value: not "which place" (the side is the place) nor "which year",
    and a number when the question weighs the sides ("nhiều hơn", "đông dân hơn", "hơn bao nhiêu")."""
    others = {w for s in sides if s is not side for n in s.names for w in n.split()} - {
        w for n in side.names for w in n.split()
    }
    other_years = {y for s in sides if s is not side for y in s.years}
    keys = tuple(k for k in q.keys if k not in others and k not in other_years)
    years = side.years or tuple(y for y in q.years if y not in other_years)
    answered_by_side = {"date"} if side.years else {"place", "person"}
    types = tuple(t for t in q.answer_types if t not in answered_by_side)
    if "hon" in q.words and "number" not in types:
        types = ("number", *types)
    proper = tuple(w for w in q.proper if w not in others)
    return replace(q, keys=keys, years=years, proper=proper, comparison=False, answer_types=types or ("other",))


_CLAUSE_BREAK = re.compile(r"\s*[,;]\s*(?:và|rồi|còn|va|roi|con)?\s+|\s+(?:và|va)\s+(?=\S)", re.IGNORECASE)
MIN_PART_WORDS = 3


def split_parts(text: str) -> list[str]:
    """The clauses of a question that each ask something of their own; [] when it asks one thing."""
    from assistant.answering.analysis import asks_something

    pieces = [p.strip(" ?.") for p in _CLAUSE_BREAK.split(text) if p and p.strip(" ?.")]
    parts: list[str] = []
    pending: list[str] = []  # clauses without a question word join the next one that has one
    for piece in pieces:
        pending.append(piece)
        if asks_something(piece) and len(piece.split()) >= MIN_PART_WORDS:
            parts.append(", ".join(pending))
            pending = []
    if pending and parts:
        parts[-1] = ", ".join([parts[-1], *pending])
    return parts if len(parts) >= 2 else []
