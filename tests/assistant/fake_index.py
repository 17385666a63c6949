"""A real index of the sample corpus (and any extra documents) for chain and LLM tests.

The documents are indexed in a temporary data dir with the default embedder (the test run's
embedding cache makes this cheap), searched by the real hybrid retriever; `RecordingRetriever`
only remembers the queries it was asked, so tests can check what was searched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.factory import make_retriever, open_store
from assistant.settings import Settings
from ingest.loaders import load_file
from ingest.builder import build_document
from ingest.models import Document
from ingest.splitter import split_passages
from vectorstore.results import SearchFilters, SearchResult


def corpus_documents(corpus_dir: Path) -> list[Document]:
    return [build_document(load_file(p).documents[0]) for p in sorted(corpus_dir.glob("*.txt"))]


def build_index(data_dir: Path, documents: Sequence[Document]):
    """A real store (embedded Chroma + lexical index) holding `documents`, and its settings."""
    settings = Settings(data_dir=data_dir)
    store = open_store(settings)
    for document in documents:
        store.upsert_document(document, split_passages(document))
    return store, settings


class RecordingRetriever:
    """The real retriever, remembering every query it is asked."""

    def __init__(self, store, settings: Settings) -> None:
        self.inner = make_retriever(settings, store)
        self.queries: list[str] = []

    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None) -> list[SearchResult]:
        self.queries.append(query)
        return self.inner.search(query, k, filters)
