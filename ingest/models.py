"""The records ingestion produces: documents and their passages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """One cleaned document.

    `text` is the cleaned original in NFC; every passage and citation offset refers to it.
    """

    doc_id: str  # stable across re-ingests (file stem, or the JSONL record's `id` verbatim)
    source: str  # file name, e.g. "000_531368dfa6dfa9a9.txt"
    title: str
    text: str
    published: str | None = None  # ISO date "YYYY-MM-DD", never guessed
    references: tuple[str, ...] = ()  # cited legal documents, canonical form: "18-NQ/TW"
    path: str = ""  # where it was loaded from (absolute path; "file.jsonl#id" for JSONL records)
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Changes whenever anything that is indexed changes (text or metadata)."""
        digest = hashlib.sha256()
        for part in (self.doc_id, self.source, self.title, self.published or "", "|".join(self.references), self.text):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        for key in sorted(self.metadata):
            digest.update(f"{key}={self.metadata[key]}\x00".encode("utf-8"))
        return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Passage:
    """A few consecutive sentences of a document: `document.text[start:end] == text`."""

    doc_id: str
    index: int  # position of the passage in its document, from 0
    text: str
    start: int
    end: int

    @property
    def passage_id(self) -> str:
        return passage_id(self.doc_id, self.index)


def passage_id(doc_id: str, index: int) -> str:
    """The id a passage has in every index (Chroma and lexical alike)."""
    return f"{doc_id}::{index:05d}"


def embedding_text(document: Document, passage: Passage) -> str:
    """What is embedded for a passage: a contextual header (title, date) and the passage text.

    The header only helps the embedder place the passage; it is never part of the passage text.
    """
    header = document.title
    if document.published:
        header = f"{header} ({document.published})"
    return f"{header}\n{passage.text}" if header else passage.text
