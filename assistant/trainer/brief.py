"""A topic brief: the pool's best sentences sorted into the sections a briefing reads in.

A sentence goes to the section whose cue words (`vocabulary.SECTIONS`) it holds most; a document
number counts for "decisions", a figure for "targets", a full date for "timeline", a place with a
figure for "results". Sentences with no cue but high relevance open the brief ("Tổng quan").
Only sections holding a point appear. No two points say the same thing (`dedupe`), and within a
section points are in the order of their documents' dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.spans import kinds_in, typed_spans
from assistant.trainer.cite import cite, highlights, item_id, sources_of
from assistant.trainer.dedupe import Seen
from assistant.trainer.facts import facts_of
from assistant.trainer.schemas import BriefPoint, BriefResponse, BriefSection
from assistant.trainer.topic import MIN_SENTENCE_SHARE, Sentence, TopicPool
from assistant.trainer.vocabulary import SECTIONS, STRONG_SECTIONS
from ingest.normalize import folded_key

MAX_POINTS = 6
MAX_OVERVIEW = 4
MIN_RELEVANCE = 0.25  # below this a sentence is about something else, whatever its section
NOT_COVERED = "Các tài liệu đã lập chỉ mục không nói về chủ đề này; không có nội dung nào được tạo."


@dataclass(slots=True)
class Placed:
    sentence: Sentence
    section: str
    strength: float


def _padded(text: str) -> str:
    return " " + " ".join(folded_key(text).split()) + " "


def section_of(text: str) -> tuple[str, float]:
    """The section a sentence belongs to and how strongly (0 = no cue: overview)."""
    folded = _padded(text)
    kinds = kinds_in(text)
    scores: dict[str, float] = {}
    for key, _, cues in SECTIONS:
        hits = sum(1 for cue in cues if f" {cue} " in folded)
        scores[key] = hits * (2.5 if key in STRONG_SECTIONS else 1.0)
    if "docnum" in kinds:
        scores["decisions"] += 1.5
    if "number" in kinds:
        scores["targets"] += 1.0
        if "place" in kinds:
            scores["results"] += 1.0
    if "date" in kinds:
        scores["timeline"] += 1.0
    best = max(scores, key=lambda k: scores[k])
    return (best, scores[best]) if scores[best] > 0 else ("overview", 0.0)


MAX_PEOPLE = 3  # a sentence naming more people is a list of who attended, not a point


def says_something(sentence: Sentence) -> bool:
    """A question says nothing; nor does a list of people present, nor the opening of a list
    ("… như sau:") unless it states a fact."""
    text = sentence.text.rstrip()
    if text.endswith("?") or sum(1 for s in typed_spans(text) if s.kind == "person") >= MAX_PEOPLE:
        return False
    return not text.endswith(":") or bool(facts_of(sentence))


def build_brief(pool: TopicPool) -> BriefResponse:
    """The brief of a gathered topic (empty sections and a message when the topic is not covered)."""
    if not pool.covered:
        return BriefResponse(topic=pool.topic, sections=[], sources=[], message=NOT_COVERED)
    by_section: dict[str, list[Sentence]] = {key: [] for key, _, _ in SECTIONS}
    seen = Seen()
    for sentence in pool.sentences:  # best first
        if sentence.relevance < MIN_RELEVANCE or sentence.own < MIN_SENTENCE_SHARE:
            continue
        if not says_something(sentence):
            continue
        key, _ = section_of(sentence.text)
        limit = MAX_OVERVIEW if key == "overview" else MAX_POINTS
        if len(by_section[key]) >= limit or not seen.add(sentence.keys):
            continue
        by_section[key].append(sentence)
    sections: list[BriefSection] = []
    used = []
    n = 0
    for key, heading, _ in SECTIONS:
        chosen = sorted(by_section[key], key=lambda s: (s.document.published or "9999-99-99", s.document.doc_id, s.start))
        points = []
        for sentence in chosen:
            citation = cite(n + 1, sentence.document, sentence)
            if citation is None:
                continue
            n += 1
            used.append(sentence.document)
            points.append(
                BriefPoint(
                    id=item_id("p", sentence.document.doc_id, sentence.start, sentence.end),
                    text=citation.quote,
                    highlights=highlights(citation.quote),
                    citation=citation,
                )
            )
        if points:
            sections.append(BriefSection(key=key, heading=heading, points=points))
    if not sections:
        return BriefResponse(topic=pool.topic, sections=[], sources=[], message=NOT_COVERED)
    return BriefResponse(topic=pool.topic, sections=sections, sources=sources_of(used))
