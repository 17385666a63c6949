"""Does a candidate unit support an answer of the type the question asks for?

Each check returns a support level: 3 = the fact is tied to exactly what is asked (a date
written with the asked document number, "12 cấp phó" for "bao nhiêu cấp phó", a name given with
the asked post); 2 = the unit holds the kind of fact asked for, near the asked words; 1 = it
holds that kind of fact loosely; 0 = it does not. The answerer refuses when no candidate reaches
the level its question type requires (see `assistant.refusal`).
"""

from __future__ import annotations

import re

from assistant import textkeys as tk
from ingest.normalize import folded_key, index_key
from assistant.question import Question
from assistant.units import DocIndex, Unit

ATTACH_WINDOW = 6  # tokens between a document number and "its" date
EVENT_WINDOW = 15  # tokens around a date where the asked event verb must appear
COUNT_WINDOW = 4  # tokens between a number and the counted noun
# Titles that can answer "who" when no name is given ("các đồng chí Phó bí thư Tỉnh ủy").
_TITLES = ("bi thu", "chu tich", "giam doc", "truong ban", "pho ban", "dong chi", "to truong", "truong phong",
           "pho truong", "thu truong", "uy vien", "can bo", "thuong truc", "ban thuong vu", "lanh dao")
# Verbs that name the same event ("hội nghị diễn ra" = "tổ chức hội nghị").
_SAME_EVENT = {
    "dien ra": ("dien ra", "to chuc", "khai mac"),
    "to chuc": ("to chuc", "dien ra", "khai mac"),
    "ban hanh": ("ban hanh", "ky", "thong qua"),
    "ky": ("ky", "ban hanh"),
    "bat dau": ("bat dau", "thuc hien", "trien khai"),
}
_ISSUING = {"ban hanh", "ky", "thong qua"}
_NON_PROVINCE_ADMIN = ("huyen", "xa", "thi tran", "quan", "phuong", "thi xa", "thon", "ap")


def _is_date_token(tok: tk.Token) -> bool:
    return tk.is_date(tok.surface) or tk.is_year(tok.surface)


def _phrase_at(tokens: list[tk.Token], index: int, phrase: list[str]) -> bool:
    return [t.key for t in tokens[index : index + len(phrase)]] == phrase


def _has_phrase(tokens: list[tk.Token], lo: int, hi: int, phrase: str) -> bool:
    words = phrase.split()
    return any(_phrase_at(tokens, i, words) for i in range(max(0, lo), min(len(tokens), hi)))


def date_support(q: Question, unit: Unit) -> int:
    toks = unit.tokens
    best = 0
    for i, tok in enumerate(toks):
        if not _is_date_token(tok):
            continue
        attached = None
        for j in range(i - 1, max(-1, i - 1 - ATTACH_WINDOW), -1):
            if _is_date_token(toks[j]):
                break
            if tk.is_doc_number(toks[j].surface):
                attached = toks[j].key
                break
        if attached is not None and attached in q.doc_numbers and set(q.event_verbs) <= _ISSUING:
            return 3  # the date written with a document number is its issuing date
        if attached is not None:
            continue  # the date of another document
        if q.event_verbs:
            verbs = [w for v in q.event_verbs for w in _SAME_EVENT.get(v, (v,))]
            if any(_has_phrase(toks, i - EVENT_WINDOW, i + EVENT_WINDOW, v) for v in verbs):
                best = 2
            continue
        best = max(best, 1 if q.doc_numbers else 2)
    return best


_PERCENT_WORDS = (["phan", "tram"], ["ty", "le"])


_MEASURE = re.compile(r"^\d+(?:[.,]\d+)*([^\W\d_]+)$")  # "50km": a number glued to its unit


def _counted_keys(q: Question, unit: Unit) -> list[str]:
    """The unit's words compared with the counted noun: accented when the question has accents
    ("trường hợp" is not "trưởng"), folded when it was typed without them."""
    if q.counted_exact:
        return [index_key(t.surface) for t in unit.tokens]
    return [t.key for t in unit.tokens]


def number_support(q: Question, unit: Unit) -> int:
    toks = unit.tokens
    best = 0
    if q.counted[:2] in _PERCENT_WORDS:
        return 2 if "%" in unit.text else 0
    words = _counted_keys(q, unit)
    counted = q.counted_exact or q.counted
    for i, tok in enumerate(toks):
        measure = _MEASURE.match(tok.surface)
        if measure and counted and folded_key(measure.group(1)) == q.counted[0]:
            return 3  # "50km" for "bao nhiêu km"
        if not tk.is_number(tok.surface) or tk.is_year(tok.surface):
            continue
        if not counted:
            return 2
        if words[i + 1 : i + 1 + len(counted)] == counted:
            return 3  # "12 cấp phó" for "bao nhiêu cấp phó"
        near = set(words[max(0, i - COUNT_WINDOW) : i + COUNT_WINDOW + 1])
        # the counted noun right after the number ("33 lớp" for "bao nhiêu lớp học"), or near it
        # with the question's second word (perhaps a verb) somewhere in the unit
        follows = i + 1 < len(words) and words[i + 1] == counted[0]
        if follows or (counted[0] in near and (len(counted) == 1 or counted[1] in words)):
            best = 2
        best = max(best, 1)
    return best


def person_support(q: Question, unit: Unit, index: DocIndex) -> int:
    names = [tk.folded_text(unit.text[s - unit.start : e - unit.start]).strip() for s, e in _names(unit)]
    names = [n for n in names if n not in q.persons]
    folded = tk.folded_text(unit.text)
    focused = _says_focus(q.focus, folded)
    if names:
        if q.identity:
            return 3 if _holds_title(q, unit, folded) and _at_place(q, unit, index) else 1
        return 3 if focused else 2
    if q.identity:
        return 0
    asked = tk.folded_text(q.text)
    titled = any(f" {t} " in folded and f" {t} " not in asked for t in _TITLES)
    return 2 if titled and focused else 0


def _at_place(q: Question, unit: Unit, index: DocIndex) -> bool:
    """The places of "ai là X ở P" are named with the person, or P is the document's main place."""
    if not q.places:
        return True
    whole = index.sentence_unit(unit) if unit.is_clause else unit
    text = tk.folded_text((whole or unit).text)
    main = main_place(index)
    return all(f" {p} " in text or p == main for p in q.places)


def _holds_title(q: Question, unit: Unit, folded: str) -> bool:
    """Every word of the asked post is in the unit, and it starts as asked (not "Phó ...")."""
    title = q.title or q.focus
    if len(title) < 2:
        return bool(title) and title[0] in unit.keys
    keys = tk.content_keys(tk.tokenize(" ".join(title)))
    if not all(k in unit.keys for k in keys):
        return False
    return _says_focus(title[:2], folded)


def _says_focus(focus: list[str], folded: str) -> bool:
    """The asked phrase ("bí thư tỉnh ủy") is in the text, and not as "phó bí thư tỉnh ủy"."""
    if len(focus) < 2:
        return False
    phrase = " ".join(focus[:3])
    at = folded.find(f" {phrase} ")
    while at >= 0:
        if focus[0] == "pho" or not folded[:at].endswith(" pho"):
            return True
        at = folded.find(f" {phrase} ", at + 1)
    return False


def _names(unit: Unit) -> list[tuple[int, int]]:
    return [(s + unit.start, e + unit.start) for s, e in tk.person_names(unit.text, unit.tokens)]


def _named_after(unit: Unit, kind: str) -> bool:
    """A capitalised name right after the administrative word (e.g. "xã Tân Kiều")."""
    words = kind.split()
    toks = unit.tokens
    for i in range(len(toks) - len(words)):
        if _phrase_at(toks, i, words) and toks[i + len(words)].is_capitalized:
            return True
    return False


def place_support(q: Question, unit: Unit, index: DocIndex) -> int:
    kind = q.place_kind
    if kind in {"xa", "huyen", "tinh", "thanh pho", "phuong", "quan", "thon", "ap"}:
        return 2 if _named_after(unit, kind) else 0
    return 2 if (tk.place_names(unit.text) or index.places) else 1


def docnum_support(q: Question, unit: Unit) -> int:
    return 2 if any(tk.is_doc_number(t.surface) and t.key not in q.doc_numbers for t in unit.tokens) else 0


def type_support(q: Question, unit: Unit, index: DocIndex) -> int:
    kind = q.answer_type
    if kind == "docnum":
        return docnum_support(q, unit)
    if kind == "date":
        return date_support(q, unit)
    if kind == "number":
        return number_support(q, unit)
    if kind == "person":
        return person_support(q, unit, index)
    if kind == "place":
        return place_support(q, unit, index)
    return 2


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
    return True


def main_place(index: DocIndex) -> str | None:
    """The document's main place (folded): a province named most often, else the first place named."""
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
