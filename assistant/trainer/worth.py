"""How worth asking a fact is: what a trainer would want a learner to know.

A reviewer rejected facts that are local details (one commune's figure, a district official's
name, a local dispatch number), estimates whose wrong options are also true ("trên 50%" when the
text says "trên 95%") and durations with no anchor ("sau gần 3 năm"). Here a fact is *askable*
when none of these holds, and its *worth* orders the askable ones: how relevant its sentence is,
whether a national body decides it, and how many other sentences of the pool state the same value.
"""

from __future__ import annotations

import re

from assistant.answering.spans import typed_spans
from assistant.trainer.bodies import class_told, issuer_implied
from assistant.trainer.facts import Fact
from assistant.trainer.vocabulary import (
    ASKED_KINDS,
    BOUND_CUES,
    DURATION_UNITS,
    MARGINAL_MEASURES,
    LOCAL_SKIP_WORDS,
    LOCAL_WORDS,
    NATIONAL_BODIES,
    NATIONAL_DOC_MARKS,
    NATIONWIDE_WORDS,
    REPLACED_CUES,
    REPORTING_CUES,
    REPORTING_WORDS,
)
from assistant.textkeys import _PROVINCE_RE as PROVINCE_RE
from assistant.textkeys import capitalised_run, place_names
from ingest.normalize import fold_accents, folded_key, index_key

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
NATIONAL_BONUS = 0.15
SHARE_WEIGHT = 0.5  # the quote's own share of the topic, on top of its sentence's relevance
SUPPORT_BONUS = 0.08  # per other document stating the value, up to MAX_SUPPORT
MAX_SUPPORT = 3
MEASURE_CHARS = 40  # how far before a number a place's measure ("dân số: …") is looked for
REPLACED_CHARS = 30
CLAUSE_ENDS = (";", ", trong đó", " trong đó")
# A date this many years before the newest its document mentions is history, not the reform a
# course is about ("Ngày 9 tháng 9 năm 1891, Toàn quyền Đông Dương …" in a 2025 article).
HISTORY_YEARS = 10
DATE_OWNER_CHARS = 30  # a document number this close before a date is the date's owner


def _padded(text: str) -> str:
    """The folded text as " word word … ", punctuation as spaces ("Quốc hội." names the body)."""
    return " " + " ".join(re.sub(r"[^\w/-]+", " ", folded_key(text)).split()) + " "


def is_national_doc(docnum: str) -> bool:
    """A document number of a national body ("18-NQ/TW", "76/2025/UBTVQH15", "125/2025/NĐ-CP")."""
    folded = folded_key(docnum)
    return any(mark in folded for mark in NATIONAL_DOC_MARKS)


def names_national_body(text: str) -> bool:
    """The text names a national body or a national document."""
    padded = _padded(text)
    if any(f" {body} " in padded for body in NATIONAL_BODIES):
        return True
    return any(is_national_doc(text[s.start : s.end]) for s in typed_spans(text) if s.kind == "docnum")


def local_places(text: str) -> list[str]:
    """Folded names of the places below a province the text names ("xã Minh Cầm", "Huyện ủy Tháp
    Mười" → "minh cam", "thap muoi")."""
    words = list(_WORD.finditer(text))
    keys = [index_key(w.group()) for w in words]
    found: list[str] = []
    for i in range(len(words)):
        for local in LOCAL_WORDS:
            size = len(local.split())
            if " ".join(keys[i : i + size]) != local:
                continue
            if i and keys[i - 1] == "cấp":
                break  # "cấp xã" is a level of government, not a place
            j = i + size
            while j < len(words) and keys[j] in LOCAL_SKIP_WORDS:
                j += 1
            joined = j < len(words) and not text[words[j - 1].end() : words[j].start()].strip()
            if joined and words[j].group()[:1].isupper():  # "xã: Luật …" names no commune
                name, _ = capitalised_run(text, words[j].start())
                if name:
                    found.append(folded_key(name))
            break
    return found


def provinces_in(text: str) -> list[str]:
    """Folded names of the provinces and centrally-run cities the text names."""
    return PROVINCE_RE.findall(fold_accents(index_key(text)))


PLACE_TITLE_WORDS = 4


def place_page(title: str, topic: str) -> bool:
    """The document is a page about one place ("Bà Rịa (thành phố)", "Tuyên Quang": a short
    title of capitalised words, an encyclopedia's) that the topic does not name: its figures and
    dates are that place's history, marginal to a course on the topic."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", " ".join(title.split()))
    words = name.split()
    if not 0 < len(words) <= PLACE_TITLE_WORDS or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return False
    return f" {' '.join(_padded(name).split())} " not in _padded(topic)


def nationwide(text: str) -> bool:
    """The text speaks of the whole country ("trong cả nước", "nước ta", "toàn quốc")."""
    padded = _padded(text)
    return any(f" {words} " in padded for words in NATIONWIDE_WORDS)


def is_local_detail(text: str, topic: str) -> bool:
    """The text names a commune, village or district the topic does not name."""
    padded_topic = _padded(topic)
    return any(f" {name} " not in padded_topic for name in local_places(text))


_SHARE = re.compile(r"\d+/\d+")
UNIT_WORDS = frozenset({"xa", "huyen", "phuong", "tinh", "don"})  # folded counted nouns of administrative units


def units_share(fact: Fact) -> bool:
    """The answer is the share of a locality's units that carry out something ("mô hình được
    triển khai ở 7/10 xã của huyện"): the result a course reports by locality,
    not a local detail such as how many cadres one district moved."""
    return fact.kind == "number" and _SHARE.fullmatch(fact.answer.strip()) is not None and fact.unit.rstrip("/-") in UNIT_WORDS


def bound_before(text: str, start: int) -> bool:
    """The number at `start` is a bound or an estimate ("trên 95%", "gần 3", "hơn 1.000")."""
    before = _padded(text[max(0, start - 20) : start])
    return any(before.endswith(f" {cue} ") for cue in BOUND_CUES)


def off_topic_place(text: str, topic: str) -> bool:
    """The topic names places (a province, "ở Ba Chẽ") and the text names none of them."""
    wanted = place_names(topic, prepositions=True)
    padded = _padded(text)
    return bool(wanted) and not any(f" {name} " in padded for name in wanted)


def place_measure(text: str, start: int) -> bool:
    """The number at `start` describes a place, not the reform ("dân số: 1.865.270 người",
    "diện tích 13.796 km²", "xếp thứ 7"): encyclopedic detail a course does not teach."""
    sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - MEASURE_CHARS)
    around = _padded(text[sentence_start + 1 : start]) + " ".join(_padded(text[start : start + MEASURE_CHARS]).split()[1:4]) + " "
    return any(f" {measure} " in around for measure in MARGINAL_MEASURES)


def is_history(fact: Fact) -> bool:
    """Every year the quote mentions is `HISTORY_YEARS` before the newest its document mentions:
    the sentence tells the past ("Ngày 2 tháng 7 năm 2010, Chính phủ ban hành …" in a 2025 page)."""
    years = [int(y) for y in _YEAR.findall(fact.quote)]
    return bool(years) and max(years) < newest_year(fact.sentence.document.text) - HISTORY_YEARS


def replaced(text: str, start: int) -> bool:
    """The document number at `start` names a document replaced or amended ("thay thế Nghị quyết …")."""
    before = _padded(text[max(0, start - REPLACED_CHARS) : start])
    return any(f" {cue} " in before for cue in REPLACED_CUES)


# "125/2024/NĐ-CP": number, year, series. A later text of the same series on the same matter
# supersedes it for a learner, whatever the article's wording.
_SERIES_DOCNUM = re.compile(r"\d+/((?:19|20)\d\d)/([^\s,.;:()]+)")
SUPERSEDE_WORDS = 25  # words before the other document number in which the matter is looked for
SUPERSEDE_SHARE = 0.6  # of the answer's lead-in words that must recur there


def superseded(fact: Fact) -> bool:
    """The document number asked is superseded in its own document: another sentence on the same
    matter (most of the words leading up to the answer recur before it) names a later document of
    the same series ("… được quy định tại Nghị định 125/2024/NĐ-CP", then "… là Mẫu số 05 … ban hành
    kèm theo Nghị định 142/2025/NĐ-CP (áp dụng từ ngày 1/7/2025 …)"). A blind reviewer judged the
    older number an unfair answer."""
    own = _SERIES_DOCNUM.fullmatch(fact.answer)
    if own is None:
        return False
    text = fact.sentence.document.text
    lead = set(_folded_words(text[fact.start : fact.answer_start]))
    if not lead:
        return False
    for other in _SERIES_DOCNUM.finditer(text):
        later = other.group(2) == own.group(2) and int(other.group(1)) > int(own.group(1))
        if not later or fact.start <= other.start() < fact.end:
            continue
        opening = max(text.rfind("\n", 0, other.start()), text.rfind(". ", 0, other.start()) + 1, other.start() - 300)
        before = set(_folded_words(text[max(0, opening) : other.start()])[-SUPERSEDE_WORDS:])  # its own sentence
        if len(lead & before) >= SUPERSEDE_SHARE * len(lead):
            return True
    return False


def _folded_words(text: str) -> list[str]:
    return [folded_key(w) for w in _WORD.findall(text)]


def answer_clause(fact: Fact) -> str:
    """The quote up to the end of the clause that holds the answer: the next ";" or "trong đó"
    after it ("Tỉnh X có 99 xã; trong đó có 1 xã Y không sắp xếp": Y is in another clause, but a
    commune named before the answer is the sentence's subject)."""
    quote = fact.quote
    end = fact.answer_end - fact.start
    stops = [i for i in (quote.find(mark, end) for mark in CLAUSE_ENDS) if i >= 0]
    return quote[: min(stops, default=len(quote))]


def askable(fact: Fact, topic: str) -> bool:
    """Whether a trainer would ask about this fact at all."""
    if fact.kind not in ASKED_KINDS:
        return False
    doc, quote = fact.sentence.document, fact.quote
    text = doc.text
    # a commune or district the topic does not name in the answer's clause is a local detail, even
    # in a sentence on the topic's own model ("Huyện ủy X luân chuyển 9 đồng chí …")
    local = is_local_detail(answer_clause(fact), topic) and not units_share(fact)
    national = nationwide(quote)  # "… cấp huyện trong cả nước từ ngày 1 tháng 7 năm 2025" is no place's history
    if local or off_topic_place(f"{doc.title}\n{quote}", topic) or (place_page(doc.title, topic) and not national):
        return False
    if fact.kind == "date" and place_page(doc.title, "") and not national:
        return False  # an encyclopedia's page on a place tells its history in its own words
    if is_history(fact):
        return False
    if fact.kind == "number":
        unit = fact.unit.rstrip("/-")
        scoped = names_national_body(quote) or bool(provinces_in(quote)) or bool(local_places(quote))
        return (
            scoped
            and unit not in DURATION_UNITS
            and not bound_before(text, fact.answer_start)
            and not place_measure(text, fact.answer_start)
        )
    if fact.kind == "docnum":
        return is_national_doc(fact.answer) and not replaced(text, fact.answer_start) and not superseded(fact)
    if fact.kind == "body":
        # "…/NQ-UBTVQH15" in the stem names the body; "Nghị định của _____" can only be the Chính phủ
        return not class_told(quote, fact.unit) and not issuer_implied(text, fact.answer_start, fact.answer_end)
    year = fact_year(fact)
    recent = year is None or year >= newest_year(text) - HISTORY_YEARS
    return (
        recent
        and names_national_body(quote)
        and not dates_local_document(text, fact.answer_start)
        and not reporting_deadline(text, fact.answer_start)
    )


# A year, not the number of a document ("Nghị quyết số 1654/NQ-UBTVQH15": 1654 is no year, and
# a sentence citing it tells no history); the year inside "202/2025/QH15" is one.
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)(?![/-][^\W\d_])")


def fact_year(fact: Fact) -> int | None:
    """The year of a date fact: its own, or the one written right after it ("ngày 9 tháng 9 năm 1891")."""
    if fact.value[:4].isdigit():
        return int(fact.value[:4])
    after = _YEAR.search(fact.sentence.document.text[fact.answer_end : fact.answer_end + 12])
    return int(after.group()) if after else None


def newest_year(text: str) -> int:
    """The latest year the text mentions (0 when none)."""
    return max((int(y) for y in _YEAR.findall(text)), default=0)


def dates_local_document(text: str, start: int) -> bool:
    """The date at `start` follows a local document's number ("Đề án số 02-ĐA/TU ngày 28-9-2018")."""
    before = text[max(0, start - DATE_OWNER_CHARS) : start]
    numbers = [s for s in typed_spans(before) if s.kind == "docnum"]
    return bool(numbers) and not is_national_doc(before[numbers[-1].start : numbers[-1].end])


def reporting_deadline(text: str, start: int) -> bool:
    """The date at `start` is when a report is due ("… báo cáo Bộ Chính trị ngày 15/01/2025")."""
    words = _padded(text[max(0, start - 80) : start]).split()[-REPORTING_WORDS:]
    window = f" {' '.join(words)} "
    return any(f" {cue} " in window for cue in REPORTING_CUES)


def worth(fact: Fact, documents: int, share: float = 0.0) -> float:
    """Orders askable facts by how central they are: the sentence's relevance (its own share of the
    topic, its passage's and document's), the share of the topic its quote holds
    (`topicality.quote_share`), a national body deciding it, and how many documents state the same
    value (a fact several sources agree on is what a course teaches)."""
    score = fact.sentence.relevance + SHARE_WEIGHT * share
    if names_national_body(fact.quote):
        score += NATIONAL_BONUS
    return score + SUPPORT_BONUS * min(max(documents - 1, 0), MAX_SUPPORT)
