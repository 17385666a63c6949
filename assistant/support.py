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
from assistant.scope import main_place
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
        if attached is not None and attached in q.doc_numbers and (not q.event_verbs or _ISSUING & set(q.event_verbs)):
            # the date written with a document number is its issuing date ("tổ chức bộ máy"
            # in the question names the subject, not another event)
            return 3
        if attached is not None:
            continue  # the date of another document
        if q.event_verbs:
            verbs = [w for v in q.event_verbs for w in _SAME_EVENT.get(v, (v,))]
            if any(_has_phrase(toks, i - EVENT_WINDOW, i + EVENT_WINDOW, v) for v in verbs):
                best = 2
            continue
        best = max(best, 1 if q.doc_numbers else 2)
    if q.condition_ok and best < 2:
        best = max(best, _condition_support(q, toks))
    return best


_CONDITION_WORDS = ("khi", "neu", "truong hop")


def _condition_support(q: Question, toks: list[tk.Token]) -> int:
    """"Khi nào … điều chỉnh?" answered by "… điều chỉnh … khi có biến động": a condition near the verb."""
    verbs = [w for v in q.event_verbs for w in _SAME_EVENT.get(v, (v,))]
    for i, tok in enumerate(toks):
        if not any(_phrase_at(toks, i, w.split()) for w in _CONDITION_WORDS) or i + 2 >= len(toks):
            continue
        if not verbs:
            return 1
        if any(_has_phrase(toks, i - EVENT_WINDOW, i, v) for v in verbs):
            return 2
    return 0


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
        if counted and unit.text[tok.end : tok.end + 1] == "%":
            best = max(best, 1)  # "50% số xã" is a share, not how many
            continue
        measure = _MEASURE.match(tok.surface)
        if measure and counted and folded_key(measure.group(1)) == q.counted[0]:
            return 3  # "50km" for "bao nhiêu km"
        if not tk.is_number(tok.surface) or tk.is_year(tok.surface):
            continue
        if not counted:
            return 2
        if words[i + 1 : i + 1 + len(counted)] == counted:
            return 3  # "12 cấp phó" for "bao nhiêu cấp phó"
        if "/" in tok.surface and i + 1 < len(words) and words[i + 1] == counted[0]:
            best = 3  # "được 11/13 xã": how many, out of how many
            continue
        near = set(words[max(0, i - COUNT_WINDOW) : i + COUNT_WINDOW + 1])
        # the counted noun right after the number ("33 lớp" for "bao nhiêu lớp học"), or near it
        # with the question's second word (perhaps a verb) somewhere in the unit
        # "11/13 xã" also counts "đơn vị cấp xã" (the unit closing the counted phrase)
        follows = i + 1 < len(words) and (words[i + 1] == counted[0] or tok_key_is(toks, i + 1, q.counted_unit))
        if follows or (counted[0] in near and (len(counted) == 1 or counted[1] in words)):
            best = 2
        best = max(best, 1)
    return best


YEAR_WINDOW = 6  # tokens between a quantity and the year it is given for


def year_near_number(q: Question, unit: Unit) -> bool:
    """"Năm 2018 … mấy xã?": a quantity written next to the asked year ("3 xã trong năm 2018")."""
    if q.answer_type != "number" or not q.years:
        return False
    toks = unit.tokens
    for i, tok in enumerate(toks):
        if tk.is_number(tok.surface) and not tk.is_year(tok.surface) and not (i and toks[i - 1].key == "so"):
            near = toks[max(0, i - YEAR_WINDOW) : i + YEAR_WINDOW + 1]
            if any(t.surface in q.years for t in near):
                return True
    return False


_PLAN_WORDS = ("ke hoach", "du kien", "muc tieu", "chi tieu", "phan dau")
PLAN_WINDOW = 6  # tokens between a planning word and the quantity it sets


def plan_near_number(q: Question, unit: Unit) -> bool:
    """"Theo kế hoạch … dự kiến mấy xã?": a quantity set by a plan ("mục tiêu thực hiện ở 3 xã"),
    not the result reported elsewhere."""
    if q.answer_type != "number" or not any(f" {w} " in tk.folded_text(q.text) for w in _PLAN_WORDS):
        return False
    toks = unit.tokens
    for i, tok in enumerate(toks):
        if not tk.is_number(tok.surface) or (i and toks[i - 1].key == "so"):
            continue  # "Đề án số 04" is a name, not a quantity
        if any(_has_phrase(toks, i - PLAN_WINDOW, i, w) for w in _PLAN_WORDS):
            return True
    return False


def tok_key_is(toks: list[tk.Token], i: int, key: str | None) -> bool:
    return key is not None and i < len(toks) and toks[i].key == key


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
        after = toks[i + len(words)]
        gap = unit.text[toks[i + len(words) - 1].end : after.start]
        if _phrase_at(toks, i, words) and after.is_capitalized and gap.strip() == "":
            return True
    return False


# "5/12 huyện … (Bắc Yên, Yên Châu, Quỳnh Nhai)": names listed in brackets
_NAME_LIST = re.compile(r"\((?:[A-ZĐÀ-Ỹ][^\W\d_]*(?: [A-ZĐÀ-Ỹ][^\W\d_]*)*, ){1,}[^()]*\)")


def place_support(q: Question, unit: Unit, index: DocIndex) -> int:
    kind = q.place_kind
    if kind in {"xa", "huyen", "tinh", "thanh pho", "phuong", "quan", "thon", "ap"}:
        if _named_after(unit, kind):
            return 2
        return 2 if kind in unit.keys and _NAME_LIST.search(unit.text) else 0
    return 2 if (tk.place_names(unit.text) or index.places) else 1


def docnum_support(q: Question, unit: Unit) -> int:
    """A document number ("28-NQ/TU", or "số 28" after the asked kind of document) not in the question."""
    toks = unit.tokens
    asked = set(q.keys)
    best = 0
    for i, tok in enumerate(toks):
        if tk.is_doc_number(tok.surface) and tok.key not in q.doc_numbers:
            level = 2
        elif tok.key == "so" and i + 1 < len(toks) and tk.is_number(toks[i + 1].surface) and toks[i + 1].key not in asked:
            level = 1
        else:
            continue
        head = q.focus[:2]
        if head and _has_phrase(toks, i - ATTACH_WINDOW, i + 1, " ".join(head)):
            return 3  # "Chương trình hành động số 28" for "chương trình hành động số mấy"
        best = max(best, level)
    return best


ROLE_WINDOW = 8  # tokens between a person's name and the post written with it


def role_support(q: Question, unit: Unit) -> int:
    """"Bà X giữ chức vụ gì": X named in the unit with a post just before or after the name."""
    folded_names = [tk.folded_text(unit.text[s - unit.start : e - unit.start]).strip() for s, e in _names(unit)]
    spans = [span for span, name in zip(_names(unit), folded_names) if name in q.persons]
    if not spans:
        return 0
    toks = unit.tokens
    for start, end in spans:
        first = next(i for i, t in enumerate(toks) if t.start + unit.start >= start)
        last = max(i for i, t in enumerate(toks) if t.end + unit.start <= end)
        for title in _TITLES:
            if _has_phrase(toks, first - ROLE_WINDOW, first, title) or _has_phrase(toks, last + 1, last + 1 + ROLE_WINDOW, title):
                return 3
    return 1


ABOUT_WINDOW = 14  # tokens between a document's number and the word that opens its subject
_SUBJECT_WORDS = ("ve", "quy dinh", "nham", "voi muc tieu")


def about_support(q: Question, unit: Unit) -> int:
    """"Đề án 04 có nội dung gì": 3 when the asked document is written with its subject
    ("Đề án số 04 … về thí điểm sắp xếp …"), 0 when the unit only mentions it or not at all."""
    toks = unit.tokens
    for i, tok in enumerate(toks):
        if tok.key not in q.about:
            continue
        for j in range(i + 1, min(len(toks), i + 1 + ABOUT_WINDOW)):
            if tk.is_doc_number(toks[j].surface) or (toks[j - 1].key == "so" and tk.is_number(toks[j].surface)):
                break  # another document's number: what follows is about that one
            if any(_phrase_at(toks, j, w.split()) for w in _SUBJECT_WORDS):
                return 3
    return 0


def type_support(q: Question, unit: Unit, index: DocIndex) -> int:
    if q.about:
        return about_support(q, unit)
    kind = q.answer_type
    if kind == "role":
        return role_support(q, unit)
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
