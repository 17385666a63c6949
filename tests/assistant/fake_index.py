"""A small in-memory store and lexical retriever over real documents, for fast chain tests.

The documents are the real corpus files (NFC) split by the real `ingest.splitter`; the
retriever ranks passages by accent-folded word overlap, so tests run without an embedder.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from assistant import textkeys as tk
from ingest.models import Document
from ingest.splitter import split_passages
from vectorstore.results import SearchFilters, SearchResult


def document_from_file(path: Path) -> Document:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).strip()
    title = next(line.strip() for line in text.splitlines() if line.strip())
    return Document(doc_id=path.stem, source=path.name, title=title, text=text)


class MemoryStore:
    def __init__(self, documents: list[Document]) -> None:
        self.documents = {d.doc_id: d for d in documents}
        self.reads = 0

    def get_document(self, doc_id: str) -> Document | None:
        self.reads += 1
        return self.documents.get(doc_id)


class OverlapRetriever:
    """Ranks every passage by how many of the query's folded content keys it holds."""

    def __init__(self, store: MemoryStore) -> None:
        self.passages = []
        for doc in store.documents.values():
            for passage in split_passages(doc):
                keys = set(tk.content_keys(tk.tokenize(passage.text)))
                self.passages.append((doc, passage, keys))
        self.queries: list[str] = []

    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None) -> list[SearchResult]:
        self.queries.append(query)
        wanted = set(tk.content_keys(tk.tokenize(query)))
        scored = sorted(self.passages, key=lambda item: len(wanted & item[2]), reverse=True)
        results = []
        for doc, passage, keys in scored[: k or 5]:
            if filters and filters.sources and doc.source not in filters.sources:
                continue
            results.append(
                SearchResult(
                    passage_id=passage.passage_id,
                    doc_id=doc.doc_id,
                    source=doc.source,
                    title=doc.title,
                    published=doc.published,
                    text=passage.text,
                    start=passage.start,
                    end=passage.end,
                    score=float(len(wanted & keys)),
                )
            )
        return results
