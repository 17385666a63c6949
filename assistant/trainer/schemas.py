"""Request and response models of the trainer routes (`/api/v1/brief`, `/timeline`, `/quiz`, `/export`).

Inputs use the strict types of `assistant.schemas` (non-blank text without control characters,
JSON integers only); every citation is a chat `Citation` (`quote == document_text[start:end]`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.schemas import Citation, Filters, Name, NonBlankText, json_int

MAX_TOPIC_CHARS = 300
MAX_QUIZ_ITEMS = 30
MAX_EXCLUDED = 200


class TopicRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: NonBlankText = Field(max_length=MAX_TOPIC_CHARS, description=f"1 to {MAX_TOPIC_CHARS} characters, not only blanks.")
    filters: Filters | None = None


class QuizRequest(TopicRequest):
    n: json_int(ge=1, le=MAX_QUIZ_ITEMS) = Field(10, description="Questions wanted (an integer).")  # type: ignore[valid-type]


class Highlight(BaseModel):
    """A figure, date or document number inside a point's text (offsets into `text`)."""

    start: int
    end: int
    kind: str


class BriefPoint(BaseModel):
    id: str = Field(description="Stable id of the point (to drop it from an export).")
    text: str = Field(description="The quoted sentence, verbatim (== citation.quote).")
    highlights: list[Highlight] = Field(default_factory=list)
    citation: Citation


class BriefSection(BaseModel):
    key: str
    heading: str
    points: list[BriefPoint]


class Source(BaseModel):
    doc_id: str
    source: str
    title: str
    published: str | None = None
    url: str | None = None


class BriefResponse(BaseModel):
    topic: str
    sections: list[BriefSection]
    sources: list[Source]
    message: str | None = Field(None, description="Why nothing was produced (a topic the documents do not cover).")


class TimelineEvent(BaseModel):
    id: str
    date: str = Field(description="YYYY-MM-DD (the first of the month when only the month is known).")
    precision: Literal["day", "month"]
    date_text: str = Field(description="How the sentence writes the date (e.g. 'sáng nay', '24-9-2021').")
    resolved: bool = Field(False, description="True when the date was worked out from the document's publication date.")
    text: str = Field(description="The dated sentence, verbatim (== citation.quote).")
    citation: Citation


class TimelineResponse(BaseModel):
    topic: str
    events: list[TimelineEvent]
    sources: list[Source]
    message: str | None = None


class QuizItem(BaseModel):
    id: str
    kind: Literal["mcq", "cloze"]
    question: str
    options: list[str] = Field(description="Four options for 'mcq' (one is the answer); empty for 'cloze'.")
    answer: str = Field(description="Verbatim from the cited sentence.")
    answer_type: Literal["number", "date", "year", "docnum", "person", "place", "body"]
    explanation: str
    difficulty: Literal["dễ", "trung bình", "khó"]
    citation: Citation


class QuizResponse(BaseModel):
    topic: str
    items: list[QuizItem]
    sources: list[Source]
    message: str | None = None


class ExportRequest(QuizRequest):
    """Produce a brief, timeline or quiz for the topic and return it as a file."""

    kind: Literal["brief", "timeline", "quiz"]
    format: Literal["docx", "md"] = "docx"
    answers: Literal["include", "only", "none"] = Field(
        "include", description="Quiz only: the answer key after the questions, the key alone, or no key."
    )
    exclude: list[Name] = Field(
        default_factory=list, max_length=MAX_EXCLUDED, description="Ids of points, events or items to leave out."
    )


class TopicsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: json_int(ge=1, le=50) = Field(12, description="Topics wanted (an integer).")  # type: ignore[valid-type]


class TopicsResponse(BaseModel):
    topics: list[str] = Field(description="Word runs several document titles share, most shared first.")
    documents: list[Source] = Field(description="The indexed documents, oldest first (for filters).")
