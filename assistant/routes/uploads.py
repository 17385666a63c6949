"""Uploaded files -> the index, reporting the true outcome of every file and every JSONL record.

Each file is first saved to a staging folder and parsed on its own, so a corrupt file (or line) is
reported by name and never reaches the store. Before anything is written:
- two files of one upload that would make the same document ("stem.txt" and "stem.md") both fail;
- a document whose id already belongs to a document from another file is refused (HTTP 409) unless
  the client asks to replace it (`replace=true`).
Then every remaining document is indexed (or found unchanged), and a file is kept in
`<data_dir>/uploads/` (where `tinhgon ingest --prune` finds it) exactly when something of it is
in the index.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from time import perf_counter
from typing import Any

from fastapi import UploadFile

from assistant.errors import TinhGonError
from assistant.schemas import MAX_UPLOAD_BYTES, UploadedFile, UploadedRecord, UploadResponse
from assistant.settings import Settings

UPLOADS_DIR = "uploads"
_CHUNK = 1 << 16
MAX_NAME_BYTES = 255  # what file systems take for one name


def uploads_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / UPLOADS_DIR


def safe_name(filename: str | None) -> str:
    """The bare file name of an upload (no folders, no hidden-file dot tricks)."""
    name = Path((filename or "").replace("\\", "/")).name.strip()
    return "" if name in {"", ".", ".."} or name.startswith(".") else name


def name_problem(name: str) -> str | None:
    """Why a file name cannot be stored as it is (None when it can)."""
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"the file name is longer than {MAX_NAME_BYTES} bytes; rename the file"
    odd = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")), None)
    if odd is not None:
        return f"the file name holds a character that is not allowed (U+{ord(odd):04X}); rename the file"
    return None


def _save(upload: UploadFile, target: Path) -> None:
    size = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise TinhGonError(f"larger than the {MAX_UPLOAD_BYTES // (1024 * 1024)} MB upload limit")
            out.write(chunk)


@dataclass
class _Staged:
    """One uploaded file on its way in: its report entry, where it lies, what it holds."""

    entry: UploadedFile
    name: str
    path: Path | None = None
    documents: list[Any] = field(default_factory=list)  # ingest.pipeline.ProcessedDocument


def _named(message: str, path: Path, name: str) -> str:
    """A message about a staged file, naming it as uploaded (never by server path)."""
    message = message.replace(str(path), name)
    return message if message.startswith(name) else f"{name}: {message}"


def _parse(staged: _Staged) -> None:
    """Load and split a staged file: one record per document, one failed record per unreadable line."""
    from ingest.loaders import load_file
    from ingest.pipeline import process

    assert staged.path is not None
    try:
        loaded = load_file(staged.path)
        staged.documents = process(loaded.documents)
    except TinhGonError as exc:
        raise TinhGonError(_named(str(exc), staged.path, staged.name)) from exc
    except Exception as exc:  # a loader bug on a strange file is still this file's failure, not a 500
        raise TinhGonError(f"{staged.name}: cannot be read ({type(exc).__name__}: {exc})") from exc
    for error in loaded.errors:
        staged.entry.records.append(UploadedRecord(status="failed", error=_named(str(error), staged.path, staged.name)))
    staged.documents = [item for item in staged.documents if item.passages]
    if not staged.documents and not staged.entry.records:
        raise TinhGonError(f"{staged.name}: no text found in the file")


def _fail(staged: _Staged, doc_id: str, reason: str) -> None:
    staged.entry.records.append(UploadedRecord(doc_id=doc_id, status="failed", error=reason))


def _check_ids(staged_files: list[_Staged], store: Any, replace_existing: bool) -> int:
    """Refuse documents whose id two files of this upload share, or that another file already
    holds (unless replacing); returns how many were refused because they already exist."""
    owners: dict[str, list[str]] = {}
    for staged in staged_files:
        for item in staged.documents:
            owners.setdefault(item.document.doc_id, []).append(staged.name)
    conflicts = 0
    for staged in staged_files:
        kept = []
        for item in staged.documents:
            doc_id = item.document.doc_id
            others = [name for name in owners[doc_id] if name != staged.name]
            existing = store.document_info(doc_id)
            if others:
                _fail(staged, doc_id, f"{staged.name}: {', '.join(sorted(set(others)))} in this upload would also become document {doc_id!r}; upload them separately or rename one")
            elif existing is not None and existing.source != staged.name and not replace_existing:
                conflicts += 1
                _fail(staged, doc_id, f"{staged.name}: document {doc_id!r} already exists (from {existing.source}); upload with replace=true to replace it")
            else:
                kept.append(item)
        staged.documents = kept
    return conflicts


def _index(services: Any, target_dir: Path, staged_files: list[_Staged]) -> tuple[int, int]:
    """Move each file with something to index into the uploads folder and index its documents;
    returns (documents indexed or refreshed, passages embedded now)."""
    store = services.store
    indexed = embedded = 0
    with services.write_lock:
        hashes = store.document_hashes()
        for staged in staged_files:
            if not staged.documents:
                continue
            assert staged.path is not None
            final = target_dir / staged.name
            os.replace(staged.path, final)
            for item in staged.documents:
                document = replace(item.document, path=str(final.resolve()) + item.document.path[len(str(staged.path.resolve())) :])
                if hashes.get(document.doc_id) == document.content_hash:
                    status = "unchanged"
                else:
                    try:
                        embedded += store.upsert_document(document, item.passages)
                    except TinhGonError as exc:
                        _fail(staged, document.doc_id, f"{staged.name}: could not be indexed ({exc})")
                        continue
                    status = "indexed"
                    indexed += 1
                staged.entry.records.append(UploadedRecord(doc_id=document.doc_id, status=status, passages=len(item.passages)))
            if not any(r.status != "failed" for r in staged.entry.records):
                final.unlink(missing_ok=True)  # nothing of it is in the index
        flush = getattr(store, "flush", None)
        if flush is not None:
            flush()
    return indexed, embedded


def _summarise(entry: UploadedFile) -> None:
    """The file's status, ids, passages and error from its records."""
    kept = [r for r in entry.records if r.status != "failed"]
    entry.doc_ids = [r.doc_id for r in kept if r.doc_id]
    entry.passages = sum(r.passages for r in kept)
    if any(r.status == "indexed" for r in kept):
        entry.status = "indexed"
    elif kept:
        entry.status = "unchanged"
    else:
        entry.status = "failed"
    errors = [r.error for r in entry.records if r.error]
    entry.error = entry.error or ("; ".join(errors) if errors else None)


def ingest_uploads(services: Any, files: list[UploadFile], replace_existing: bool = False) -> tuple[UploadResponse, int]:
    """Stage, check and ingest uploaded files; returns the report and how many documents were
    refused only because their id already exists."""
    started = perf_counter()
    target_dir = uploads_dir(services.settings)
    staging = target_dir / ".staging" / uuid.uuid4().hex
    staging.mkdir(parents=True, exist_ok=True)
    staged_files: list[_Staged] = []
    names: set[str] = set()
    indexed = embedded = conflicts = 0
    try:
        for upload in files:
            name = safe_name(upload.filename)
            staged = _Staged(UploadedFile(filename=upload.filename or "", status="failed"), name)
            staged_files.append(staged)
            problem = "the upload has no usable file name" if not name else name_problem(name)
            if problem:
                staged.entry.filename = (name or staged.entry.filename).encode("utf-8", "replace").decode("utf-8")[:80]
                staged.entry.error = problem
                continue
            if name in names:
                staged.entry.error = f"{name}: the same file name appears twice in this upload"
                continue
            names.add(name)
            staged.path = staging / name
            try:
                _save(upload, staged.path)
                _parse(staged)
            except TinhGonError as exc:
                staged.entry.error = _named(str(exc), staged.path, name)
                staged.documents = []
        conflicts = _check_ids(staged_files, services.store, replace_existing)
        indexed, embedded = _index(services, target_dir, staged_files)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for staged in staged_files:
        _summarise(staged.entry)
    entries = [s.entry for s in staged_files]
    failed = sum(1 for e in entries if e.status == "failed" and not e.records) + sum(
        1 for e in entries for r in e.records if r.status == "failed"
    )
    report = UploadResponse(
        files=entries,
        documents=indexed,
        passages=sum(e.passages for e in entries),
        embedded=embedded,
        failed=failed,
        seconds=round(perf_counter() - started, 3),
    )
    return report, conflicts


def forget_upload(settings: Settings, path: str) -> None:
    """Remove an uploaded file once its document is deleted (files indexed from elsewhere stay)."""
    if not path:
        return
    candidate = Path(path)  # a JSONL record's path ("file.jsonl#id") is no file: the file may hold others
    try:
        inside = candidate.resolve().parent == uploads_dir(settings).resolve()
    except OSError:
        return
    if inside and candidate.is_file():
        candidate.unlink(missing_ok=True)
