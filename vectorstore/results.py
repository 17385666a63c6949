"""What a search returns, and how it may be narrowed."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One retrieved passage with its document's metadata; `text == document.text[start:end]`."""

    passage_id: str
    doc_id: str
    source: str
    title: str
    published: str | None
    text: str
    start: int
    end: int
    score: float
    references: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The fields of `tinhgon search --json` and `POST /api/v1/search`."""
        data = asdict(self)
        data.pop("passage_id")
        data.pop("references")
        return data


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Metadata filters; every field left as None does not filter."""

    sources: tuple[str, ...] | None = None  # file names
    published_from: str | None = None  # ISO date, inclusive
    published_to: str | None = None  # ISO date, inclusive
    references: tuple[str, ...] | None = None  # a passage's document cites at least one of these

    def is_empty(self) -> bool:
        return not (self.sources or self.published_from or self.published_to or self.references)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """One indexed document, without its text (`PassageStore.list_documents`)."""

    doc_id: str
    source: str
    title: str
    published: str | None
    passages: int
    references: tuple[str, ...] = ()
    path: str = ""
    content_hash: str = ""
    added: str = ""  # when this version was indexed (UTC, ISO 8601 to the second)
