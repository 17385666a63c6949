"""Fixtures for ingestion tests: an in-memory `PassageSink` that counts what it embeds."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ingest.models import Document, Passage


class MemorySink:
    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.passages: dict[str, list[Passage]] = {}
        self.embedded_total = 0

    def document_hashes(self) -> dict[str, str]:
        return {doc_id: document.content_hash for doc_id, document in self.documents.items()}

    def document_paths(self) -> dict[str, str]:
        return {doc_id: document.path for doc_id, document in self.documents.items()}

    def upsert_document(self, document: Document, passages: Sequence[Passage]) -> int:
        self.documents[document.doc_id] = document
        self.passages[document.doc_id] = list(passages)
        self.embedded_total += len(passages)
        return len(passages)

    def delete_document(self, doc_id: str) -> bool:
        self.passages.pop(doc_id, None)
        return self.documents.pop(doc_id, None) is not None


@pytest.fixture
def memory_sink() -> MemorySink:
    return MemorySink()
