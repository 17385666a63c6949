"""The stem of a quiz item as a learner reads it: does it say what it is about?

A reviewer rejected stems that open with a crawled page's prefix ("Tuyên Quang: Tại Nghị quyết
…", which also gives the answer), that point back at a sentence the learner does not see
("Theo đó, …") without naming the document, that only lead into a list ("… như sau:"), and
sentences that restate a crawled headline's keywords. `reference` names the document a
dangling opening points back to, taken from the sentence before it, so the stem can be kept.
"""

from __future__ import annotations

import re

from assistant.answering.spans import typed_spans
from assistant.trainer.dates import dates_in
from assistant.trainer.vocabulary import DANGLING_OPENERS, DOC_TYPE_WORDS
from ingest.models import Document
from ingest.normalize import folded_key
from ingest.splitter import sentence_spans

HEADLINE_PREFIX_WORDS = 4  # "Hà Nội:", "Tuyên Quang:", "Bà Rịa - Vũng Tàu:"
LABEL_WORDS = 2  # "Lưu ý:", "Ghi chú:"
TITLE_RUN = 6  # words in a row shared with the title: the sentence restates a headline
LOOK_BACK_CHARS = 1200
LOOK_BACK_SENTENCES = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


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


def lead_in(stem: str) -> bool:
    """The stem only announces what follows ("… quy định như sau:")."""
    return stem.rstrip().endswith(":")


def asks(stem: str) -> bool:
    """The sentence is, or holds, a question: a crawled page's headline ("… ra sao?", "… đúng
    không (Đề xuất)? được giải thích như trên.")."""
    return "?" in stem


def lists_after_blank(stem: str) -> bool:
    """A count followed by its items, after a colon or in brackets ("thành _____ tỉnh: Tuyên
    Quang, Bắc Quang, Hà Giang", "_____ xã còn lại (xã A và xã B)"): the learner counts the answer."""
    after = stem.partition("_____")[2]
    clause = after.split(";")[0]
    if ":" in clause and "," in clause.partition(":")[2]:
        return True
    bracket = re.match(r"[^(.;]{0,40}\(([^)]*)\)", clause)  # "_____ xã còn lại (xã A và xã B)"
    return bracket is not None and ("," in bracket.group(1) or " và " in bracket.group(1))


def dangling(stem: str) -> bool:
    """The stem opens by pointing back at an earlier sentence ("Theo đó, …", "Trong đó …")."""
    padded = " ".join(folded_key(stem).replace(",", " , ").split()) + " "
    return any(padded.startswith(f"{opener} ") for opener in DANGLING_OPENERS)


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
