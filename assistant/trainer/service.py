"""`Trainer`: the one entry point of the trainer tools, shared by the API routes and the CLI."""

from __future__ import annotations

from typing import Any

from assistant.trainer.brief import build_brief
from assistant.trainer.quiz import build_quiz
from assistant.trainer.schemas import BriefResponse, QuizResponse, TimelineResponse
from assistant.trainer.timeline import build_timeline
from assistant.trainer.topic import SpanCache, TopicPool, gather
from vectorstore.results import SearchFilters


class Trainer:
    """Brief, timeline and quiz of a topic over a store and its retriever (both already open)."""

    def __init__(self, store: Any, retriever: Any, spans: SpanCache | None = None) -> None:
        self.store = store
        self.retriever = retriever
        self.spans = spans or SpanCache()

    def pool(self, topic: str, filters: SearchFilters | None = None) -> TopicPool:
        return gather(topic, self.store, self.retriever, filters, self.spans)

    def brief(self, topic: str, filters: SearchFilters | None = None) -> BriefResponse:
        return build_brief(self.pool(topic, filters))

    def timeline(self, topic: str, filters: SearchFilters | None = None) -> TimelineResponse:
        return build_timeline(self.pool(topic, filters))

    def quiz(self, topic: str, n: int = 10, filters: SearchFilters | None = None) -> QuizResponse:
        return build_quiz(self.pool(topic, filters), n, self.spans)


def without(response: Any, exclude: set[str]) -> Any:
    """A copy of a brief, timeline or quiz without the points, events or items whose id is excluded."""
    if not exclude:
        return response
    if isinstance(response, BriefResponse):
        sections = []
        for section in response.sections:
            points = [p for p in section.points if p.id not in exclude]
            if points:
                sections.append(section.model_copy(update={"points": points}))
        return response.model_copy(update={"sections": sections})
    if isinstance(response, TimelineResponse):
        return response.model_copy(update={"events": [e for e in response.events if e.id not in exclude]})
    if isinstance(response, QuizResponse):
        return response.model_copy(update={"items": [i for i in response.items if i.id not in exclude]})
    raise TypeError(f"cannot filter {type(response).__name__}")
