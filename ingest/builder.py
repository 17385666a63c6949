"""From a raw loaded document to a cleaned `Document` with its metadata.

Text files go through `ingest.markdown` (Markdown syntax to plain lines with heading levels),
then boilerplate cleaning, then their header (headline kept as the first line so it can be
cited; category tags and dateline dropped) and footer (posting time, source line) are read.
Structured records (JSONL) are stored as given. References are read from the stored text and
the title. Headings give each part of the text its section path (`ingest.sections`).
"""

from __future__ import annotations

from ingest.cleaning import clean_lines, join_lines, line_offsets
from ingest.footer import analyse_footer
from ingest.loaders import RawDocument
from ingest.markdown import markdown_to_lines
from ingest.models import Document
from ingest.normalize import nfc
from ingest.official import analyse_official
from ingest.references import extract_references
from ingest.sections import encode_sections
from ingest.title import analyse_header, fallback_title


def build_document(raw: RawDocument) -> Document:
    """Clean a raw document and attach its metadata; `Document.text` is what offsets refer to."""
    metadata = dict(raw.metadata)
    if raw.structured:
        text = nfc(raw.text).strip()
        title = raw.title or fallback_title(text)
        published = raw.published
    else:
        plain = markdown_to_lines(nfc(raw.text))
        lines = clean_lines(plain.lines, plain.levels)
        header = analyse_header(lines)
        footer = analyse_footer(lines)
        kept = [line for index, line in enumerate(lines) if index not in header.dropped | footer.dropped]
        text = join_lines(kept)
        official = analyse_official(lines)
        title = raw.title or plain.title or official.title(header.title) or header.title or fallback_title(text)
        published = raw.published or header.published or official.issued or footer.published
        headings = [(offset, line.level, line.text) for offset, line in zip(line_offsets(kept), kept) if line.level]
        if headings:
            metadata["sections"] = encode_sections(headings)
        if plain.url:
            metadata.setdefault("url", plain.url)
        if footer.attribution:
            metadata.setdefault("attribution", footer.attribution)
    references = extract_references(f"{title}\n{text}")
    return Document(
        doc_id=raw.doc_id,
        source=raw.source,
        title=title,
        text=text,
        published=published,
        references=references,
        path=raw.path,
        metadata=metadata,
    )
