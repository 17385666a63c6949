"""File loaders: one function per format, each returning raw documents (text before cleaning).

Every failure is an `assistant.errors.DocumentLoadError` naming the file (and, for JSONL, the
line), so the pipeline can report it in one line and carry on with the rest of the batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import DocumentLoadError
from ingest.encoding import UndecodableError, decode_text
from ingest.normalize import nfc


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A loaded document. `structured` ones (JSONL records) are stored as given, not cleaned."""

    doc_id: str
    source: str
    text: str
    path: str
    title: str = ""
    published: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    structured: bool = False


@dataclass(slots=True)
class LoadResult:
    documents: list[RawDocument] = field(default_factory=list)
    errors: list[DocumentLoadError] = field(default_factory=list)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentLoadError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc


def _decode(path: Path) -> str:
    try:
        text, _ = decode_text(_read_bytes(path))
    except UndecodableError as exc:
        raise DocumentLoadError(str(path), str(exc)) from exc
    return text


def _file_document(path: Path, text: str, title: str = "", published: str | None = None) -> RawDocument:
    if not text.strip():
        raise DocumentLoadError(str(path), "no text in the file (empty)")
    return RawDocument(doc_id=path.stem, source=path.name, text=text, path=str(path.resolve()), title=title, published=published)


def load_text(path: Path) -> LoadResult:
    """.txt and .md files in any supported encoding."""
    return LoadResult([_file_document(path, _decode(path))])


def load_html(path: Path) -> LoadResult:
    """.html/.htm: the main text (trafilatura), headline and date from the page's own metadata."""
    import trafilatura

    html = _decode(path)
    if "<" not in html:
        raise DocumentLoadError(str(path), "not an HTML document (no markup)")
    try:
        extracted = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises many kinds of parser errors
        raise DocumentLoadError(str(path), f"cannot parse the HTML: {exc}") from exc
    if extracted is None:
        raise DocumentLoadError(str(path), "no main text found in the HTML page")
    text = nfc(getattr(extracted, "text", "") or "")
    title = nfc(getattr(extracted, "title", "") or "")
    published = getattr(extracted, "date", None) or None
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return LoadResult([_file_document(path, text, title=title, published=published)])


def load_pdf(path: Path) -> LoadResult:
    """.pdf: the text layer of every page (scanned PDFs without one are an error)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentLoadError(str(path), f"corrupt or unreadable PDF: {exc}") from exc
    text = nfc("\n\n".join(page.strip() for page in pages if page.strip()))
    if not text.strip():
        raise DocumentLoadError(str(path), "the PDF has no text layer (scanned? run OCR first)")
    return LoadResult([_file_document(path, text)])


def load_docx(path: Path) -> LoadResult:
    """.docx: paragraphs, then table rows (cells joined by " | ")."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentLoadError(str(path), f"corrupt or unreadable DOCX: {exc or type(exc).__name__}") from exc
    blocks = [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                blocks.append(" | ".join(cells))
    return LoadResult([_file_document(path, nfc("\n\n".join(blocks)))])


def _metadata(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(key): item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for key, item in value.items()}


def load_jsonl(path: Path) -> LoadResult:
    """.jsonl: one document per line `{"id", "title", "text", "source"?, "published"?, "metadata"?}`.

    A bad line fails alone ("file.jsonl:12: …"); the other lines still load.
    """
    from ingest.dates import parse_date

    result = LoadResult()
    content = _decode(path)
    resolved = str(path.resolve())
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            result.errors.append(DocumentLoadError(where, f"not valid JSON ({exc.msg}, column {exc.colno})"))
            continue
        if not isinstance(record, dict):
            result.errors.append(DocumentLoadError(where, "a line must be a JSON object"))
            continue
        doc_id, text = record.get("id"), record.get("text")
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        if not isinstance(doc_id, str) or not doc_id.strip():
            result.errors.append(DocumentLoadError(where, 'missing or empty "id" (a non-empty string)'))
            continue
        if not isinstance(text, str) or not text.strip():
            result.errors.append(DocumentLoadError(where, f'record "{doc_id}": missing or empty "text"'))
            continue
        title = record.get("title") or ""
        published = record.get("published")
        if not isinstance(title, str) or (published is not None and not isinstance(published, str)):
            result.errors.append(DocumentLoadError(where, f'record "{doc_id}": "title" and "published" must be strings'))
            continue
        result.documents.append(
            RawDocument(
                doc_id=doc_id,
                source=str(record.get("source") or path.name),
                text=nfc(text),
                path=f"{resolved}#{doc_id}",
                title=nfc(title.strip()),
                published=parse_date(published) if published else None,
                metadata=_metadata(record.get("metadata")),
                structured=True,
            )
        )
    if not result.documents and not result.errors:
        raise DocumentLoadError(str(path), "no records in the JSONL file (empty)")
    return result


LOADERS: dict[str, Callable[[Path], LoadResult]] = {
    ".txt": load_text,
    ".md": load_text,
    ".markdown": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".jsonl": load_jsonl,
}


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load_file(path: Path) -> LoadResult:
    """Load one file with the loader of its extension; failures of the whole file raise."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(LOADERS))
        raise DocumentLoadError(str(path), f"unsupported file type '{path.suffix}' (supported: {supported})")
    if not path.is_file():
        raise DocumentLoadError(str(path), "no such file")
    return loader(path)


def iter_files(root: Path) -> Iterator[Path]:
    """Supported files under a folder, recursively, sorted, hidden files and folders skipped."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and is_supported(path):
            yield path
