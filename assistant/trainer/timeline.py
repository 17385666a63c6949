"""A topic timeline: the pool's dated sentences in chronological order, one event per sentence.

The event's date is the first date the sentence states (`trainer.dates`): written dates in any
form, months, and — only when the document's publication date is known — days without a year
and words like "sáng nay". The same fact told by two documents is one event.
"""

from __future__ import annotations

from assistant.trainer.brief import NOT_COVERED
from assistant.trainer.cite import cite, item_id, sources_of
from assistant.trainer.dates import dates_in
from assistant.trainer.dedupe import Seen
from assistant.trainer.schemas import TimelineEvent, TimelineResponse
from assistant.trainer.topic import TopicPool

MAX_EVENTS = 30


def build_timeline(pool: TopicPool, limit: int = MAX_EVENTS) -> TimelineResponse:
    if not pool.covered:
        return TimelineResponse(topic=pool.topic, events=[], sources=[], message=NOT_COVERED)
    chosen = []
    seen = Seen()
    # every pool sentence is on the topic or in a document on it: a dated one is an event
    for sentence in pool.sentences:  # best first: the most relevant events are kept when there are many
        found = dates_in(sentence.text, sentence.document.published)
        if not found or not seen.add(sentence.keys):
            continue
        chosen.append((found[0], sentence))
        if len(chosen) >= limit:
            break
    chosen.sort(key=lambda item: (item[0].iso, item[1].document.published or "", item[1].document.doc_id, item[1].start))
    events = []
    for n, (day, sentence) in enumerate(chosen, 1):
        citation = cite(n, sentence.document, sentence)
        if citation is None:
            continue
        events.append(
            TimelineEvent(
                id=item_id("e", sentence.document.doc_id, sentence.start, sentence.end),
                date=day.iso,
                precision=day.precision,
                date_text=sentence.text[day.start : day.end],
                resolved=day.resolved,
                text=citation.quote,
                citation=citation,
            )
        )
    message = None if events else "Không tìm thấy sự kiện có ngày tháng nào về chủ đề này trong các tài liệu."
    return TimelineResponse(
        topic=pool.topic, events=events, sources=sources_of(sentence.document for _, sentence in chosen), message=message
    )
