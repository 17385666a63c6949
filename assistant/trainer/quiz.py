"""A quiz on a topic: multiple-choice and fill-in-the-blank items built from facts of the pool.

Each item blanks one fact (a number with what it counts, a date, a document number) in the
sentence or clause that states it; the answer is that text, verbatim, and the cited quote is the
sentence. What is asked and how, in order:
- `worth.askable`: only facts a trainer would teach (national decisions and their dates,
  provincial figures; no local detail, estimate, duration, history, replaced document, vote share
  or reporting deadline), in a quote that is itself about the topic (`topicality.on_topic`), best
  first by `worth.worth` (which counts the quote's share of the topic);
- `stems`: a stem says what it is about (no crawled prefix, lead-in, question or headline keywords;
  "Theo đó …" is told which document it follows, or refused) and is a whole statement
  (`whole_statement`: no preamble line, wrapped-line or list-item fragment, clause cut from the
  middle of a sentence); titles are shown without a site's legend (`titles`);
- options: three believable wrong ones of the answer's type (`distractors`), else a cloze for a
  date or document number with the format the answer takes, else no item;
- one item per sentence, no two on the same fact or on sentences saying the same thing, at most
  `MAX_PER_TEMPLATE` of one sentence template (`MAX_PER_TEMPLATE_SHORT` when the quiz is short otherwise), none answerable from its own stem, the topic or
  another item's question (`gives_away`). Fewer than asked is fine: the message says so.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import replace

from assistant.trainer.brief import NOT_COVERED
from assistant.trainer.cite import cite, item_id, sources_of
from assistant.trainer.consensus import Consensus
from assistant.trainer.dates import dates_in
from assistant.trainer.dedupe import Seen, similar
from assistant.trainer.distractors import WANTED, OptionPool, distractors
from assistant.trainer.facts import Fact, facts_of
from assistant.trainer.fairness import computable, is_fair, reports_hearsay
from assistant.trainer.schemas import QuizItem, QuizResponse
from assistant.trainer.stems import (
    adverbial_opening,
    asks,
    dangling,
    follows_lead_in,
    headline_prefix,
    label,
    lead_in,
    lists_after_blank,
    names_the_counted,
    numbered_item,
    points_elsewhere,
    preamble,
    purpose_fragment,
    reference,
    restates_title,
    starts_mid_sentence,
)
from assistant.trainer.titles import without_legends
from assistant.trainer.topicality import on_topic, quote_share
from assistant.trainer.topic import (
    MIN_SENTENCE_SHARE,
    Sentence,
    SpanCache,
    TopicPool,
    document_sentences,
    neighbourhood,
    text_keys,
)
from assistant.trainer.worth import askable, worth
from ingest.normalize import folded_key

BLANK = "_____"
# ", bao gồm" before " gồm": cut inside "bao gồm", a clause ended in a dangling "bao"
BREAKDOWN_MARKS = (", bao gồm", " bao gồm", ", gồm", " gồm", " (", ", trong đó", "; trong đó")
LEAD_IN_MARKS = (*BREAKDOWN_MARKS, ", cụ thể", " cụ thể", " như sau", " sau đây")
MIN_CLAUSE_CHARS = 40
SAME_TEMPLATE_JACCARD = 0.4  # sentences this alike are one template ("Sau khi sắp xếp, tỉnh X có N …")
MAX_PER_TEMPLATE = 2
MAX_PER_TEMPLATE_SHORT = 4  # … when the quiz is short of items otherwise ("Sau khi sắp xếp, tỉnh X có N xã")
MIN_RELEVANCE = 0.2
MAX_TITLE_WORDS = 30
HEADING_WORDS = 12  # a heading before a colon that a quote may leave out ("Nhiệm vụ, quyền hạn của Chủ tịch HĐND cấp xã:")
MIN_LIST_ITEM_WORDS = 15  # a list item this long states its own subject ("(4) Giải quyết chế độ … theo quy định của …")
FEWER = "Chỉ có {found} câu hỏi đạt yêu cầu (dữ kiện quan trọng, rõ ngữ cảnh, phương án nhiễu hợp lý) trong {wanted} câu được yêu cầu."
NONE_FOUND = "Các tài liệu về chủ đề này không có dữ kiện (số liệu, ngày tháng, số hiệu văn bản…) đủ quan trọng và rõ ràng để đặt câu hỏi."


def _folded(text: str) -> str:
    return " " + " ".join(folded_key(text).split()) + " "


def answer_in(text: str, answer: str) -> bool:
    """Whether `answer` is written in `text` (folded, as a whole token run)."""
    key = " ".join(folded_key(answer).split())
    return re.search(rf"(?<![\w.,/-]){re.escape(key)}(?![\w/]|[.,]\d)", _folded(text)) is not None


_DOC_CORE = re.compile(r"^0*(\d{2,})(?=[/-])")


def reveals(text: str, answer: str, kind: str) -> bool:
    """Whether `text` gives the answer away: writes it, or (a document number) writes its own
    number ("Nghị quyết 202" for "202/2025/QH15"; the suffix is told by the format hint), or (a
    date) writes the same day another way."""
    if answer_in(text, answer):
        return True
    if kind == "number" and _whole_of_share(text, answer):
        return True
    if kind == "date":  # "1/1/2026" in a title tells "01/1/2026"
        day = dates_in(answer)
        return bool(day) and day[0].precision == "day" and any(d.iso == day[0].iso and d.precision == "day" for d in dates_in(text))
    core = _DOC_CORE.match(answer.strip()) if kind == "docnum" else None
    return core is not None and re.search(rf"(?<![\w.,/-])0*{core.group(1)}(?![\w]|[.,]\d)", text) is not None


_MONTH_YEAR = re.compile(r"0?[1-9]/(19|20)\d\d|1[0-2]/(19|20)\d\d")


def _whole_of_share(text: str, answer: str) -> bool:
    """`answer` is the whole of a share `text` writes ("96/126 xã" tells "126"; "6/2025" is a month)."""
    key = " ".join(folded_key(answer).split())
    folded = _folded(text)
    return any(
        not _MONTH_YEAR.fullmatch(m.group(0))
        for m in re.finditer(rf"(?<![\w.,/-])\d+/{re.escape(key)}(?![\w/]|[.,]\d)", folded)
    )


def stem_of(fact: Fact) -> str:
    quote = fact.quote
    a, b = fact.answer_start - fact.start, fact.answer_end - fact.start
    stem = " ".join((quote[:a] + BLANK + quote[b:]).split())
    cut = fact.end < fact.sentence.end and not stem.endswith((".", ";", "!", "?", "…"))
    return stem + " …" if cut else stem


HEADING_RESTATED = 0.75  # share of a heading's words the statement after it repeats


def restated(heading: str, statement: str) -> bool:
    """The statement after a colon repeats most of the words before it: the part before is a
    heading ("Nhiệm vụ, quyền hạn của Chủ tịch HĐND cấp xã: Luật … quy định … Chủ tịch HĐND cấp
    xã"), not a clause whose source or subject the statement needs ("Theo Bộ Nội vụ, …: …")."""
    keys = text_keys(heading)
    return bool(keys) and len(keys & text_keys(statement)) / len(keys) >= HEADING_RESTATED


def without_prefix(fact: Fact) -> Fact:
    """A quote opening with a crawled list's prefix ("Tuyên Quang: Tại Nghị quyết …") or a heading
    ("Nhiệm vụ, quyền hạn của Ủy ban nhân dân cấp xã: Luật … quy định …") starts after it when the
    answer is past the colon and a statement of its own follows; otherwise it stays (and is refused)."""
    quote = fact.quote
    head, colon, rest = quote.partition(":")
    start = fact.start + len(head) + len(colon) + (len(rest) - len(rest.lstrip()))
    prefix = headline_prefix(quote) or (label(head + colon, HEADING_WORDS) and restated(head, rest))
    if colon and prefix and start <= fact.answer_start and rest.strip()[:1].isupper():
        return replace(fact, start=start)
    return fact


def without_breakdown(fact: Fact, marks: tuple[str, ...] = BREAKDOWN_MARKS) -> Fact | None:
    """A number whose parts the sentence goes on to list ("có _____ đơn vị, gồm 61 xã và 4
    phường") asked on the clause before the parts: the quote ends at the break after the answer."""
    quote = fact.quote
    after = fact.answer_end - fact.start
    breaks = [i for i in (quote.find(mark, after) for mark in marks) if i > 0]
    if not breaks:
        return None
    end = fact.start + min(breaks)
    return replace(fact, end=end) if end - fact.start >= MIN_CLAUSE_CHARS else None


def format_hint(kind: str, answer: str) -> str:
    """What a fill-in-the-blank answer looks like, digits left out ("…/NQ-UBTVQH15", "ngày … tháng … năm …")."""
    if kind == "docnum":
        return f"số hiệu văn bản, ghi đủ số và ký hiệu, dạng «{re.sub(r'^[0-9]+', '…', answer)}»"
    return f"một ngày, ghi dạng «{re.sub(r'[0-9]+', '…', answer)}»"


def shown_title(title: str) -> str | None:
    """The title as a learner should see it: a crawled sentence cut short or opening with a list
    prefix ("An Giang: Tại Nghị quyết …") is no title; a long official title keeps its name part."""
    title = without_legends(title)  # "Công văn 10988/BNV-CQĐP: : Sửa đổi, thay thế, hủy bỏ"
    if not title or title.endswith(("…", "...")):
        return None
    if len(title.split()) > MAX_TITLE_WORDS:
        head = title.partition(":")[0].strip()
        return head if head != title and len(head.split()) <= MAX_TITLE_WORDS else None
    return title


def _context(fact: Fact, earlier: list[QuizItem] | None = None) -> str:
    """Where the fact is told: the document's title and date, each left out if it holds the answer
    (or an earlier item's: "Hà Nội: Xây dựng 126 phương án …" beside an item asking 126)."""
    doc = fact.sentence.document
    when = f" ({doc.published})" if doc.published and not answer_in(doc.published, fact.answer) else ""
    title = shown_title(doc.title)
    told = any(o.answer_type != "body" and reveals(title, with_unit(o), o.answer_type) for o in earlier or []) if title else False
    if title and not told and not reveals(title, fact.answer, fact.kind):
        return f"Theo tài liệu «{title}»{when}"
    return f"Theo một tài liệu{when}"


def whole_statement(fact: Fact, stem: str) -> bool:
    """The stem is a statement of its own: it starts where its sentence starts (not after a wrapped
    line's break or the start of a long sentence's clause), is no preamble line, points at no text
    it does not show, and is not a count or a short item of a list whose lead-in it does not show."""
    text, start = fact.sentence.document.text, fact.sentence.start
    if fact.start > start and not (headline_prefix(text[start : fact.start]) or label(text[start : fact.start], HEADING_WORDS)):
        return False  # a clause of a long sentence: its subject is in the part left out
    if follows_lead_in(text, start) and (fact.kind == "number" or len(stem.split()) < MIN_LIST_ITEM_WORDS):
        return False  # a count or a short item of a list: its subject is in the lead-in
    return not (preamble(stem) or points_elsewhere(stem) or starts_mid_sentence(text, start))


def _referent(fact: Fact, stem: str) -> str | None:
    """"" for a stem that says what it is about, the document a dangling opening ("Theo đó")
    refers to, or None when the stem cannot be made clear."""
    if headline_prefix(stem) or lead_in(stem) or asks(stem) or numbered_item(stem) or purpose_fragment(stem):
        return None
    if restates_title(fact.sentence.text, fact.sentence.document.title):
        return None
    if not whole_statement(fact, stem):
        return None
    if not dangling(fact.quote):
        return ""
    return reference(fact.sentence.document, fact.sentence.start)


def _shuffled(options: list[str], seed: str) -> list[str]:
    """A fixed order that does not put the answer in the same place every time."""
    return sorted(options, key=lambda o: hashlib.blake2b(f"{seed}|{o}".encode("utf-8"), digest_size=4).digest())


def _difficulty(kind: str, from_corpus: bool) -> str:
    if kind == "cloze":
        return "khó"
    return "trung bình" if from_corpus else "dễ"


def quiz_sentences(pool: TopicPool, spans: SpanCache | None = None) -> list[Sentence]:
    """The pool's sentences and their neighbourhood (other sentences of the key documents on the
    topic), best first."""
    merged = pool.sentences + neighbourhood(pool, spans)
    return sorted(merged, key=lambda s: (-s.relevance, s.document.doc_id, s.start))


def build_quiz(pool: TopicPool, n: int, spans: SpanCache | None = None) -> QuizResponse:
    """Up to `n` fair items on the pool's facts (see the module's docstring)."""
    if not pool.covered:
        return QuizResponse(topic=pool.topic, items=[], sources=[], message=NOT_COVERED)
    sentences = quiz_sentences(pool, spans)
    options = OptionPool(sentences)
    consensus = Consensus(document_sentences(pool, spans))  # every statement of the documents
    by_kind: dict[str, list[Fact]] = defaultdict(list)
    for sentence in sentences:  # best first
        if sentence.relevance < MIN_RELEVANCE or sentence.own < MIN_SENTENCE_SHARE:
            continue
        facts = facts_of(sentence)
        if any(consensus.contested(fact) for fact in facts):
            continue  # a sentence another source contradicts is shown in no stem
        for fact in facts:
            if (
                askable(fact, pool.topic)
                and on_topic(fact.quote, fact.sentence.document.title, pool.topic, pool.weights)
                and not consensus.changes_over_time(fact)
            ):
                by_kind[fact.kind].append(fact)
    scores = {
        id(f): worth(f, consensus.documents(f.kind, f.value), quote_share(f.quote, f.sentence.document.title, pool.topic, pool.weights))
        for facts in by_kind.values()
        for f in facts
    }
    for facts in by_kind.values():
        facts.sort(key=lambda f: -scores[id(f)])  # stable: equal worth keeps the pool's order
    kinds = sorted(by_kind, key=lambda k: -scores[id(by_kind[k][0])])
    items: list[QuizItem] = []
    used_facts: set[tuple[str, str]] = set()
    used_sentences: set[tuple[str, int]] = set()
    seen = Seen(by_numbers=True)
    templates: list[frozenset[str]] = []
    for limit in (MAX_PER_TEMPLATE, MAX_PER_TEMPLATE_SHORT):  # more of one template only when short
        cursor = {kind: 0 for kind in kinds}
        while len(items) < n and any(cursor[k] < len(by_kind[k]) for k in kinds):
            for kind in kinds:
                if len(items) >= n:
                    break
                while cursor[kind] < len(by_kind[kind]):
                    fact = by_kind[kind][cursor[kind]]
                    cursor[kind] += 1
                    item = _item(fact, options, len(items), used_facts, used_sentences, seen, items)
                    keys = template_keys(item.citation.quote) if item is not None else frozenset()
                    if item is None or gives_away(item, items, pool.topic) or not template_free(keys, templates, limit):
                        continue  # nothing is recorded for a refused item: its sentence may serve another fact
                    items.append(item)
                    templates.append(keys)
                    seen.add(fact.sentence.keys)
                    used_sentences.add((fact.sentence.document.doc_id, fact.sentence.start))
                    used_facts.add((fact.kind, fact.value))
                    break
    message = None if len(items) >= n else FEWER.format(found=len(items), wanted=n) if items else NONE_FOUND
    docs = {item.citation.doc_id for item in items}
    sources = sources_of(s.document for s in sentences if s.document.doc_id in docs)
    return QuizResponse(topic=pool.topic, items=items, sources=sources, message=message)


DISTINCT_DIGITS = 3  # a number this long gives itself away wherever another item writes it


def with_unit(item: QuizItem) -> str:
    """A number answer with the word after it in its quote ("9 tỉnh"): what another item must
    write to give it away ("Kỳ họp thứ 9" does not); a number of `DISTINCT_DIGITS` digits or more
    ("126", even in a title's "126 phương án") and other answers as they are."""
    quote = item.citation.quote
    at = quote.find(item.answer)
    digits = sum(c.isdigit() for c in item.answer)
    if item.answer_type != "number" or at < 0 or digits >= DISTINCT_DIGITS:
        return item.answer
    after = re.match(r"\s+([^\W\d_]+)", quote[at + len(item.answer) :])
    return f"{item.answer} {after.group(1)}" if after else item.answer


def gives_away(item: QuizItem, earlier: list[QuizItem], topic: str = "") -> bool:
    """The topic names the answer, or the item and an earlier one of the quiz answer each other:
    one's answer (a number with what it counts) is written in the other's question, or both have
    the same answer. (A wrong option of one that is the other's answer gives nothing away: it is
    one of four.)"""
    if topic and reveals(topic, item.answer, item.answer_type):
        return True  # "Nghị quyết 18" names "18-NQ/TW"
    for other in earlier:
        if answers_each_other(item, other):
            return True
    return False


def answers_each_other(item: QuizItem, other: QuizItem) -> bool:
    """One item's answer is written in the other's question, or both have the same answer. A body
    (who decided) is no fact of its own: "Quốc hội" in another stem does not say it decided this
    item's document, and two of its decisions are two facts."""
    def shows(a: QuizItem, b: QuizItem) -> bool:
        return a.answer_type != "body" and reveals(b.question, with_unit(a), a.answer_type)

    same = " ".join(folded_key(item.answer).split()) == " ".join(folded_key(other.answer).split())
    return (same and item.answer_type != "body") or shows(item, other) or shows(other, item)


def template_keys(quote: str) -> frozenset[str]:
    """The words of a quote without its numbers: what sentences of one template share."""
    return frozenset(k for k in text_keys(quote) if not k[:1].isdigit())


def template_free(keys: frozenset[str], kept: list[frozenset[str]], limit: int = 0) -> bool:
    """Fewer than `limit` (`MAX_PER_TEMPLATE`) kept items come from sentences shaped like this one."""
    return sum(1 for other in kept if similar(keys, other, SAME_TEMPLATE_JACCARD)) < (limit or MAX_PER_TEMPLATE)


def _item(
    fact: Fact,
    options: OptionPool,
    position: int,
    used_facts: set[tuple[str, str]],
    used_sentences: set[tuple[str, int]],
    seen: Seen,
    earlier: list[QuizItem] | None = None,
) -> QuizItem | None:
    doc = fact.sentence.document
    where = (doc.doc_id, fact.sentence.start)
    identity = (fact.kind, fact.value)
    if where in used_sentences or identity in used_facts:
        return None
    if reports_hearsay(fact.sentence.text):
        return None  # the whole sentence: the clause quoted may leave the denial out
    fact = without_prefix(fact)
    stem = stem_of(fact)
    if lead_in(stem):  # "… quy định 09 nhóm nhiệm vụ của UBND xã, gồm:" is asked on the clause before its list
        shorter = without_breakdown(fact, LEAD_IN_MARKS)
        if shorter is not None and not lead_in(stem_of(shorter)) and not adverbial_opening(stem_of(shorter)):
            fact, stem = shorter, stem_of(shorter)
    if reveals(stem, fact.answer, fact.kind):
        return None  # the answer is written elsewhere in the stem
    referent = _referent(fact, stem)
    if referent is None:
        return None
    wrong, from_corpus = distractors(fact, options, wanted=2 * WANTED)
    context = _context(fact, earlier)
    if referent:
        context += f" (câu trích nói về {referent})"
    wrong = [w for w in wrong if not answer_in(f"{context} {stem}", w)][:WANTED]
    with_options = len(wrong) >= WANTED
    if fact.kind == "number" and computable(stem, fact.answer):
        shorter = without_breakdown(fact)
        if shorter is None:
            return None
        fact, stem = shorter, stem_of(shorter)
    if fact.kind == "number" and (lists_after_blank(stem, fact.answer) or names_the_counted(stem, fact.answer)):
        return None
    if not is_fair(fact.kind, stem, doc.title, fact.answer, with_options):
        return None
    kind = "mcq" if with_options else "cloze"  # options whenever three believable ones exist
    if seen.holds(fact.sentence.keys):
        return None
    citation = cite(position + 1, doc, fact.sentence, fact.start, fact.end)
    if citation is None or fact.answer not in citation.quote:
        return None
    citation = citation.model_copy(update={"title": without_legends(citation.title)})
    if kind == "mcq":
        question = f"{context}, chọn phương án đúng điền vào chỗ trống: «{stem}»"
        choices = _shuffled([fact.answer, *wrong[:3]], fact.value)
    else:
        question = f"{context}, điền vào chỗ trống ({format_hint(fact.kind, fact.answer)}): «{stem}»"
        choices = []
    if reveals(question, fact.answer, fact.kind):
        return None
    when = f", {doc.published}" if doc.published else ""
    explanation = f"Đáp án: {fact.answer}. Nguồn: «{without_legends(doc.title)}»{when} viết: «{citation.quote}»"
    return QuizItem(
        id=item_id("q", doc.doc_id, fact.answer_start, fact.answer_end),
        kind=kind,
        question=question,
        options=choices,
        answer=fact.answer,
        answer_type=fact.kind,
        explanation=explanation,
        difficulty=_difficulty(kind, from_corpus),
        citation=citation,
    )
