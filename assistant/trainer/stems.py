"""The stem of a quiz item as a learner reads it: does it say what it is about?

A reviewer rejected stems that open with a crawled page's prefix ("Tuyên Quang: Tại Nghị quyết
…", which also gives the answer), that point back at a sentence the learner does not see
("Theo đó, …") without naming the document, that only lead into a list ("… như sau:"), and
sentences that restate a crawled headline's keywords. `reference` names the document a
dangling opening points back to, taken from the sentence before it, so the stem can be kept.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.answering.spans import typed_spans
from assistant.trainer.dates import dates_in
from assistant.trainer.vocabulary import (
    ADVERBIAL_OPENERS,
    BACK_POINTING_PREPOSITIONS,
    BACK_REFERENCES,
    CONTINUATION_WORDS,
    DANGLING_OPENERS,
    DOC_TYPE_WORDS,
    LEAD_IN_ENDINGS,
    NOT_PREAMBLE,
    PREAMBLE_OPENERS,
    PURPOSE_OPENERS,
)
from ingest.models import Document
from ingest.normalize import folded_key
from ingest.splitter import sentence_spans

HEADLINE_PREFIX_WORDS = 4  # "Hà Nội:", "Tuyên Quang:", "Bà Rịa - Vũng Tàu:"
LABEL_WORDS = 2  # "Lưu ý:", "Ghi chú:"
LABEL_MAX_WORDS = 8  # a bold label before a sentence ("**Chính sách hỗ trợ:**")
TITLE_RUN = 6  # words in a row shared with the title: the sentence restates a headline
LOOK_BACK_CHARS = 1200
LOOK_BACK_SENTENCES = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MARKUP = " \t*_>#|"
# A list item's marker: "-", "+", "•", "(1)", "1)", "a)", "1." followed by a space.
_LIST_MARKER = re.compile(r"^(?:[-+•–]|\(?\d{1,2}\)|\(?[a-zđ]\)|\d{1,2}\.)\s")
_NUMBERED = re.compile(r"^(?:\(?\d{1,2}\)|\(?[a-zđ]\)|\d{1,2}\.)\s")


def headline_prefix(stem: str) -> bool:
    """The stem opens with a few capitalised words and a colon, as a crawled list item does, or
    with a page's short label ("Lưu ý:", "Tóm lại:"): a note of a Q&A page, not a statement."""
    head, colon, _ = stem.partition(":")
    if not colon:
        return False
    words = head.replace("-", " ").split()
    if 0 < len(words) <= LABEL_WORDS and words[0][:1].isupper() and not any(c.isdigit() for c in head):
        return True
    return 0 < len(words) <= HEADLINE_PREFIX_WORDS and all(w[:1].isupper() or w == "_____" for w in words)


def _folded_words(stem: str) -> str:
    """The stem folded, its punctuation dropped: "word word …"."""
    return " ".join(re.sub(r"[^\w]+", " ", folded_key(stem)).split())


def lead_in(stem: str) -> bool:
    """The stem only announces what follows ("… quy định như sau:", also without the colon)."""
    if stem.rstrip().endswith(":"):
        return True
    ending = _folded_words(stem)
    return any(ending.endswith(f" {words}") for words in LEAD_IN_ENDINGS)


def numbered_item(stem: str) -> bool:
    """The stem opens with a list's number or letter ("(4) Giải quyết …"): an item of a list the
    learner does not see, under a lead-in that says what the list is."""
    return _NUMBERED.match(stem.strip(_MARKUP)) is not None


def purpose_fragment(stem: str) -> bool:
    """The stem is a purpose clause alone ("Để tiếp tục thực hiện … bộ máy"): the sentence it
    opens was cut before its main clause, which says who does what."""
    padded = " ".join(re.sub(r"[^\w,]+", " ", unicodedata.normalize("NFC", stem).lower()).split())
    return "," not in padded and any(padded.startswith(f"{opener} ") for opener in PURPOSE_OPENERS)


def adverbial_opening(stem: str) -> bool:
    """The stem opens with an adverbial phrase whose main clause comes later ("Ngoài các chính
    sách …, các đối tượng … được hỗ trợ thêm"): cut short, it states nothing."""
    padded = " ".join(re.sub(r"[^\w]+", " ", unicodedata.normalize("NFC", stem).lower()).split())
    return any(padded.startswith(f"{opener} ") for opener in (*PURPOSE_OPENERS, *ADVERBIAL_OPENERS))


def asks(stem: str) -> bool:
    """The sentence is, or holds, a question: a crawled page's headline ("… ra sao?", "… đúng
    không (Đề xuất)? được giải thích như trên.")."""
    return "?" in stem


def lists_after_blank(stem: str, answer: str = "") -> bool:
    """A count followed by its items, after a colon or in brackets ("thành _____ tỉnh: Tuyên
    Quang, Bắc Quang, Hà Giang", "_____ xã còn lại (xã A và xã B)"), or a bracketed list further
    on with as many items as the answer counts ("có _____ huyện … (Bắc Yên, Yên Châu, …)"): the
    learner counts the answer."""
    after = stem.partition("_____")[2]
    clause = after.split(";")[0]
    if ":" in clause and "," in clause.partition(":")[2]:
        return True
    bracket = re.match(r"[^(.;]{0,40}\(([^)]*)\)", clause)  # "_____ xã còn lại (xã A và xã B)"
    if bracket is not None and ("," in bracket.group(1) or " và " in bracket.group(1)):
        return True
    return any(len(items) == count for items in _bracket_lists(clause)) if (count := _asked_count(answer)) else False


def names_the_counted(stem: str, answer: str) -> bool:
    """The blanked count sits beside the names it counts ("Hà Nội và Hải Phòng - _____ thành phố",
    "_____ tỉnh Phú Thọ, Vĩnh Phúc"): a learner counts the names. Checked on the words just before
    the blank (a list of capitalised names, then at most a dash, a colon or "là") and just after
    it (at most two lower-case words of the unit, then the names)."""
    count = _asked_count(answer)
    if count is None or "_____" not in stem:
        return False
    before, _, after = stem.partition("_____")
    before_words = before.replace(",", " , ").split()
    while before_words and before_words[-1] in ("-", "–", ":", "là"):
        before_words.pop()
    after_words = after.replace(",", " , ").split()
    unit = 0
    while unit < min(2, len(after_words)) and after_words[unit][:1].islower():
        unit += 1
    return count in (_listed_names(list(reversed(before_words))), _listed_names(after_words[unit:]))


def _listed_names(words: list[str]) -> int:
    """How many names a run of words lists from its start: capitalised words, separated by commas
    or "và", up to the first other word (0 unless there are at least two names)."""
    names, current = 0, 0
    for raw in words:
        word = raw.strip("()[]«»\"“”.;")
        if word in ("và", ","):
            names, current = names + (current > 0), 0
            continue
        if not word[:1].isupper():
            break
        current += 1
    names += current > 0
    return names if names >= 2 else 0


def _bracket_lists(text: str) -> list[list[str]]:
    """The items of each bracketed list of a text ("(Bắc Yên, Yên Châu, Quỳnh Nhai)")."""
    return [[i for i in re.split(r",|\bvà\b", inner) if i.strip()] for inner in re.findall(r"\(([^)]*)\)", text)]


def _asked_count(answer: str) -> int | None:
    """The count an answer asks: the number, or the part of a share ("5" of "5/12")."""
    match = re.match(r"0*(\d+)(?:/\d+)?$", answer.strip())
    return int(match.group(1)) if match and int(match.group(1)) > 1 else None


def dangling(stem: str) -> bool:
    """The stem opens by pointing back at an earlier sentence ("Theo đó, …", "Trong đó …", "Với số
    dân này …": a preposition, then "này" or "đó" within its first five words, before a comma)."""
    padded = " ".join(folded_key(stem).replace(",", " , ").split()) + " "
    if any(padded.startswith(f"{opener} ") for opener in DANGLING_OPENERS):
        return True
    opening = stem.strip().partition(",")[0].split()[:5]
    return len(opening) > 1 and opening[0].lower() in BACK_POINTING_PREPOSITIONS and any(w in ("này", "đó") for w in opening[1:])


def _words(text: str) -> list[str]:
    return [folded_key(w) for w in _WORD.findall(text)]


def _bare_year(words: tuple[str, ...]) -> bool:
    """A year written without "năm" before it ("… phường xã TPHCM 2025"): a keyword string."""
    return any(w.isdigit() and len(w) == 4 and w[:2] in ("19", "20") and (i == 0 or words[i - 1] != "nam") for i, w in enumerate(words))


def restates_title(sentence: str, title: str) -> bool:
    """The sentence shares `TITLE_RUN` words in a row, a bare year among them, with a title that is
    not a document's name: a crawled page repeating its headline's keywords ("… sáp nhập phường
    xã TPHCM 2025"). A press article's lead restating its headline in words is fine."""
    if any(s.kind == "docnum" for s in typed_spans(title)):
        return False
    words, title_words = _words(sentence), _words(title)
    runs = {tuple(title_words[i : i + TITLE_RUN]) for i in range(len(title_words) - TITLE_RUN + 1)}
    for i in range(len(words) - TITLE_RUN + 1):
        run = tuple(words[i : i + TITLE_RUN])
        if run in runs and _bare_year(tuple(words[max(0, i - 1) : i + TITLE_RUN]) if i else run):
            return True
    return False


def previous_sentence(document: Document, start: int) -> str:
    """The sentence of the document just before offset `start` ("" at the start)."""
    window_start = max(0, start - LOOK_BACK_CHARS)
    spans = [(a, b) for a, b in sentence_spans(document.text[window_start:start]) if b > a]
    if not spans:
        return ""
    a, b = spans[-1]
    return document.text[window_start + a : window_start + b].strip()


def _doc_name(text: str, start: int, end: int) -> str:
    """The document type words before a number and the number ("Nghị quyết số 13/NQ-HĐND")."""
    before = text[max(0, start - 30) : start]
    folded = folded_key(before)
    best = -1
    for word in DOC_TYPE_WORDS:
        at = folded.rfind(word)
        if at > best:
            best = at
    if best < 0:
        return text[start:end]
    return " ".join((before[best:] + text[start:end]).split())


def reference(document: Document, start: int) -> str | None:
    """The document the sentence at `start` points back to, named from the sentence before it
    (or, while those point back too, the one before that, up to `LOOK_BACK_SENTENCES`), with its
    date when that sentence gives one ("Nghị quyết số 13/NQ-HĐND, ngày 28 tháng 4 năm 2025");
    None when none of them names a document."""
    for _ in range(LOOK_BACK_SENTENCES):
        before = previous_sentence(document, start)
        if not before:
            return None
        numbers = [s for s in typed_spans(before) if s.kind == "docnum"]
        if numbers:
            name = _doc_name(before, numbers[0].start, numbers[0].end)
            found = [d for d in dates_in(before, None) if d.precision == "day"]
            if not found:
                return name
            when = before[found[0].start : found[0].end]
            return f"{name}, {when[:1].lower()}{when[1:]}"
        if not dangling(before):
            return None
        start = document.text.rfind(before, 0, start)
    return None


def _padded_opening(stem: str) -> str:
    return " ".join(folded_key(stem.lstrip(_MARKUP + "-+•")).replace(",", " ").split()) + " "


def preamble(stem: str) -> bool:
    """The stem is a line of a legal text's preamble ("Căn cứ Luật …;", "Xét đề nghị …"): the
    documents and dates it cites are the text's basis, not what it decides. A Q&A page's "Căn cứ
    theo Điều 5 … quy định …" ("according to") states a rule and is no preamble."""
    opening = _padded_opening(stem)
    if any(opening.startswith(f"{not_one} ") for not_one in NOT_PREAMBLE):
        return False
    return any(opening.startswith(f"{opener} ") for opener in PREAMBLE_OPENERS)


def label(text: str, max_words: int = LABEL_MAX_WORDS) -> bool:
    """The text is a short label before a sentence ("**Chính sách hỗ trợ:** "): what follows it is
    a whole statement."""
    head = text.strip(_MARKUP)
    return head.endswith(":") and 0 < len(head.split()) <= max_words and "\n" not in head


def _lines_before(text: str, start: int) -> list[str]:
    """The lines before offset `start`, nearest first, markup stripped ("" for a blank line)."""
    return [line.strip(_MARKUP) for line in reversed(text[:start].split("\n")[:-1])]


def starts_mid_sentence(text: str, start: int) -> bool:
    """The sentence at `start` begins on a new line that only wraps the one above ("[2] Bộ Chính
    trị,⏎Ban Bí thư đã có …"): the line above ends with a comma or a word that needs more after
    it, so the stem would lose the sentence's subject."""
    if text[:start].rstrip(" \t")[-1:] not in ("\n", ""):
        return False  # the sentence starts inside a line, after a full stop
    above = _lines_before(text, start)
    if not above or not above[0]:
        return False  # first line, or after a blank line: a paragraph starts
    line = above[0]
    if line.endswith((",", "(", "-", "–")):
        return True
    words = _WORD.findall(line)
    return bool(words) and folded_key(words[-1]) in CONTINUATION_WORDS


def list_item(line: str) -> bool:
    """The line opens with a list item's marker ("- ", "(1) ", "a) ")."""
    return _LIST_MARKER.match(line.strip(" \t*_>#|")) is not None


def follows_lead_in(text: str, start: int) -> bool:
    """The sentence at `start` is an item of a list a lead-in announces ("… gồm:⏎(1) Trong tổ
    chức thi hành Hiến pháp, pháp luật (04 nhóm nhiệm vụ);"): its subject is in the lead-in,
    which the learner does not see. Earlier items of the same list are skipped back over."""
    head = text[:start].rstrip(_MARKUP + "\n")
    if head.endswith(":"):
        return True
    if not list_item(text[start : text.find("\n", start) if "\n" in text[start:] else len(text)]):
        return False
    for line in _lines_before(text, start):
        if not line:
            continue
        if line.endswith(":"):
            return True
        if not list_item(line):
            return False
    return False


def points_elsewhere(stem: str) -> bool:
    """The stem refers to text it does not show ("… về 04 nội dung nêu trên")."""
    padded = f" {_folded_words(stem)} "
    return any(f" {ref} " in padded for ref in BACK_REFERENCES)
