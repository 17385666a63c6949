"""Rows of the store's Chroma collections as records, and back: pure functions, no I/O.

A passage row carries its document's content hash (`doc_hash`), which is how an interrupted
write is recognised on open (see `vectorstore.store`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.models import Document
from ingest.splitter import sentence_spans
from vectorstore.filters import date_ordinal, join_references, reference_key, split_references
from vectorstore.results import DocumentInfo


@dataclass(frozen=True, slots=True)
class PassageRecord:
    passage_id: str
    doc_id: str
    index: int
    text: str
    start: int
    end: int


def lexical_text(document: DocumentInfo | Document, text: str) -> str:
    """What BM25 sees for a passage: a header (title, publication date and year), then the passage."""
    header = document.title
    if document.published:
        header = f"{header} ({document.published}, {document.published[:4]})"
    return f"{header}\n{text}" if header else text


def record_of(passage_id: str, meta: dict[str, Any], text: str | None) -> tuple[PassageRecord, str]:
    """A passage row of Chroma as a record, with the content hash of the document it belongs to."""
    record = PassageRecord(
        passage_id, str(meta.get("doc_id", "")), int(meta.get("index", 0)), text or "", int(meta.get("start", 0)), int(meta.get("end", 0))
    )
    return record, str(meta.get("doc_hash", ""))


def passage_base_metadata(document: Document) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": document.doc_id,
        "source": document.source,
        "doc_hash": document.content_hash,
        "published_ord": date_ordinal(document.published),
        "references": join_references(document.references),
    }
    for ref in document.references:
        meta[reference_key(ref)] = True
    return meta


def bytes_under(path: Path) -> int:
    """Size on disk of a file, or of every file under a folder (0 when it does not exist)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}::s{index:05d}"


def sentence_texts(document: Document) -> list[str]:
    """What is embedded for each sentence: its text alone (the question is compared with it)."""
    return [document.text[start:end] for start, end in sentence_spans(document.text)]


def doc_metadata(document: Document, passages: int, sentences: int = 0, added: str = "") -> dict[str, Any]:
    return {
        "added": added,
        "sentences": sentences,
        "source": document.source,
        "title": document.title,
        "published": document.published or "",
        "references": join_references(document.references),
        "path": document.path,
        "content_hash": document.content_hash,
        "passages": passages,
        "metadata_json": json.dumps(document.metadata, ensure_ascii=False),
    }


def doc_info(doc_id: str, meta: dict[str, Any]) -> DocumentInfo:
    return DocumentInfo(
        doc_id=doc_id,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        published=str(meta.get("published") or "") or None,
        passages=int(meta.get("passages", 0)),
        references=split_references(str(meta.get("references", ""))),
        path=str(meta.get("path", "")),
        content_hash=str(meta.get("content_hash", "")),
        added=str(meta.get("added", "")),
    )


def info_from_document(document: Document, passages: int, added: str = "") -> DocumentInfo:
    return DocumentInfo(
        doc_id=document.doc_id,
        source=document.source,
        title=document.title,
        published=document.published,
        passages=passages,
        references=tuple(document.references),
        path=document.path,
        content_hash=document.content_hash,
        added=added,
    )


def document_of(doc_id: str, text: str | None, meta: dict[str, Any]) -> Document:
    """A document row of Chroma (its text and metadata) as the full cleaned document."""
    info = doc_info(doc_id, meta)
    return Document(
        doc_id=doc_id,
        source=info.source,
        title=info.title,
        text=text or "",
        published=info.published,
        references=info.references,
        path=info.path,
        metadata=json.loads(meta.get("metadata_json") or "{}"),
    )
