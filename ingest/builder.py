"""From a raw loaded document to a cleaned `Document` with its metadata.

Scraped files are cleaned (boilerplate out), their header read (headline kept as the first line
so it can be cited; category tags and dateline dropped). Structured records (JSONL) are stored
as given. References are read from the stored text and the title.
"""

from __future__ import annotations

from ingest.cleaning import clean_lines, join_lines
from ingest.loaders import RawDocument
from ingest.models import Document
from ingest.normalize import nfc
from ingest.references import extract_references
from ingest.title import analyse_header, fallback_title


def build_document(raw: RawDocument) -> Document:
    """Clean a raw document and attach its metadata; `Document.text` is what offsets refer to."""
    if raw.structured:
        text = nfc(raw.text).strip()
        title = raw.title or fallback_title(text)
        published = raw.published
    else:
        lines = clean_lines(raw.text)
        header = analyse_header(lines)
        kept = [line for index, line in enumerate(lines) if index not in header.dropped]
        text = join_lines(kept)
        title = raw.title or header.title or fallback_title(text)
        published = raw.published or header.published
    references = extract_references(f"{title}\n{text}")
    return Document(
        doc_id=raw.doc_id,
        source=raw.source,
        title=title,
        text=text,
        published=published,
        references=references,
        path=raw.path,
        metadata=dict(raw.metadata),
    )
