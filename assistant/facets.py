"""Two-sided questions: "… năm 2018 và năm 2021 …", "… ở Tháp Mười và Ba Chẽ …".

Such a question is answered by one sentence per side, usually from different documents; each
side is a copy of the question restricted to one year or one place, selected and checked alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import textkeys as tk
from assistant.question import Question


def _joined(folded: str, a: str, b: str) -> bool:
    """"a và b", "a và năm b", "a, b": two things asked side by side."""
    if re.search(rf" {re.escape(a)} (?:\S+ ){{0,2}}?(?:den|toi) (?:\S+ ){{0,2}}?{re.escape(b)} ", folded):
        return False  # "từ 2018 đến 2021": a range
    if re.search(rf" {re.escape(a)} (?:va|voi) (?:\S+ ){{0,2}}{re.escape(b)} ", folded):
        return True
    return any(f" {w} " in folded for w in ("lan luot", "so sanh", "tuong ung", "moi"))


def facets(q: Question) -> list[tuple[str, Question]]:
    """A question about two years or two places side by side, as one question per year or place.

    "Bí thư Tỉnh ủy năm 2018 và năm 2021 là ai?" is answered by two sentences, usually of two
    documents; each part is selected (and checked) on its own. Labels are for the answer.
    """
    folded = tk.folded_text(q.text)
    if len(q.years) >= 2 and all(_joined(folded, a, b) for a, b in zip(q.years, q.years[1:])):
        return [
            (f"Năm {year}", replace(q, years=[year], keys=[k for k in q.keys if k == year or k not in q.years]))
            for year in q.years
        ]
    places = q.places
    if len(places) >= 2 and all(_joined(folded, a, b) for a, b in zip(places, places[1:])):
        out = []
        for place in places:
            others = {w for p in places if p != place for w in p.split()} - set(place.split())
            label = _surface(q.text, place) or place.title()
            out.append((label, replace(q, places=[place], keys=[k for k in q.keys if k not in others])))
        return out
    return []


def _surface(text: str, folded_phrase: str) -> str | None:
    tokens = tk.tokenize(text)
    words = folded_phrase.split()
    for i in range(len(tokens) - len(words) + 1):
        if [t.key for t in tokens[i : i + len(words)]] == words:
            return text[tokens[i].start : tokens[i + len(words) - 1].end]
    return None
