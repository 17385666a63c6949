"""Wrong options of the answer's type: first values the corpus states elsewhere (other numbers of
the same unit, other dates, other places of the same administrative level, other names), then —
for numbers, dates and years only — nearby values written like the answer. A distractor never
appears in the cited sentence and never has the answer's value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, timedelta

from assistant.trainer.bodies import other_bodies
from assistant.trainer.dedupe import similar
from assistant.trainer.facts import Fact, fact_value, facts_of
from assistant.trainer.topic import Sentence, text_keys
from assistant.trainer.worth import provinces_in
from ingest.normalize import folded_key

WANTED = 3
_DIGITS = re.compile(r"\d+")


SAME_CONTEXT_JACCARD = 0.3  # a value stated in a sentence this close to the question's may be true there too


Context = tuple[frozenset[str], frozenset[str], frozenset[str]]  # sentence keys, provinces, `counted` keys
COUNTED_BEFORE, COUNTED_AFTER = 20, 60  # how far around a number its clause says whose and what it counts
SAME_THING_SHARE = 0.6  # share of the shorter of two `counted` windows the other repeats: the same count


def counted(fact: Fact) -> frozenset[str]:
    """The words of the answer's clause near it, numbers left out ("12 lĩnh vực do Ủy ban nhân
    dân xã quản lý"): what the number counts and of whom."""
    text, s = fact.sentence.document.text, fact.sentence
    start, end = max(s.start, fact.answer_start - COUNTED_BEFORE), min(s.end, fact.answer_end + COUNTED_AFTER)
    before, after = text[start : fact.answer_start], text[fact.answer_end : end]
    window = before.rpartition(";")[2] + " " + after.partition(";")[0]
    return frozenset(k for k in text_keys(window) if not k[:1].isdigit())


def elsewhere(provinces: frozenset[str], other: frozenset[str]) -> bool:
    """Two sentences of one template about different provinces ("Tại Nghị quyết số 1661/…, … tỉnh
    Điện Biên" and "… 1681/…, … tỉnh Sơn La"): the other's value is true there, not here."""
    return bool(provinces) and bool(other) and not provinces & other


class OptionPool:
    """Every typed value of the pool's sentences, grouped by (kind, unit), with the keys of the
    sentences stating it (a value told about the same thing elsewhere is no distractor)."""

    def __init__(self, sentences: Iterable[Sentence]) -> None:
        self._values: dict[tuple[str, str], dict[str, str]] = {}
        self._contexts: dict[tuple[str, str], list[Context]] = {}
        for sentence in sentences:
            facts = facts_of(sentence)
            provinces = frozenset(provinces_in(sentence.text)) if facts else frozenset()
            for fact in facts:
                self._values.setdefault((fact.kind, fact.unit), {}).setdefault(fact.value, fact.answer)
                window = counted(fact) if fact.kind == "number" else frozenset()
                self._contexts.setdefault((fact.kind, fact.value), []).append((sentence.keys, provinces, window))

    def support(self, kind: str, value: str) -> int:
        """How many sentences of the pool state this value."""
        return len(self._contexts.get((kind, value), []))

    def values(self, kind: str, unit: str) -> dict[str, str]:
        return self._values.get((kind, unit), {})

    def stated_near(self, kind: str, value: str, keys: frozenset[str], provinces: frozenset[str] = frozenset()) -> bool:
        """Whether a sentence much like `keys` states this value, about the same province if both name one."""
        return any(
            similar(keys, other, SAME_CONTEXT_JACCARD) and not elsewhere(provinces, where)
            for other, where, _ in self._contexts.get((kind, value), [])
        )

    def counts_the_same(self, value: str, window: frozenset[str], provinces: frozenset[str]) -> bool:
        """Whether a statement of the pool gives this number for what the answer counts ("UBND xã
        quản lý 12 lĩnh vực" against "quy định 11 lĩnh vực do Ủy ban nhân dân xã quản lý"): a draft and a law, or two sources, disagree, and the option may be true."""
        if not window:
            return False
        return any(
            other and len(window & other) / min(len(window), len(other)) >= SAME_THING_SHARE and not elsewhere(provinces, where)
            for _, where, other in self._contexts.get(("number", value), [])
        )


def _in_text(option: str, folded_quote: str) -> bool:
    key = " ".join(folded_key(option).split())
    return re.search(rf"(?<![\w.,/-]){re.escape(key)}(?![\w/]|[.,]\d)", folded_quote) is not None


def _number(value: str) -> float | None:
    try:
        return float(value.rstrip("%"))
    except ValueError:
        return None


def _closeness(fact: Fact, value: str) -> float:
    """Smaller is closer to the answer (numbers by ratio, dates by days); names are all alike."""
    if fact.kind == "number":
        a, b = _number(fact.value), _number(value)
        if a is None or b is None or a <= 0 or b <= 0:
            return 10.0
        return abs(math.log(b / a))
    if fact.kind in ("date", "year"):
        try:
            a = date.fromisoformat(fact.value) if fact.kind == "date" else date(int(fact.value), 1, 1)
            b = date.fromisoformat(value) if fact.kind == "date" else date(int(value), 1, 1)
        except ValueError:
            return 10.0
        return abs((a - b).days) / 365
    if fact.kind == "docnum":
        a, b = _doc_number(fact.value), _doc_number(value)
        return abs(math.log(b / a)) if a and b else 1.0
    return 1.0


def _doc_number(value: str) -> int | None:
    """The leading number of a document number ("1672" of "1672/nq-ubtvqh15"): the nearest numbers
    of its series are the believable wrong ones, and they differ from item to item."""
    match = _DIGITS.match(value)
    return int(match.group()) if match and int(match.group()) > 0 else None


# How far a wrong option stated elsewhere in the corpus may be from the answer and still be
# believable: half to twice a number (a blind review found 400 an outlier among counts of 134 to
# 163), ten years from a date ("2025" is no option for a period of 1945–1975, nor 54 communes for
# a district of 12). Names are not compared.
_MAX_DISTANCE = {"number": math.log(2.0), "date": 10.0, "year": 10.0}


def same_year(fact: Fact, value: str) -> bool:
    """A wrong date is in the answer's year: the stem or its document often says the year ("năm
    2025"), and a date of another year is then ruled out at once."""
    return fact.kind != "date" or value[:4] == fact.value[:4] or not value[:4].isdigit()


def plausible(fact: Fact, value: str) -> bool:
    """Whether an option's value is close enough to the answer's to be a believable wrong answer."""
    if fact.kind == "number" and value.endswith("%") and (_number(value) or 0) > 100:
        return False
    if not same_year(fact, value):
        return False
    return _closeness(fact, value) <= _MAX_DISTANCE.get(fact.kind, 10.0)


def _format_number(template: str, value: float) -> str:
    """`value` written like `template` ("1.017", "98,6%", "12")."""
    decimals = len(template.rstrip("%").split(",")[1]) if "," in template else 0
    text = f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if "." not in template:  # "16683" is answered among options written alike, not "13.346"
        text = text.replace(".", "")
    digits = re.match(r"\d+", template)
    if digits and digits.group().startswith("0") and len(digits.group()) > 1:  # "04" beside "03", not "3"
        text = text.zfill(len(digits.group()) + len(text) - len(text.split(",")[0]))
    return text + ("%" if template.endswith("%") else "")


_SHARE = re.compile(r"(\d+)/(\d+)")


def _synthetic_shares(answer: str) -> list[str]:
    """Other shares of the same whole ("11/13" → "10/13", "12/13", "9/13" …): the whole is the
    context's (13 communes of the district), only the part is asked."""
    match = _SHARE.fullmatch(answer)
    if match is None:
        return []
    part, whole = int(match.group(1)), int(match.group(2))
    width = len(match.group(1)) if match.group(1).startswith("0") else 1
    steps = (-1, 1, -2, 2, -3, 3, -4)
    return [f"{str(part + s).zfill(width)}/{match.group(2)}" for s in steps if 0 < part + s <= whole]


def _synthetic_numbers(fact: Fact) -> list[str]:
    answer = fact.answer.strip()
    if _SHARE.fullmatch(answer):
        return _synthetic_shares(answer)
    if not re.fullmatch(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?%?|\d+(?:,\d+)?%?", answer):
        return []  # ranges and fractions: only values the corpus states
    value = _number(fact.value)
    if value is None or value <= 0:
        return []
    percent = answer.endswith("%")
    if percent:
        steps = (-6.0, 4.0, -11.0, 9.0, 2.0)
        candidates = [value + s for s in steps if 0 < value + s <= 100]
    elif value < 20 and value == int(value):
        candidates = [value + s for s in (1, -1, 2, -2, 3, 4) if value + s > 0]
    else:
        candidates = [round(value * f) for f in (0.8, 1.15, 0.7, 1.3, 0.9, 1.2)]
    return [_format_number(answer, c) for c in candidates]


def written_like(answer: str, day: date) -> str | None:
    """`day` written exactly as the answer date is ("01/7/2025" → "07/11/2025" becomes "7/11/2025"
    when the answer is "1/7/2025"): an option written differently stands out."""
    groups = list(_DIGITS.finditer(answer))
    if len(groups) == 3:
        numbers = (day.day, day.month, day.year)
    elif len(groups) == 2:
        numbers = (day.month, day.year)
    else:
        return None
    text = answer
    for group, number in sorted(zip(groups, numbers), key=lambda item: -item[0].start()):
        width = len(group.group()) if group.group().startswith("0") else 1
        text = text[: group.start()] + str(number).zfill(width) + text[group.end() :]
    return text


def _synthetic_dates(fact: Fact) -> list[str]:
    """Dates written exactly like the answer, with the day, month or year changed."""
    if fact.kind == "year":
        return [str(int(fact.value) + s) for s in (1, -1, 2, -2)]
    try:
        day = date.fromisoformat(fact.value)
    except ValueError:
        return []
    shifts = (7, -10, 31, -45, 61, -92)
    return [text for shift in shifts if (text := written_like(fact.answer, day + timedelta(days=shift))) is not None]


def _restyled(fact: Fact, option: str, value: str) -> str:
    """A wrong date stated elsewhere, written like the answer when both are full dates."""
    if fact.kind != "date":
        return option
    try:
        return written_like(fact.answer, date.fromisoformat(value)) or option
    except ValueError:
        return option


def _same_case(option: str, answer: str) -> str:
    """"ngày 1 tháng 7" beside "Ngày 16 tháng 6": the first letter's case must not give the answer away."""
    if option[:1].isalpha() and answer[:1].isalpha() and option[0].isupper() != answer[0].isupper():
        return (option[0].upper() if answer[0].isupper() else option[0].lower()) + option[1:]
    return option


def distractors(fact: Fact, pool: OptionPool, wanted: int = WANTED) -> tuple[list[str], bool]:
    """Up to `wanted` wrong options, and whether all came from the corpus."""
    folded_quote = " ".join(folded_key(fact.quote).split())
    chosen: list[str] = []
    values: set[str] = {fact.value}

    def take(candidates: Iterable[str]) -> None:
        for option in candidates:
            if len(chosen) >= wanted:
                return
            value = fact_value(option, fact.kind, fact.sentence.document.published)
            if value in values or _in_text(option, folded_quote) or not option.strip() or not same_year(fact, value):
                continue
            if pool.counts_the_same(value, window, here):
                continue  # another statement gives this number for the same thing
            written = _same_case(_restyled(fact, option, value), fact.answer)
            if _in_text(written, folded_quote):
                continue
            values.add(value)
            chosen.append(written)

    window = counted(fact) if fact.kind == "number" else frozenset()
    here = frozenset(provinces_in(fact.sentence.text)) if window else frozenset()
    stated = pool.values(fact.kind, fact.unit)
    keys = fact.sentence.keys
    # a document number has no made-up fallback: a parallel sentence about another province
    # ("Tại Nghị quyết số 1681/…, … tỉnh Sơn La") is where its wrong options come from
    provinces = frozenset(provinces_in(fact.sentence.text)) if fact.kind == "docnum" else frozenset()
    fitting = [v for v in stated if plausible(fact, v) and not pool.stated_near(fact.kind, v, keys, provinces)]
    take(stated[v] for v in sorted(fitting, key=lambda v: (_closeness(fact, v), v)))
    from_corpus = len(chosen) >= wanted
    if fact.kind == "number":
        take(_synthetic_numbers(fact))
    elif fact.kind in ("date", "year"):
        take(_synthetic_dates(fact))
    elif fact.kind == "body":
        take(other_bodies(fact.answer))  # the other bodies of its class: each decides such matters
    return chosen, from_corpus
