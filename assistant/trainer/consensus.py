"""What the topic's documents agree on: how central a fact is, and whether two sources contradict it.

A fact is *central* when several documents state its value (a national decision's number, the
day a reform takes effect), and *contested* when another sentence says something else in the
same place: it names the same documents and provinces (its *anchors*; a sentence naming none,
"Các Nghị quyết trên có hiệu lực …", speaks of those its document names), has the same two words
right before the value (its *slot*) or the same event a few words before it ("hiệu lực", "thông
qua": `EVENT_PHRASES`), the same kind and unit, and a different value, without stating the
fact's own value. A blind reviewer judged an
item unfair when its source gave an effective date that an official summary contradicted: a
contested fact is not asked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.answering.spans import typed_spans
from assistant.trainer.facts import Fact, facts_of
from assistant.trainer.topic import Sentence
from assistant.trainer.vocabulary import EVENT_PHRASES
from assistant.trainer.worth import provinces_in
from ingest.normalize import folded_key

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
SLOT_WORDS = 2
AFTER_WORDS = 6  # words after a value that say what it is of ("đơn vị hành chính cấp xã")
EVENT_WORDS = 12  # words before a value in which its event is looked for
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def slot(text: str, start: int) -> tuple[str, ...]:
    """The `SLOT_WORDS` folded words right before offset `start` of `text` (digits included)."""
    return tuple(folded_key(w) for w in _WORD.findall(text[max(0, start - 60) : start])[-SLOT_WORDS:])


def events(text: str, start: int) -> frozenset[str]:
    """The event phrases of the `EVENT_WORDS` words before offset `start` of `text`."""
    window = " " + " ".join(folded_key(w) for w in _WORD.findall(text[max(0, start - 80) : start])[-EVENT_WORDS:]) + " "
    return frozenset(e for e in EVENT_PHRASES if f" {e} " in window)


def names_in(text: str, skip: tuple[int, int] = (-1, -1)) -> frozenset[str]:
    """The document numbers (folded; the one at `skip` left out) and provinces `text` names."""
    found = {
        " ".join(folded_key(text[s.start : s.end]).split())
        for s in typed_spans(text)
        if s.kind == "docnum" and not (s.start <= skip[0] < s.end)
    }
    found.update(provinces_in(text))
    return frozenset(found)


def anchors(fact: Fact) -> frozenset[str]:
    """The document numbers (other than the answer) and provinces the fact's quote names."""
    offset = fact.answer_start - fact.start
    return names_in(fact.quote, (offset, offset + 1))


def same_time(a: str, b: str) -> bool:
    """Two ISO dates at most a year apart: dates decades apart are different events."""
    return a[:4].isdigit() and b[:4].isdigit() and abs(int(a[:4]) - int(b[:4])) <= 1


@dataclass(frozen=True, slots=True)
class _Statement:
    anchors: frozenset[str]  # what the sentence names
    document: frozenset[str]  # what its document names
    value: str
    values: frozenset[str]  # every value of this kind its sentence states


class Consensus:
    """The typed values the sentences state, by kind and slot or event, and by value."""

    def __init__(self, sentences: Iterable[Sentence]) -> None:
        self._by_slot: dict[tuple[str, ...], list[_Statement]] = defaultdict(list)
        self._by_event: dict[str, list[_Statement]] = defaultdict(list)
        self._documents: dict[tuple[str, str], set[str]] = defaultdict(set)
        # (document, the words after the count, what its sentence names) → (value, sentence start)
        self._counts: dict[tuple[str, tuple[str, ...], frozenset[str]], set[tuple[str, int]]] = defaultdict(set)
        document_names: dict[str, frozenset[str]] = {}
        seen: set[tuple[str, int]] = set()
        for sentence in sentences:
            doc = sentence.document
            if (doc.doc_id, sentence.start) in seen:
                continue
            seen.add((doc.doc_id, sentence.start))
            if doc.doc_id not in document_names:
                document_names[doc.doc_id] = names_in(doc.text)
            facts = facts_of(sentence)
            for fact in facts:
                values = frozenset(f.value for f in facts if f.kind == fact.kind)
                statement = _Statement(anchors(fact), document_names[doc.doc_id], fact.value, values)
                self._by_slot[self._key(fact)].append(statement)
                if fact.kind == "date":
                    for event in self._events(fact):
                        self._by_event[event].append(statement)
                self._documents[(fact.kind, fact.value)].add(doc.doc_id)
                if fact.kind == "number":
                    self._counts[(doc.doc_id, self._counted(fact), statement.anchors)].add((fact.value, sentence.start))

    @staticmethod
    def _key(fact: Fact) -> tuple[str, ...]:
        """Kind, unit, the words before the value and the words after it, in its sentence."""
        sentence = fact.sentence.text
        start, end = fact.answer_start - fact.sentence.start, fact.answer_end - fact.sentence.start
        after = tuple(folded_key(w) for w in _WORD.findall(sentence[end : end + 60])[:AFTER_WORDS])
        unit = "" if fact.kind == "date" else fact.unit  # a date written another way is the same slot
        return (fact.kind, unit, *slot(sentence, start), "|", *after)

    @staticmethod
    def _events(fact: Fact) -> frozenset[str]:
        return events(fact.sentence.text, fact.answer_start - fact.sentence.start)

    def documents(self, kind: str, value: str) -> int:
        """How many documents state this value (of this kind)."""
        return len(self._documents.get((kind, value), ()))

    def changes_over_time(self, fact: Fact) -> bool:
        """An undated count its own document gives other values for, of the same unit and naming
        the same places ("Tỉnh X có 9 đơn vị hành chính cấp huyện" in a page that also says 6, then
        8): the stem cannot say which time it asks about, a blind reviewer found."""
        if fact.kind != "number" or _YEAR.search(fact.quote):
            return False
        mine = anchors(fact)
        counts = self._counts.get((fact.sentence.document.doc_id, self._counted(fact), mine), set())
        return bool(mine) and any(value != fact.value and start != fact.sentence.start for value, start in counts)

    @staticmethod
    def _counted(fact: Fact) -> tuple[str, ...]:
        """What a count counts: the words right after it ("đơn vị hành chính cấp huyện")."""
        end = fact.answer_end - fact.sentence.start
        return tuple(folded_key(w) for w in _WORD.findall(fact.sentence.text[end : end + 60])[:AFTER_WORDS])

    def contested(self, fact: Fact) -> bool:
        """Another sentence names what this one names and states another value, not this one, in
        the same words (its slot), or (a date) of the same event; a sentence naming nothing
        speaks, for an event, of what its document names."""
        mine = anchors(fact)
        if not mine:
            return False  # nothing tells that two sentences speak of the same thing

        def differs(other: _Statement) -> bool:
            return other.value != fact.value and fact.value not in other.values

        if any(differs(o) and o.anchors == mine for o in self._by_slot.get(self._key(fact), ())):
            return True
        if fact.kind != "date":
            return False
        return any(
            differs(o)
            and same_time(o.value, fact.value)
            and (o.anchors == mine or (not o.anchors and mine <= o.document))
            for event in self._events(fact)
            for o in self._by_event.get(event, ())
        )
