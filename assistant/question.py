"""What a question asks: its answer type, content keys and the entities an answer must match."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant import textkeys as tk
from ingest.normalize import fold_accents, folded_key, has_diacritics, index_key

AnswerType = Literal["number", "date", "person", "place", "docnum", "role", "list", "yesno", "other"]

# Patterns over the folded question (" " padded). Order matters: the first match wins.
_TYPE_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    ("docnum", re.compile(r" (?:nghi quyet|quyet dinh|quy dinh|ket luan|chi thi|de an|van ban|huong dan|chuong trinh|ke hoach|thong bao|cong van|to trinh)(?: (?:nao|so may|so bao nhieu|so nao) |(?: (?!ngay |nam |thang |vao |luc |khi )\S+){1,3} so (?:may|bao nhieu|nao) )| so (may|bao nhieu) ?$")),
    ("role", re.compile(r" (giu|nam|dam nhan|dam nhiem|la) (chuc vu|chuc danh|cuong vi|vi tri) (gi|nao) | (chuc vu|chuc danh|cuong vi) (gi|nao|cua .* la gi) ")),
    ("number", re.compile(r" (bao nhieu|may|so sanh so) ")),
    ("date", re.compile(r" (ngay nao|khi nao|bao gio|thoi gian nao|luc nao|nam nao|thang nao|thoi diem nao|tu khi nao|trong truong hop nao)")),
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
    "cong nhan", "tiep nhan", "chuyen giao", "tam dung", "tham du", "phat bieu", "thay doi", "dieu chinh",
)
# Superlatives and ordinals that restrict the answer ("xã nào … đầu tiên"): a sentence that does
# not say them does not answer the question.
_QUALIFIERS = ("dau tien", "truoc tien", "nhieu nhat", "it nhat", "cao nhat", "thap nhat", "lon nhat", "nho nhat",
               "som nhat", "muon nhat", "duy nhat", "tot nhat")
# How reports say what a question names in general words: "hạn chế" are written as "chưa …",
# "kết quả" as "góp phần …", "lợi ích" as "tạo thuận lợi …".
_BENEFIT = ("gop phan", "tao thuan loi", "tang cuong", "nang cao", "hieu qua")
_SHORTCOMING = ("chua", "ton tai", "kho khan", "vuong mac", "bat cap", "yeu kem", "han che")
_FOCUS_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "han che": _SHORTCOMING,
    "ton tai": _SHORTCOMING,
    "kho khan": _SHORTCOMING,
    "vuong mac": _SHORTCOMING,
    "ket qua": ("gop phan", "dat duoc", "giam duoc", "da giam"),
    "loi ich": _BENEFIT,
    "tac dung": _BENEFIT,
    "hieu qua": _BENEFIT,
    "giai phap": ("tiep tuc", "tap trung", "can phai", "de nghi"),
}
# "What does document X say": the answer states X's subject ("Đề án số 04 … về thí điểm …").
_ASKS_CONTENT = re.compile(
    r" (noi dung|van de|viec|linh vuc|muc tieu) (gi|nao|chinh)| quy dinh (gi|nhung|ve|cac|nhung gi)| de cap | huong den | ve (van de|viec|noi dung) "
)
_CONTENT_WORDS = frozenset("noi dung van de viec quy dinh de cap huong linh vuc chinh".split())
_DOC_REF = re.compile(r" (?:de an|nghi quyet|ket luan|quyet dinh|chi thi|quy dinh|ke hoach|chuong trinh|huong dan) (?:so )?(\d{1,4}) ")
_CONDITION_WHEN = re.compile(r" (khi nao|luc nao|bao gio|trong truong hop nao|dieu kien nao) ")
_IDENTITY = re.compile(r"(^| )(ai la |la ai( |$)|la nguoi nao)")
_COUNTED = re.compile(r" (?:bao nhieu|may|so luong|so sanh so(?: luong)?) ((?:\S+ ){0,2}\S+)")
# Words that only shape the question ("so sánh", "lần lượt"), never needed in the answer.
_FORM_PHRASES = ("so sanh", "lan luot", "tuong ung", "rieng tung")
_HOW_MUCH_END = re.compile(r" (?:la )?(?:bao nhieu|may) ?$")
# Question words whose folded form is also a content word ("bộ máy"/"mấy", "đầu"/"đâu"): with
# accents typed, the question word is recognised only in its accented spelling.
_ACCENTED_QUESTION_WORDS = {"may": "mấy", "dau": "đâu", "nao": "nào", "gi": "gì", "sao": "sao", "the": "thế", "ngay": "ngày"}
_LIGHT_VERBS = frozenset("giup lam dem mang tao duoc gay".split())
_UNIT_NOUNS = frozenset("xa huyen tinh phuong thon ap".split())
_ADDRESS_WORDS = frozenset("dong chi ong ba anh chi".split())
# "Còn Ba Chẽ thì sao?": the capitalised subject after "còn" is the new place (or person)
_SWITCH = re.compile(r"^\s*(?:(?:thế|vậy|the|vay)\s+)?(?:còn|con)\s+(?:(?:ở|tại|o|tai)\s+)?", re.IGNORECASE)
# Words that only say a post is asked for ("giữ chức vụ gì"): the answer holds a title, not them.
_ROLE_WORDS = frozenset("giu chuc vu danh cuong vi tri dam nhan nhiem".split())
_ADMIN_WORDS = ("dia phuong", "don vi", "thanh pho", "xa", "huyen", "tinh", "phuong", "quan", "thon", "ap")
_ADMIN_ALT = "|".join(_ADMIN_WORDS)
_ADMIN_RUN = re.compile(rf" ((?:(?:{_ADMIN_ALT}) (?:va |hoac )?){{2,}})nao ")


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
    counted_unit: str | None = None  # an administrative unit closing the counted phrase ("đơn vị cấp [xã]")
    counted_exact: list[str] = field(default_factory=list)  # the same words accented, when typed so
    identity: bool = False  # "ai là X" / "X là ai": the answer must be a name
    title: list[str] = field(default_factory=list)  # X of an identity question, folded words
    place_kind: str | None = None  # "xa" for "những xã nào"
    focus: list[str] = field(default_factory=list)  # keys of the asked predicate ("có phải X không")
    qualifiers: list[str] = field(default_factory=list)  # "đầu tiên", "nhiều nhất": the answer must say them
    focus_alts: list[list[str]] = field(default_factory=list)  # other wordings of the focus
    about: list[str] = field(default_factory=list)  # "Đề án 04 có nội dung gì": the asked document's number(s)
    condition_ok: bool = False  # "khi nào …?" may be answered by a condition ("khi …"), not only a date


def _answer_type(folded: str, named_person: bool = True) -> AnswerType:
    for kind, pattern in _TYPE_PATTERNS:
        if kind == "role" and not named_person:
            continue  # "những mô hình kiêm nhiệm chức danh nào" asks for models, not someone's post
        if pattern.search(folded):
            return kind
    return "other"


_PERSON_AFTER = re.compile(r"(?:^| )(?:ai|nguoi nao|dong chi nao) ((?:\S+ ){1,3})")
_PERSON_BEFORE = re.compile(r" la (?:ai|nguoi nao) ?$")
_LIST_HEAD = re.compile(r"(?:^| )(?:nhung|cac) ((?:\S+ ){1,2})")
_IS_WHAT = re.compile(r" la gi ?$")
_WHAT_NOUN = re.compile(r" ((?:\S+ ){1,2})(?:gi|nao) ?$")
_DOC_KIND = re.compile(r" (?:nghi quyet|quyet dinh|quy dinh|ket luan|chi thi|de an|van ban|huong dan|chuong trinh|ke hoach|thong bao|cong van|to trinh) ")
_DOC_HEAD = re.compile(r"((?:\S+ ){1,4})(?:so )?(?:nao|may|bao nhieu) ")  # "[chương trình hành động] số mấy"
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
    elif answer_type == "docnum":
        match = _DOC_HEAD.search(folded)
        if not match:
            return []
        head = match.group(1)
        kind = _DOC_KIND.search(" " + head)
        words = (" " + head)[kind.start() :].split() if kind else head.split()
        return words[:4]
    elif answer_type == "yesno":
        match = _YESNO_TAIL.search(folded)
    elif answer_type == "list":
        # "các mô hình … theo [phương châm] nào": the noun before the question word is what is
        # asked; else the head of the list ("những [huyện] nào ở …")
        match = _LIST_HEAD.search(folded) if _IS_WHAT.search(folded) else _WHAT_NOUN.search(folded) or _LIST_HEAD.search(folded)
        if not match and _IS_WHAT.search(folded):
            return [w for w in folded.split()[:2] if w not in tk.STOPWORDS]
    if not match and answer_type in ("list", "other"):
        match = _WHAT_NOUN.search(folded)  # "... có [hạn chế] gì?"
    if not match:
        return []
    return [w for w in match.group(1).split() if w not in tk.QUESTION_WORDS and w not in {"la", "khong", "co", "nhung", "cac"}]


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
    words = [w for word in words for w in (("uy", "ban") if word == "ub" else (word,))]  # "UB MTTQ"
    title: list[str] = []
    for word in words:
        if word in _TITLE_STOP or word in places or tk.is_year(word) or word in {"o", "cua", "tai"}:
            break
        title.append(word)
    # "X kiêm Y", "X đồng thời là Y": two posts; the text may join them with a comma
    joined = " " + " ".join(title) + " "
    for connector in (" kiem nhiem ", " kiem ", " dong thoi la ", " dong thoi ", " va "):
        joined = joined.replace(connector, " ")
    return joined.split()


def _places(text: str) -> list[str]:
    """Places named in a question, with the new subject of "Còn X thì sao?"."""
    places = tk.place_names(text, prepositions=True)
    switch = _SWITCH.match(text)
    if switch:
        name = tk.capitalised_run(text, switch.end())[0]
        if name and not tk.person_names(name) and folded_key(name) not in places:
            places.append(folded_key(name))
    return places


def _qualifiers(text: str, folded: str) -> list[str]:
    """"Đầu tiên", "nhiều nhất" … of the question, unless explained in brackets: "năm đầu tiên
    (2018)" names the year, the answer need not repeat "đầu tiên"."""
    plain = fold_accents(text.lower())
    return [
        q for q in _QUALIFIERS
        if f" {q} " in folded and not re.search(rf"\b{q}\s*\(", plain)
    ]


def _plain(words) -> list[str]:
    return [w.rstrip("~") for w in words]


def _typing_tokens(text: str, tokens: list[tk.Token]) -> list[tk.Token]:
    """Tokens for recognising question words: "bộ máy" is not "mấy" when accents are typed."""
    if not has_diacritics(text):
        # typed without accents, "bo may" is still the noun "bộ máy" ("bộ mấy" is not said)
        return [
            tk.Token(t.key + "~", t.start, t.end, t.surface) if t.key == "may" and i and tokens[i - 1].key == "bo" else t
            for i, t in enumerate(tokens)
        ]
    out = []
    for tok in tokens:
        wanted = _ACCENTED_QUESTION_WORDS.get(tok.key)
        if wanted is not None and index_key(tok.surface) != wanted:
            tok = tk.Token(tok.key + "~", tok.start, tok.end, tok.surface)
        out.append(tok)
    return out


def analyse(text: str, extra_keys: list[str] | None = None) -> Question:
    """Parse a (condensed) question. `extra_keys` are added (e.g. the subject of a follow-up)."""
    typing = _typing_tokens(text, tk.tokenize(text))
    typed = " " + " ".join(t.key for t in typing) + " "  # question words recognised here
    answer_type = _answer_type(typed, bool(tk.person_names(text)))
    # content words spelt like question words ("máy") stay keys
    kept = {t.key[:-1] for t in typing if t.key.endswith("~")}
    tokens = tk.tokenize(text)
    folded = " " + " ".join(t.key for t in tokens) + " "
    keys = [k for k in tk.content_keys(tokens) if k not in tk.QUESTION_WORDS or k in kept]
    if answer_type == "role":
        keys = [k for k in keys if k not in _ROLE_WORDS]
    form = {w for phrase in _FORM_PHRASES if f" {phrase} " in folded for w in phrase.split()}
    keys = [k for k in keys if k not in form]
    if extra_keys:
        keys.extend(extra_keys)
    keys = list(dict.fromkeys(keys))
    doc_numbers = [t.key for t in tokens if tk.is_doc_number(t.surface)]
    persons = [folded_key(text[s:e]) for s, e in tk.person_names(text, tokens)]
    years = [t.surface for t in tokens if tk.is_year(t.surface)]
    verbs = [v for v in EVENT_VERBS if f" {v} " in folded]
    counted: list[str] = []
    counted_unit: str | None = None
    if answer_type == "number":
        match = _COUNTED.search(typed)
        if match:
            # units such as "ngày", "năm", "người" are stop words elsewhere but count here
            counted = _plain(w for w in match.group(1).split() if w not in tk.QUESTION_WORDS)[:2]
            tail = typed[match.start(1) :].split()[:4]
            counted_unit = next((w for w in tail if w in _UNIT_NOUNS and w not in counted[:1]), None)
        elif _HOW_MUCH_END.search(typed):
            # "X là bao nhiêu?": X, at the start, is what is counted
            named = {w for p in tk.place_names(text, prepositions=True) for w in p.split()}
            counted = [t.key for t in tokens if t.key not in tk.STOPWORDS and t.key not in tk.QUESTION_WORDS and t.key not in named][:2]
    counted_exact: list[str] = []
    if counted and has_diacritics(text):
        by_key = {t.key: index_key(t.surface) for t in tokens}
        counted_exact = [by_key.get(w, w) for w in counted]
    place_kind = None
    if answer_type == "place":
        for word in _ADMIN_WORDS:
            if f" {word} nao " in typed:
                place_kind = word
                break
        run = _ADMIN_RUN.search(typed)
        if run:
            # "những huyện, thành phố nào": the first of the listed kinds heads the list
            place_kind = next(w for w in _ADMIN_WORDS if run.group(1).startswith(w + " "))
    focus = _plain(_focus(answer_type, typed))
    if len(focus) > 1 and any(w not in _LIGHT_VERBS for w in focus):
        focus = [w for w in focus if w not in _LIGHT_VERBS]  # "giúp [giảm] gì": the verb that matters
    keys.extend(k for k in focus if k not in keys and k not in tk.STOPWORDS)
    identity = answer_type == "person" and bool(_IDENTITY.search(typed))
    title = _title(folded, tokens) if identity else []
    if identity and persons and set(title) <= {w for p in persons for w in p.split()} | _ADDRESS_WORDS:
        # "Đồng chí Hà Ngọc Ắng là ai?": the person is named, the post is asked
        answer_type, identity, title = "role", False, []
    if title and title[0] == "nguoi":
        # "ai là người chủ trì …" / "người chủ trì … là ai": who did something, not who holds a post
        identity, focus, title = False, [w for w in title[1:4] if w not in tk.STOPWORDS], []
    condition_ok = answer_type == "date" and bool(_CONDITION_WHEN.search(typed))
    about: list[str] = []
    if answer_type in ("list", "other") and _ASKS_CONTENT.search(typed):
        about = doc_numbers + [m.group(1) for m in _DOC_REF.finditer(folded)]
        if about:
            keys = [k for k in keys if k not in _CONTENT_WORDS]
    return Question(
        about=list(dict.fromkeys(about)),
        focus_alts=[alt.split() for alt in _FOCUS_ALTERNATIVES.get(" ".join(focus[-2:]), ())],
        qualifiers=_qualifiers(text, folded),
        condition_ok=condition_ok,
        title=title,
        text=text,
        focus=focus,
        answer_type=answer_type,
        keys=keys,
        bigrams=tk.bigrams([t for t in tokens if t.key not in tk.QUESTION_WORDS]),
        doc_numbers=doc_numbers,
        persons=persons,
        places=[p for p in _places(text) if p not in persons],
        years=years,
        event_verbs=verbs,
        counted=counted,
        counted_unit=counted_unit,
        counted_exact=counted_exact,
        identity=identity,
        place_kind=place_kind,
    )
