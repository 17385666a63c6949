"""Typed request and response models of the HTTP API (also the JSON of `tinhgon ask --json`).

These are the public contract; internal records (`ingest.models`, `vectorstore.results`) stay
separate and are converted at the edge.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from vectorstore.results import SearchFilters

MAX_QUESTION_CHARS = 1000
MAX_HISTORY_TURNS = 20
MAX_K = 20
MAX_FILTER_ITEMS = 50
MAX_NAME_CHARS = 300
MAX_OFFSET = 1_000_000_000

# Characters no text of ours may hold: NUL and other control characters (tab and line breaks
# excepted) and lone UTF-16 surrogates, which JSON can carry but no store, file or database takes.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _clean_text(value: str) -> str:
    found = _FORBIDDEN.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise ValueError(f"contains a character that is not text ({code} at position {found.start()})")
    return value


# Every string a client sends goes through this check before it reaches Chroma, SQLite or a file;
# the patterns say the same in the OpenAPI schema (lone surrogates, which JSON schema cannot
# express, are refused by `_clean_text`).
_TEXT_CHARS = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
TEXT_PATTERN = rf"^{_TEXT_CHARS}*$"
NON_BLANK_PATTERN = rf"^{_TEXT_CHARS}*[^\s\x00-\x1f\x7f-\x9f]{_TEXT_CHARS}*$"
Text = Annotated[str, Field(pattern=TEXT_PATTERN), AfterValidator(_clean_text)]
NonBlankText = Annotated[str, Field(pattern=NON_BLANK_PATTERN), AfterValidator(_clean_text)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=NON_BLANK_PATTERN), AfterValidator(_clean_text)]


def _json_integer(value: object) -> object:
    """An integer as JSON writes it (5 or 5.0), never a string ("5") or a boolean (true)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be an integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be an integer")
        return int(value)
    return value


def json_int(**bounds: int) -> object:
    """An integer field type with bounds (the bounds come first, so the schema shows them)."""
    return Annotated[int, Field(**bounds), BeforeValidator(_json_integer)]


def _json_number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number")
    return value


JsonFloat = Annotated[float, BeforeValidator(_json_number)]


def _not_a_number(value: object) -> object:
    if isinstance(value, (int, float)):
        raise ValueError("must be a date written YYYY-MM-DD, not a number")
    return value


# A day that exists, written YYYY-MM-DD (the JSON schema says `format: date`); a number is not
# taken for a timestamp.
IsoDate = Annotated[date, BeforeValidator(_not_a_number)]


class HistoryTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: Text = Field(max_length=4 * MAX_QUESTION_CHARS)


class Filters(BaseModel):
    """Narrow retrieval to some documents; every field is optional."""

    model_config = ConfigDict(extra="forbid")

    sources: list[Name] | None = Field(
        None, max_length=MAX_FILTER_ITEMS, description="File names, e.g. ['000_531368dfa6dfa9a9.txt']."
    )
    published_from: IsoDate | None = Field(None, description="ISO date, inclusive.")
    published_to: IsoDate | None = Field(None, description="ISO date, inclusive.")
    references: list[Name] | None = Field(
        None, max_length=MAX_FILTER_ITEMS, description="Cited legal documents, e.g. ['18-NQ/TW']."
    )


    def to_search_filters(self) -> "SearchFilters | None":
        """The retriever's filters (None when nothing filters)."""
        from vectorstore.results import SearchFilters

        converted = SearchFilters(
            sources=tuple(self.sources) if self.sources else None,
            published_from=self.published_from.isoformat() if self.published_from else None,
            published_to=self.published_to.isoformat() if self.published_to else None,
            references=tuple(self.references) if self.references else None,
        )
        return None if converted.is_empty() else converted


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or whitespace")
    return value


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: NonBlankText = Field(
        max_length=MAX_QUESTION_CHARS, description=f"1 to {MAX_QUESTION_CHARS} characters, not only blanks."
    )
    history: list[HistoryTurn] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)
    k: json_int(ge=1, le=MAX_K) | None = Field(None, description="Passages to retrieve (an integer).")  # type: ignore[valid-type]
    filters: Filters | None = None

    _check_question = field_validator("question")(_non_blank)


class Citation(BaseModel):
    n: int
    doc_id: str
    source: str
    title: str
    published: str | None
    passage: str = Field(description="The retrieved passage the quote was taken from.")
    quote: str = Field(description="Verbatim text: document_text[start:end].")
    start: int
    end: int
    score: float
    section: str | None = Field(None, description="The headings the quote falls under, outermost first ('Địa lý › Khái quát').")
    url: str | None = Field(None, description="The original address of the document, when its source gave one.")


class ChatResponse(BaseModel):
    answer: str
    found: bool
    short_answer: str | None = Field(None, description="The asked fact (a number, date, name …) as written in the first quote.")
    mode: Literal["extractive", "llm"]
    citations: list[Citation]
    timings_ms: dict[str, float] = Field(default_factory=dict)
    notice: str | None = Field(None, description="Why the answer fell back (e.g. the LLM was unreachable).")


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: NonBlankText = Field(max_length=MAX_QUESTION_CHARS, description="1 to 1000 characters, not only blanks.")
    k: json_int(ge=1, le=MAX_K) = Field(5)  # type: ignore[valid-type]
    filters: Filters | None = None

    _check_query = field_validator("query")(_non_blank)


class SearchHit(BaseModel):
    doc_id: str
    source: str
    title: str
    published: str | None
    text: str
    start: int
    end: int
    score: float


class SearchResponse(BaseModel):
    results: list[SearchHit]


# --- documents, feedback, health (added with the HTTP API) ---------------------------------------

MAX_COMMENT_CHARS = 2000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class DocumentSummary(BaseModel):
    """One indexed document as `GET /api/v1/documents` lists it."""

    doc_id: str
    source: str
    title: str
    published: str | None = None
    passages: int | None = None
    references: list[str] = Field(default_factory=list)
    added: str | None = Field(None, description="When this version was indexed (UTC, ISO 8601).")


class DocumentsResponse(BaseModel):
    documents: list[DocumentSummary]


class DocumentText(DocumentSummary):
    """One document with its whole cleaned text (`GET /api/v1/documents/{doc_id}`): every
    citation's `start`/`end` index into `text`."""

    text: str = Field(description="The cleaned document in NFC; a citation's quote is text[start:end].")
    url: str | None = Field(None, description="The original address of the document, when its source gave one.")


Outcome = Literal["indexed", "unchanged", "failed"]


class UploadedRecord(BaseModel):
    """What happened to one document of an uploaded file (a JSONL file holds one per line)."""

    doc_id: str | None = Field(None, description="None when the record could not be read at all.")
    status: Outcome
    passages: int = 0
    error: str | None = None


class UploadedFile(BaseModel):
    """What happened to one uploaded file: `indexed` when any of its documents was indexed,
    `unchanged` when all were already indexed as they are, `failed` when none was."""

    filename: str
    status: Outcome
    doc_ids: list[str] = Field(default_factory=list, description="Documents indexed or unchanged from this file.")
    passages: int = 0
    error: str | None = None
    records: list[UploadedRecord] = Field(default_factory=list, description="One entry per document or JSONL line.")


class UploadResponse(BaseModel):
    files: list[UploadedFile]
    documents: int = Field(description="Documents indexed or refreshed by this upload.")
    passages: int
    embedded: int = Field(description="Passages whose embeddings were computed now.")
    failed: int = Field(description="Files or records that could not be ingested (see each entry's error).")
    seconds: float


class DeleteResponse(BaseModel):
    doc_id: str
    deleted: bool


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


class FeedbackCitation(BaseModel):
    """A citation as a client sends it back with its feedback: every field checked like any input."""

    n: json_int(ge=0, le=1000)  # type: ignore[valid-type]
    doc_id: Name
    source: Text = Field(max_length=MAX_NAME_CHARS)
    title: Text = Field(max_length=4 * MAX_NAME_CHARS)
    published: IsoDate | None = None
    passage: Text = Field("", max_length=20 * MAX_QUESTION_CHARS)
    quote: Text = Field(max_length=20 * MAX_QUESTION_CHARS)
    start: json_int(ge=0, le=MAX_OFFSET)  # type: ignore[valid-type]
    end: json_int(ge=0, le=MAX_OFFSET)  # type: ignore[valid-type]
    score: Annotated[JsonFloat, AfterValidator(_finite)] = 0.0
    section: Text | None = Field(None, max_length=4 * MAX_NAME_CHARS)
    url: Text | None = Field(None, max_length=2 * MAX_NAME_CHARS)

    @model_validator(mode="before")
    @classmethod
    def _from_citation(cls, value: object) -> object:
        """A `Citation` the API returned is checked like the same citation sent as JSON."""
        return value.model_dump() if isinstance(value, BaseModel) else value


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: NonBlankText = Field(max_length=MAX_QUESTION_CHARS)
    answer: Text = Field(max_length=20 * MAX_QUESTION_CHARS)
    rating: Literal["up", "down"]
    comment: Text | None = Field(None, max_length=MAX_COMMENT_CHARS)
    citations: list[FeedbackCitation] = Field(default_factory=list, max_length=50)
    history: list[HistoryTurn] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)

    _check_question = field_validator("question")(_non_blank)


class FeedbackRecord(FeedbackRequest):
    model_config = ConfigDict(extra="ignore")

    id: int
    created_at: str = Field(description="UTC time, ISO 8601.")


class FeedbackList(BaseModel):
    feedback: list[FeedbackRecord]
    total: int


class HealthResponse(BaseModel):
    status: Literal["ok"]
    documents: int
    passages: int
    embedder: str
    llm: bool = Field(False, description="An LLM server is configured (answers written by it); false: extractive answers.")
    waiting_for_vectors: int = Field(
        0, description="Passages searchable by words only so far: their vectors are being computed (ingest --text-only)."
    )


class ErrorResponse(BaseModel):
    """Every 4xx/5xx body: a readable `detail`, plus per-field `errors` for validation failures."""

    detail: str
    errors: list[dict] | None = None
