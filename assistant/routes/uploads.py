"""Uploaded files -> the index, without ever leaving a half-ingested file behind.

Each file is first saved to a staging folder and parsed on its own (`load_and_split`), so a corrupt
file is reported by name and never reaches the store. The files that parse are moved to
`<data_dir>/uploads/` (so `tinhgon ingest --prune` keeps them) and ingested in one batch.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
import uuid
from pathlib import Path
from time import perf_counter
from typing import Any

from fastapi import UploadFile

from assistant.errors import TinhGonError
from assistant.schemas import MAX_UPLOAD_BYTES, UploadedFile, UploadResponse
from assistant.settings import Settings

UPLOADS_DIR = "uploads"
_CHUNK = 1 << 16


def uploads_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / UPLOADS_DIR


MAX_NAME_BYTES = 255  # what file systems take for one name


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


def _parse(path: Path, name: str) -> tuple[list[str], int]:
    """Doc ids and passage count of a staged file; raises TinhGonError with a message naming the file."""
    from ingest.pipeline import load_and_split

    try:
        processed = load_and_split(path)
    except TinhGonError as exc:
        raise TinhGonError(str(exc).replace(str(path), name)) from exc
    except Exception as exc:  # a loader bug on a strange file is still this file's failure, not a 500
        raise TinhGonError(f"{name}: cannot be read ({type(exc).__name__}: {exc})") from exc
    if not processed or not any(item.passages for item in processed):
        raise TinhGonError(f"{name}: no text found in the file")
    return [item.document.doc_id for item in processed], sum(len(item.passages) for item in processed)


def ingest_uploads(services: Any, files: list[UploadFile]) -> UploadResponse:
    """Stage, check and ingest uploaded files; one entry per file in the report."""
    started = perf_counter()
    target_dir = uploads_dir(services.settings)
    staging = target_dir / ".staging" / uuid.uuid4().hex
    staging.mkdir(parents=True, exist_ok=True)
    entries: list[UploadedFile] = []
    staged: dict[str, Path] = {}
    try:
        for upload in files:
            name = safe_name(upload.filename)
            entry = UploadedFile(filename=upload.filename or "", status="failed")
            entries.append(entry)
            if not name:
                entry.error = "the upload has no usable file name"
                continue
            problem = name_problem(name)
            if problem:
                entry.filename = name.encode("utf-8", "replace").decode("utf-8")[:80]
                entry.error = problem
                continue
            if name in staged:
                entry.error = f"{name}: the same file name appears twice in this upload"
                continue
            path = staging / name
            try:
                _save(upload, path)
                entry.doc_ids, entry.passages = _parse(path, name)
            except TinhGonError as exc:
                message = str(exc)
                entry.error = message if message.startswith(name) else f"{name}: {message}"
                continue
            entry.status = "indexed"
            staged[name] = path
        report = _ingest(services, target_dir, staged, entries) if staged else None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    failed = sum(1 for entry in entries if entry.status == "failed")
    return UploadResponse(
        files=entries,
        documents=int(getattr(report, "documents", 0)),
        passages=sum(entry.passages for entry in entries if entry.status == "indexed"),
        embedded=int(getattr(report, "embedded", 0)),
        failed=failed,
        seconds=round(perf_counter() - started, 3),
    )


def _ingest(services: Any, target_dir: Path, staged: dict[str, Path], entries: list[UploadedFile]) -> Any:
    from ingest.pipeline import ingest_paths

    with services.write_lock:
        finals = []
        for name, path in staged.items():
            final = target_dir / name
            os.replace(path, final)
            finals.append(final)
        report = ingest_paths(finals, services.store)
        flush = getattr(services.store, "flush", None)
        if flush is not None:
            flush()
    for raw_error in getattr(report, "errors", []) or []:
        error = str(raw_error).replace(f"{target_dir}{os.sep}", "")  # name files as uploaded, never by server path
        for entry in entries:
            name = safe_name(entry.filename)
            if entry.status == "indexed" and name and name in error:
                entry.status, entry.error, entry.passages = "failed", error, 0
                (target_dir / name).unlink(missing_ok=True)
    return report


def forget_upload(settings: Settings, path: str) -> None:
    """Remove an uploaded file once its document is deleted (files indexed from elsewhere stay)."""
    if not path:
        return
    candidate = Path(path)
    try:
        inside = candidate.resolve().parent == uploads_dir(settings).resolve()
    except OSError:
        return
    if inside and candidate.is_file():
        candidate.unlink(missing_ok=True)
