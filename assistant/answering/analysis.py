"""What a question asks, read from its canonical form.

Every later step works on the *canonical* question: accent-folded, lower case, abbreviations
spelled out ("UBND" → "uy ban nhan dan"). A question typed without diacritics or with
abbreviations therefore has exactly the canonical form of its accented, spelled-out twin, and gets
the same answer. The analysis keeps only general facts: content keys, the kinds of answer asked
for (from the question-word table in `vocabulary`), the words a count is about, years, document
numbers and numbers written in the question, and whether two or more sides are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant import textkeys as tk
from assistant.answering import spans as sp
from assistant.answering import vocabulary as vocab
from ingest.normalize import folded_key
from vectorstore.abbreviations import ABBREVIATIONS

COUNTED_WORDS = 3  # words of the counted phrase kept after "bao nhiêu" (a feature of the fitted model)
ORDINAL_CUES = ("thu may", "thu bao nhieu")  # a rank is asked: the short answer is the number after "thứ"
COUNT_PHRASE_WORDS = 6  # words kept for choosing the short answer ("đơn vị hành chính cấp xã", not "… cấp huyện")
PREDICATE_WORDS = 3  # words on each side of the question word that say what is asked


@dataclass(frozen=True, slots=True)
class Analysis:
    """A parsed question. `words` is the canonical form; everything else is derived from it."""

    text: str
    words: tuple[str, ...]
    keys: tuple[str, ...]  # content keys, in order, unique
    answer_types: tuple[str, ...]  # kinds of answer asked for, most specific first ("other" when none)
    counted: tuple[str, ...]  # the phrase a count is asked about ("don vi hanh chinh")
    years: tuple[str, ...]
    doc_numbers: tuple[str, ...]  # folded, "60-nq/tw"
    numbers: tuple[str, ...]  # other numbers written in the question ("126 phương án")
    comparison: bool
    predicate: tuple[str, ...] = ()  # words next to the question word: what the asked fact is about ("ban hanh")
    proper: tuple[str, ...] = ()  # folded words the question writes with a capital (names: "phap", "dong thap")
    count_phrase: tuple[str, ...] = ()  # `counted` with its qualifiers ("don vi hanh chinh cap xa")
    ordinal: bool = False  # asks a rank ("đứng thứ mấy", "kỳ họp thứ bao nhiêu"): the number after "thứ"

    @property
    def canonical(self) -> str:
        return " ".join(self.words)

    @property
    def answer_type(self) -> str:
        return self.answer_types[0]


@lru_cache(maxsize=1)
def _expansions() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], frozenset[str]]:
    """Short forms → folded words of their first long form, by exact spelling ("TƯ", "TU") and by
    folded spelling; and the folded short forms that count only when written in capitals."""
    exact: dict[str, tuple[str, ...]] = {}
    folded: dict[str, tuple[str, ...]] = {}
    upper_only: set[str] = set()
    for abbr in ABBREVIATIONS:
        words = tuple(t.key for t in tk.tokenize(abbr.long_forms[0]))
        key = folded_key(abbr.short).replace("-", "")
        exact.setdefault(abbr.short.replace("-", ""), words)
        folded.setdefault(key, words)
        if not abbr.lowercase_ok:
            upper_only.add(key)
    return exact, folded, frozenset(upper_only)


def canonical_words(text: str) -> tuple[str, ...]:
    """Folded words with abbreviations spelled out; document numbers stay whole ("18-nq/tw")."""
    words: list[str] = []
    for token in tk.tokenize(text):
        long_form = _long_form(token.surface, token.key)
        if long_form:
            words.extend(long_form)
        else:
            words.append(token.key)
    return tuple(words)


@lru_cache(maxsize=65536)
def surface_words(surface: str) -> tuple[str, ...]:
    """`canonical_words` of one token's surface ("UBND", "xã"), cached: a vocabulary is small."""
    return canonical_words(surface)


def canonical_tokens(text: str) -> list[tuple[tk.Token, tuple[str, ...]]]:
    """Every token of `text` with the canonical words it stands for: `canonical_words(text)` is
    their concatenation, and so is `canonical_words` of any span no token straddles."""
    return [(token, _long_form(token.surface, token.key) or (token.key,)) for token in tk.tokenize(text)]


@lru_cache(maxsize=65536)
def _long_form(surface: str, key: str) -> tuple[str, ...] | None:
    """`_spelled_out` of a token, cached by its surface and key (all it depends on)."""
    return _spelled_out(tk.Token(key, 0, len(surface), surface))


def _spelled_out(token: tk.Token) -> tuple[str, ...] | None:
    """The long form an abbreviation token stands for; None for any other token."""
    exact, table, upper_only = _expansions()
    key = token.key.replace("-", "") if not tk.is_doc_number(token.surface) else token.key
    written_short = token.surface.isupper() and len(token.surface) > 1
    long_form = exact.get(token.surface.replace("-", "")) if written_short else None
    long_form = long_form or table.get(key)
    if long_form and (written_short or (key not in upper_only and len(key) > 2)):
        return long_form
    return None


def _find(words: tuple[str, ...], phrase: str) -> list[int]:
    parts = phrase.split()
    n = len(parts)
    return [i for i in range(len(words) - n + 1) if list(words[i : i + n]) == parts]


def _answer_types(words: tuple[str, ...]) -> tuple[str, ...]:
    return _answer_cues(words)[0]


def _answer_cues(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[int, int] | None]:
    """The kinds of answer asked for, and where the first question word of the first kind stands."""
    found: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for kind in vocab.TYPE_ORDER:
        for phrase in vocab.TYPE_CUES[kind]:
            for i in _find(words, phrase):
                if phrase == "may" and (i + 1 >= len(words) or (i and words[i - 1] == "bo")):
                    continue  # "bộ máy" is not "mấy"
                if kind == "list" and phrase in ("nhung", "cac", "gom"):
                    tail = words[i + 1 :]
                    if not ("nao" in tail or "gi" in tail) and phrase != "gom":
                        continue  # "những" asks for a list only with "nào"/"gì" after it
                if kind not in found:
                    found[kind] = i
                    spans[kind] = (i, i + len(phrase.split()))
    if "person" in found and "docnum" in found:
        found.pop("person")  # "ai ban hành … nghị quyết nào" rarely; the document is asked
    ordered = sorted(found, key=lambda k: (vocab.TYPE_ORDER.index(k), found[k]))
    return (tuple(ordered) or ("other",)), (spans[ordered[0]] if ordered else None)


def _predicate(words: tuple[str, ...], cue: tuple[int, int] | None, form: set[int]) -> tuple[str, ...]:
    """Up to three words on each side of the question word, in question order, stopping at other
    question words: "… được ban hành [ngày nào]" → ("duoc", "ban", "hanh"); "[ai] chủ trì hội nghị" →
    ("chu", "tri", "hoi")."""
    if cue is None:
        return ()
    first, end = cue
    skip = form | set(range(first, end))
    before = [words[j] for j in range(first - 1, -1, -1) if j not in skip][:PREDICATE_WORDS][::-1]
    after: list[str] = []
    for j in range(end, len(words)):
        if j in skip:
            break
        after.append(words[j])
        if len(after) == PREDICATE_WORDS:
            break
    return tuple(dict.fromkeys(before + after))


@lru_cache(maxsize=1)
def _long_forms() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(t.key for t in tk.tokenize(form)) for abbr in ABBREVIATIONS for form in abbr.long_forms)


def _proper(text: str) -> tuple[str, ...]:
    """Words written with a capital inside the question (names: "Pháp", "Đồng Tháp"); not a word
    opening one of its sentences, not an abbreviation, and not the spelled-out form of one ("Ủy
    ban nhân dân"), so that a question reads the same whichever way it writes those."""
    tokens = tk.tokenize(text)
    keys = [t.key for t in tokens]
    spelled: set[int] = set()
    for form in _long_forms():
        for i in range(len(keys) - len(form) + 1):
            if tuple(keys[i : i + len(form)]) == form:
                spelled.update(range(i, i + len(form)))
    opening = {0} | {i for i in range(1, len(tokens)) if any(c in ".?!" for c in text[tokens[i - 1].end : tokens[i].start])}
    found = [
        t.key
        for i, t in enumerate(tokens)
        if i not in opening and i not in spelled and t.surface[:1].isupper() and not t.surface.isupper() and not t.surface[:1].isdigit()
    ]
    return tuple(dict.fromkeys(found))


def form_positions(words: tuple[str, ...]) -> set[int]:
    """Positions of the words that only give the question its form."""
    drop: set[int] = set()
    for phrase in vocab.QUESTION_FORM:
        n = len(phrase.split())
        for i in _find(words, phrase):
            drop.update(range(i, i + n))
    for word, before in vocab.QUESTION_FORM_AFTER.items():
        drop.update(i for i in _find(words, word) if i and words[i - 1] in before)
    for i in _find(words, "may"):
        if i + 1 < len(words) and not (i and words[i - 1] == "bo"):
            drop.add(i)  # "mấy xã"; "bộ máy" stays
    end = len(words)
    while end and words[end - 1] in vocab.QUESTION_FORM_LAST:
        end -= 1
        drop.add(end)
    return drop


def asks_day(q: Analysis) -> bool:
    """The question asks for a day ("ban hành ngày nào"), which a year alone does not give."""
    padded = f" {q.canonical} "
    return "date" in q.answer_types and any(f" {cue} " in padded for cue in vocab.DAY_CUES)


def asks_several(q: Analysis) -> bool:
    """Whether the answer may have several pieces: a list, a comparison, or asked things joined."""
    if q.comparison or "list" in q.answer_types:
        return True
    padded = f" {q.canonical} "
    return any(f" {cue} " in padded for cue in vocab.SEVERAL_CUES)


def asks_something(text: str) -> bool:
    """Whether a clause holds a question word of its own ("nào", "bao nhiêu", "… không")."""
    words = canonical_words(text)
    return bool(form_positions(words)) or _answer_types(words) != ("other",)


def _counted(words: tuple[str, ...], form: set[int], limit: int = COUNTED_WORDS) -> tuple[str, ...]:
    """The first `limit` words a count is about: those after "bao nhiêu"/"mấy"/"số lượng"."""
    for phrase in ("bao nhieu", "so luong", "may"):
        for i in _find(words, phrase):
            if phrase == "may" and i not in form:
                continue
            after: list[str] = []
            for j in range(i + len(phrase.split()), len(words)):
                if j in form:
                    break
                after.append(words[j])
                if len(after) == limit:
                    break
            return tuple(after)  # empty when the count word ends the question ("dân số là bao nhiêu")
    return ()


def content_keys(words: tuple[str, ...], form: set[int] | None = None) -> tuple[str, ...]:
    """The question's words without its form words; rare and common words alike (IDF weighs them later)."""
    form = form_positions(words) if form is None else form
    return tuple(dict.fromkeys(w for i, w in enumerate(words) if i not in form))


def analyse(text: str) -> Analysis:
    words = canonical_words(text)
    form = form_positions(words)
    types, cue = _answer_cues(words)
    surfaces = [t.surface for t in tk.tokenize(text)]
    years = tuple(dict.fromkeys(w for w in words if tk.is_year(w)))
    doc_numbers = tuple(dict.fromkeys(folded_key(s) for s in surfaces if tk.is_doc_number(s)))
    numbers = tuple(
        dict.fromkeys(w for w in words if tk.is_number(w) and not tk.is_year(w) and not re.fullmatch(r"0?\d", w))
    )
    comparison = any(_find(words, cue) for cue in vocab.COMPARISON_CUES)
    return Analysis(
        text=text,
        words=words,
        keys=content_keys(words, form),
        answer_types=types,
        counted=_counted(words, form),
        years=years,
        doc_numbers=doc_numbers,
        numbers=numbers,
        comparison=comparison,
        predicate=_predicate(words, cue, form),
        proper=_proper(text),
        count_phrase=_counted(words, form, COUNT_PHRASE_WORDS),
        ordinal=any(_find(words, cue) for cue in ORDINAL_CUES),
    )


# The words naming a place's level ("tỉnh", "thành phố", "TP.", "xã" …), folded: "tỉnh Lâm Đồng" is
# given by a question that names "Lâm Đồng".
PLACE_LEVEL_WORDS = frozenset(
    {"tinh", "thanh", "pho", "huyen", "thi", "xa", "tran", "phuong", "quan", "dac", "khu", "ap", "thon", "ban", "tp"}
)


def given_by_question(text: str, span: sp.Span, q: Analysis) -> bool:
    """The span of `text` only repeats what the question names ("2025" of "năm 2025", "xã Tân Hòa"
    of a question about Tân Hòa): no answer to it."""
    words = list(canonical_words(text[span.start : span.end]))  # a date or document number stays one word
    if span.kind == "place":
        while words and words[0] in PLACE_LEVEL_WORDS:
            words = words[1:]
    return bool(words) and set(words) <= set(q.words)


def new_spans(text: str, q: Analysis) -> tuple[sp.Span, ...]:
    """The typed spans of `text` that the question does not already give."""
    return tuple(s for s in sp.typed_spans(text) if not given_by_question(text, s, q))


def new_kinds_in(text: str, q: Analysis) -> frozenset[str]:
    return frozenset(s.kind for s in new_spans(text, q))
