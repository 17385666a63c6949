"""Citations of pool sentences, built as chat builds them and checked against the stored text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from assistant.answering.spans import typed_spans
from assistant.chain import make_citation
from assistant.schemas import Citation
from assistant.trainer.schemas import Highlight, Source
from assistant.trainer.topic import Sentence
from ingest.models import Document
from vectorstore.results import DocumentInfo

HIGHLIGHT_KINDS = ("number", "date", "year", "docnum")


def item_id(prefix: str, doc_id: str, start: int, end: int, extra: str = "") -> str:
    """A short id that stays the same for the same material (so an export can drop it)."""
    digest = hashlib.blake2b(f"{doc_id}:{start}:{end}:{extra}".encode("utf-8"), digest_size=6).hexdigest()
    return f"{prefix}-{digest}"


def cite(n: int, document: Document, sentence: Sentence, start: int | None = None, end: int | None = None) -> Citation | None:
    """The citation of `document.text[start:end]` (the sentence by default); None if not verbatim."""
    start = sentence.start if start is None else start
    end = sentence.end if end is None else end
    citation = make_citation(n, document, sentence.passage, start, end)
    if not citation.quote or document.text[citation.start : citation.end] != citation.quote:
        return None
    return citation


def highlights(text: str) -> list[Highlight]:
    """Figures, dates and document numbers to emphasise in a point."""
    return [Highlight(start=s.start, end=s.end, kind=s.kind) for s in typed_spans(text) if s.kind in HIGHLIGHT_KINDS]


def sources_of(documents: Iterable[Document]) -> list[Source]:
    """The documents used, oldest first (undated last), each once."""
    unique = {doc.doc_id: doc for doc in documents}
    ordered = sorted(unique.values(), key=lambda d: (d.published or "9999-99-99", d.doc_id))
    return [
        Source(doc_id=d.doc_id, source=d.source, title=d.title, published=d.published, url=d.metadata.get("url") or None)
        for d in ordered
    ]


def sources_from_infos(infos: Iterable[DocumentInfo]) -> list[Source]:
    """Indexed documents (no text needed), oldest first."""
    ordered = sorted(infos, key=lambda d: (d.published or "9999-99-99", d.doc_id))
    return [Source(doc_id=d.doc_id, source=d.source, title=d.title, published=d.published) for d in ordered]
