"""The sidebar's filters as the API's `filters` object, and in words for the user (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ui.render import format_date


@dataclass(frozen=True)
class FilterChoice:
    """What the user picked: documents by their source file, a date range, legal references."""

    sources: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    references: tuple[str, ...] = ()
    titles: dict[str, str] = field(default_factory=dict, compare=False)  # source -> title, for the summary

    def payload(self) -> dict[str, Any] | None:
        """The API's `filters` (None when nothing filters)."""
        body: dict[str, Any] = {}
        if self.sources:
            body["sources"] = list(self.sources)
        if self.published_from:
            body["published_from"] = self.published_from.isoformat()
        if self.published_to:
            body["published_to"] = self.published_to.isoformat()
        if self.references:
            body["references"] = list(self.references)
        return body or None

    def summary(self) -> str:
        """'2 tài liệu · từ 01/01/2021 · đến 31/12/2022 · 18-NQ/TW' ('' when nothing filters)."""
        parts = []
        if self.sources:
            if len(self.sources) == 1:
                parts.append(f"tài liệu «{self.titles.get(self.sources[0], self.sources[0])}»")
            else:
                parts.append(f"{len(self.sources)} tài liệu")
        if self.published_from:
            parts.append(f"từ {format_date(self.published_from.isoformat())}")
        if self.published_to:
            parts.append(f"đến {format_date(self.published_to.isoformat())}")
        if self.references:
            parts.append("văn bản " + ", ".join(self.references))
        return " · ".join(parts)

    def problem(self) -> str | None:
        """A message when the choice cannot be sent (the API would refuse it)."""
        if self.published_from and self.published_to and self.published_from > self.published_to:
            return "Ngày bắt đầu đang sau ngày kết thúc: hãy chọn lại khoảng thời gian."
        return None


def document_label(document: dict[str, Any]) -> str:
    """How a document is named in pickers: its title and date (never its internal id)."""
    title = (document.get("title") or document.get("source") or "").replace("\n", " ")
    published = format_date(document.get("published"))
    return f"{title} ({published})" if published else title


def all_references(documents: list[dict[str, Any]]) -> list[str]:
    """Every legal reference the documents cite, most cited first."""
    counts: dict[str, int] = {}
    for document in documents:
        for reference in document.get("references") or []:
            counts[reference] = counts.get(reference, 0) + 1
    return sorted(counts, key=lambda r: (-counts[r], r))
