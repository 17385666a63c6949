"""The one narrow door between ingestion and indexing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ingest.models import Document, Passage


class PassageSink(Protocol):
    """Anything that can index documents: the vector store implements it, tests may fake it."""

    def document_hashes(self) -> dict[str, str]:
        """`doc_id -> Document.content_hash` of what is indexed now (for incremental ingest)."""
        ...

    def document_paths(self) -> dict[str, str]:
        """`doc_id -> Document.path` of what is indexed now (for `--prune`)."""
        ...

    def upsert_document(self, document: Document, passages: Sequence[Passage]) -> int:
        """Index a document, replacing any older version; return how many passages were embedded now."""
        ...

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and all its passages; False when it was not indexed."""
        ...
