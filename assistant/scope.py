"""Is a candidate unit about what the question names? Entities, places and qualifiers.

The type checks (`assistant.support`) ask whether a unit holds the kind of fact asked; these ask
whether it holds it for the asked subject: the document numbers, people, years and places the
question names are in its document, a district or commune asked about is named where the fact is,
the unit is not about another place ("huyện Phù Yên" for a question on huyện Vân Hồ, a district's
figure for a province's count), and "đầu tiên", "nhiều nhất" are said with the fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import textkeys as tk
from assistant.question import Question
from assistant.units import DocIndex, Unit

_NON_PROVINCE_ADMIN = ("huyen", "xa", "thi tran", "quan", "phuong", "thi xa", "thon", "ap")


def entities_supported(q: Question, unit: Unit, index: DocIndex) -> bool:
    """The question's named things (document numbers, people, places, years) are in this document."""
    for number in q.doc_numbers:
        if number not in index.keys:
            return False
    for person in q.persons:
        if f" {person} " not in index.folded:
            return False
    published_year = (index.document.published or "")[:4]
    sentence = index.sentence_unit(unit) if unit.is_clause else unit
    for year in q.years:
        if year not in index.years:
            return False
        # the year must be the document's, or be written where the fact is
        if year != published_year and year not in (sentence or unit).text:
            return False
    strong_in_unit = any(n in unit.keys for n in q.doc_numbers) or any(
        f" {p} " in tk.folded_text(unit.text) for p in q.persons
    )
    if not strong_in_unit:
        for place in q.places:
            if f" {place} " not in index.folded:
                return False
    main = main_place(index)
    for place in q.places:
        if place in tk.PROVINCES or (main and _same_place(place, main)):
            continue
        # a district or commune that is not what the document is about: the fact must be said
        # about it, in the sentence or just before
        if f" {place} " not in _context_folded(unit, index):
            return False
    return True


CONTEXT_SENTENCES = 2  # sentences before a unit that still set its subject


def _context_folded(unit: Unit, index: DocIndex) -> str:
    spans = index.sentence_spans
    first = spans[max(0, unit.sentence - CONTEXT_SENTENCES)][0]
    last = spans[unit.sentence][1] if unit.sentence < len(spans) else unit.end
    return tk.folded_text(index.document.text[first:last])


_TYPED_FACTS = frozenset({"number", "date", "person", "docnum", "role"})


_LOCAL_ADMIN = ("huyen", "huyen uy", "xa", "thi tran", "quan", "phuong", "thi xa", "thon", "ap", "ban", "thanh pho")


def _place_levels(places: Sequence[str], folded: str) -> tuple[set[str], set[str]]:
    """(provinces, districts/communes) among `places`, by the word written before them.

    A province name with no "tỉnh" before it is left out: "Phù Yên" (a district) folds like
    "Phú Yên" (a province).
    """
    provinces: set[str] = set()
    local: set[str] = set()
    for place in places:
        if any(f" {a} {place} " in folded for a in _LOCAL_ADMIN) or (place not in tk.PROVINCES and f" {place} " in folded):
            local.add(place)
        elif f" tinh {place} " in folded or f" tinh uy {place} " in folded:
            provinces.add(place)
    return provinces, local


def _same_place(a: str, b: str) -> bool:
    """"minh cam" and "minh cam ban van" (a name read on into the next capitalised words)."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def scope_supported(q: Question, unit: Unit, index: DocIndex) -> bool:
    """The unit is about the place asked, not another one named in it.

    "Huyện Vân Hồ … từ năm nào?" is not answered by a sentence about huyện Phù Yên, nor "Toàn
    tỉnh Đồng Tháp có bao nhiêu xã …?" by a district's figure. A unit naming no place is judged
    by its document (see `entities_supported`).
    """
    if not q.places or q.answer_type == "place":
        return True
    whole = index.sentence_unit(unit) if unit.is_clause else unit
    source = unit if unit.places else (whole or unit)
    named = list(source.places)
    if any(_same_place(a, n) for a in q.places for n in named):
        return True
    provinces, local = _place_levels(named, tk.folded_text(source.text))
    if not provinces and not local:
        return True
    asked_provinces, asked_local = _place_levels(q.places, tk.folded_text(q.text))
    if asked_local or not asked_provinces:
        # a district or commune was asked: another one named here is about something else
        return not local and q.answer_type not in _TYPED_FACTS
    if provinces:
        return False  # another province
    return q.answer_type not in _TYPED_FACTS  # a district's figure is not the province's


def qualifiers_supported(q: Question, unit: Unit, index: DocIndex) -> bool:
    """"Đầu tiên", "nhiều nhất" … of the question are said where the fact is."""
    if not q.qualifiers:
        return True
    whole = index.sentence_unit(unit) if unit.is_clause else unit
    text = tk.folded_text((whole or unit).text)
    return all(f" {w} " in text for w in q.qualifiers)


def main_place(index: DocIndex) -> str | None:
    """The document's main place (folded): a province named most often, else the first place named."""
    if "main_place" not in index.memo:
        index.memo["main_place"] = _main_place(index)
    return index.memo["main_place"]  # type: ignore[return-value]


def _main_place(index: DocIndex) -> str | None:
    counts: dict[str, int] = {}
    folded = index.folded
    for place in index.places:
        total = 0
        for match in re.finditer(rf" {re.escape(place)} ", folded):
            before = folded[max(0, match.start() - 12) : match.start()]
            if any(before.endswith(" " + a) for a in _NON_PROVINCE_ADMIN):
                total += 1 if place not in tk.PROVINCES else 0
                continue
            total += 3 if before.endswith(" tinh") and place in tk.PROVINCES else (2 if place in tk.PROVINCES else 1)
        if total:
            counts[place] = total
    if not counts:
        return None
    return max(counts, key=lambda p: counts[p])
