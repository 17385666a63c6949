"""What a question asks: its answer type, content keys and the entities an answer must match."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant import textkeys as tk
from ingest.normalize import folded_key, has_diacritics, index_key

AnswerType = Literal["number", "date", "person", "place", "docnum", "list", "yesno", "other"]

# Patterns over the folded question (" " padded). Order matters: the first match wins.
_TYPE_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    ("docnum", re.compile(r" (nghi quyet|quyet dinh|quy dinh|ket luan|chi thi|de an|van ban|huong dan|chuong trinh) (nao|so may|so bao nhieu|so nao) ")),
    ("number", re.compile(r" (bao nhieu|may) ")),
    ("date", re.compile(r" (ngay nao|khi nao|bao gio|thoi gian nao|luc nao|nam nao|thang nao|thoi diem nao|tu khi nao)")),
    ("person", re.compile(r"(^| )(ai|nguoi nao|dong chi nao|ong nao|ba nao)( |$)")),
    ("place", re.compile(r" (xa|huyen|tinh|dia phuong|thanh pho|phuong|quan|noi|don vi|thon|ap) nao | o dau ")),
    ("list", re.compile(r" (nhung|cac) .* (nao|gi) | la gi | gom nhung | gom gi | nhung gi ")),
    ("yesno", re.compile(r" (co|phai|da) .* (khong|chua) ?$| (co phai|phai khong|hay khong) ")),
)
# Verbs that name the event a "when" question asks about (folded, may be multi-word).
EVENT_VERBS = (
    "ban hanh", "ky", "thong qua", "to chuc", "thuc hien", "thanh lap", "trien khai", "sap nhap", "hop nhat",
    "bat dau", "dien ra", "hieu luc", "cong bo", "khai mac", "be mac", "bau", "bo nhiem", "ap dung", "giai the",
    "chu tri", "phat dong", "so ket", "tong ket", "ket thuc", "hoan thanh", "thi diem",
    "nhan rong", "luan chuyen", "dieu dong", "bo tri", "kien toan", "phe duyet", "trao", "khen thuong", "ky luat",
    "cong nhan", "tiep nhan", "chuyen giao", "tam dung", "tham du", "phat bieu", "thay doi",
)
_IDENTITY = re.compile(r"(^| )(ai la |la ai( |$)|la nguoi nao)")
_COUNTED = re.compile(r" (?:bao nhieu|may|so luong) ((?:\S+ ){0,2}\S+)")
_HOW_MUCH_END = re.compile(r" (?:la )?(?:bao nhieu|may) ?$")
_ADMIN_WORDS = ("dia phuong", "don vi", "thanh pho", "xa", "huyen", "tinh", "phuong", "quan", "thon", "ap")


@dataclass(slots=True)
class Question:
    """A parsed question; keys are accent-folded."""

    text: str
    answer_type: AnswerType
    keys: list[str]  # content keys (with abbreviation concepts), in order, deduplicated
    bigrams: set[tuple[str, str]]
    doc_numbers: list[str]  # folded: "34-kl/tw"
    persons: list[str]  # folded names written in the question
    places: list[str]  # folded place names
    years: list[str]
    event_verbs: list[str]
    counted: list[str] = field(default_factory=list)  # folded words right after "bao nhiêu"
    counted_exact: list[str] = field(default_factory=list)  # the same words accented, when typed so
    identity: bool = False  # "ai là X" / "X là ai": the answer must be a name
    title: list[str] = field(default_factory=list)  # X of an identity question, folded words
    place_kind: str | None = None  # "xa" for "những xã nào"
    focus: list[str] = field(default_factory=list)  # keys of the asked predicate ("có phải X không")


def _answer_type(folded: str) -> AnswerType:
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(folded):
            return kind
    return "other"


_PERSON_AFTER = re.compile(r"(?:^| )(?:ai|nguoi nao|dong chi nao) ((?:\S+ ){1,3})")
_PERSON_BEFORE = re.compile(r" la (?:ai|nguoi nao) ?$")
_LIST_HEAD = re.compile(r"(?:^| )(?:nhung|cac) ((?:\S+ ){1,2})")
_IS_WHAT = re.compile(r" la gi ?$")
_WHAT_NOUN = re.compile(r" ((?:\S+ ){1,2})(?:gi|nao) ?$")
_YESNO_TAIL = re.compile(r" (?:co phai|phai|co) ((?:\S+ )+?)(?:khong|chua|hay khong) ?$")


def _focus(answer_type: AnswerType, folded: str) -> list[str]:
    """The words naming what is asked: "ai [làm tổ trưởng]", "có phải [người địa phương] không"."""
    match = None
    if answer_type == "person":
        match = _PERSON_AFTER.search(folded)
        if match and match.group(1).startswith("la "):
            match = re.search(r"(?:^| )ai la ((?:\S+ ){1,3})", folded)
        if not match and _PERSON_BEFORE.search(folded):
            # "X là ai": X, the title asked about, opens the question
            return [w for w in folded.split()[:3] if w not in tk.QUESTION_WORDS]
    elif answer_type == "yesno":
        match = _YESNO_TAIL.search(folded)
    elif answer_type == "list":
        match = _LIST_HEAD.search(folded)
        if not match and _IS_WHAT.search(folded):
            return [w for w in folded.split()[:2] if w not in tk.STOPWORDS]
    if not match and answer_type in ("list", "other"):
        match = _WHAT_NOUN.search(folded)  # "... có [hạn chế] gì?"
    if not match:
        return []
    return [w for w in match.group(1).split() if w not in tk.QUESTION_WORDS and w not in {"la", "khong", "co"}]


_TITLE_STOP = frozenset("nam thang ngay hien nay".split())  # "… năm 2021", "… hiện nay" end the post


def _title(folded: str, tokens: list[tk.Token]) -> list[str]:
    """The post asked about in "ai là X [ở nơi] [năm N]" / "X [năm N] là ai" (folded words)."""
    words = folded.split()
    if words[:2] == ["ai", "la"]:
        words = words[2:]
    elif words and words[0] == "ai":
        return []
    else:
        cut = folded.rfind(" la ai")
        words = folded[:cut].split() if cut > 0 else []
    places = {w for p in tk.place_names(" ".join(t.surface for t in tokens)) for w in p.split()}
    title: list[str] = []
    for word in words:
        if word in _TITLE_STOP or word in places or tk.is_year(word) or word in {"o", "cua", "tai"}:
            break
        title.append(word)
    return title


def analyse(text: str, extra_keys: list[str] | None = None) -> Question:
    """Parse a (condensed) question. `extra_keys` are added (e.g. the subject of a follow-up)."""
    tokens = tk.tokenize(text)
    folded = " " + " ".join(t.key for t in tokens) + " "
    answer_type = _answer_type(folded)
    keys = [k for k in tk.content_keys(tokens) if k not in tk.QUESTION_WORDS]
    if extra_keys:
        keys.extend(extra_keys)
    keys = list(dict.fromkeys(keys))
    doc_numbers = [t.key for t in tokens if tk.is_doc_number(t.surface)]
    persons = [folded_key(text[s:e]) for s, e in tk.person_names(text, tokens)]
    years = [t.surface for t in tokens if tk.is_year(t.surface)]
    verbs = [v for v in EVENT_VERBS if f" {v} " in folded]
    counted: list[str] = []
    if answer_type == "number":
        match = _COUNTED.search(folded)
        if match:
            # units such as "ngày", "năm", "người" are stop words elsewhere but count here
            counted = [w for w in match.group(1).split() if w not in tk.QUESTION_WORDS][:2]
        elif _HOW_MUCH_END.search(folded):
            # "X là bao nhiêu?": X, at the start, is what is counted
            counted = [t.key for t in tokens if t.key not in tk.STOPWORDS and t.key not in tk.QUESTION_WORDS][:2]
    counted_exact: list[str] = []
    if counted and has_diacritics(text):
        by_key = {t.key: index_key(t.surface) for t in tokens}
        counted_exact = [by_key.get(w, w) for w in counted]
    place_kind = None
    if answer_type == "place":
        for word in _ADMIN_WORDS:
            if f" {word} nao " in folded:
                place_kind = word
                break
    focus = _focus(answer_type, folded)
    keys.extend(k for k in focus if k not in keys and k not in tk.STOPWORDS)
    identity = answer_type == "person" and bool(_IDENTITY.search(folded))
    title = _title(folded, tokens) if identity else []
    if title and title[0] == "nguoi":
        # "ai là người chủ trì …" / "người chủ trì … là ai": who did something, not who holds a post
        identity, focus, title = False, [w for w in title[1:4] if w not in tk.STOPWORDS], []
    return Question(
        title=title,
        text=text,
        focus=focus,
        answer_type=answer_type,
        keys=keys,
        bigrams=tk.bigrams([t for t in tokens if t.key not in tk.QUESTION_WORDS]),
        doc_numbers=doc_numbers,
        persons=persons,
        places=[p for p in tk.place_names(text, prepositions=True) if p not in persons],
        years=years,
        event_verbs=verbs,
        counted=counted,
        counted_exact=counted_exact,
        identity=identity,
        place_kind=place_kind,
    )
