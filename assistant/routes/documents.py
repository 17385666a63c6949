"""GET /documents, POST /documents (multipart upload, ingests) and DELETE /documents/{doc_id}."""

from __future__ import annotations

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from assistant.deps import ApiKeyDep, ServicesDep
from assistant.errors import DocumentNotFoundError
from assistant.routes.uploads import forget_upload, ingest_uploads
from assistant.schemas import DeleteResponse, DocumentsResponse, DocumentSummary, DocumentText, ErrorResponse, UploadResponse

router = APIRouter(tags=["documents"])

_AUTH_ERRORS = {401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}}


def _summary(info: object) -> DocumentSummary:
    """A store's DocumentInfo (or Document) as the API shows it."""
    references = getattr(info, "references", None) or ()
    passages = getattr(info, "passages", None)
    return DocumentSummary(
        doc_id=getattr(info, "doc_id"),
        source=getattr(info, "source", ""),
        title=getattr(info, "title", ""),
        published=getattr(info, "published", None),
        passages=passages if isinstance(passages, int) else None,
        references=list(references),
        added=getattr(info, "added", None) or None,
    )


@router.get("/documents", response_model=DocumentsResponse, summary="List indexed documents")
def list_documents(services: ServicesDep) -> DocumentsResponse:
    return DocumentsResponse(documents=[_summary(info) for info in services.store.list_documents()])


@router.get(
    "/documents/{doc_id:path}",
    response_model=DocumentText,
    responses={404: {"model": ErrorResponse}},
    summary="One document's whole cleaned text and metadata (citations index into its text)",
)
def get_document(doc_id: str, services: ServicesDep) -> DocumentText:
    store = services.store
    document = store.get_document(doc_id)
    if document is None:
        raise DocumentNotFoundError(f"no indexed document has the id {doc_id!r}")
    info = store.document_info(doc_id) if hasattr(store, "document_info") else None
    summary = _summary(info or document)
    metadata = getattr(document, "metadata", None) or {}
    return DocumentText(**summary.model_dump(), text=document.text, url=metadata.get("url") or None)


@router.post(
    "/documents",
    response_model=UploadResponse,
    status_code=status.HTTP_201_CREATED,
    dependencies=[ApiKeyDep],
    responses={
        200: {"model": UploadResponse, "description": "Every document was already indexed as it is (unchanged)."},
        207: {"model": UploadResponse, "description": "Some files or records were ingested, some failed (see each entry)."},
        409: {"model": UploadResponse, "description": "Nothing ingested: the documents already exist from other files (send replace=true)."},
        422: {"model": UploadResponse, "description": "No file could be ingested (see each file's error)."},
        **_AUTH_ERRORS,
    },
    summary="Upload and index documents (.txt, .md, .html, .pdf, .docx, .jsonl)",
)
def upload_documents(
    services: ServicesDep,
    response: Response,
    files: list[UploadFile] = File(..., min_length=1, description="One or more files."),
    replace: bool = Query(False, description="Replace documents with the same id that came from other files."),
) -> UploadResponse:
    report, conflicts = ingest_uploads(services, files, replace)
    kept = [f for f in report.files if f.status != "failed"]
    if not report.failed:
        response.status_code = status.HTTP_201_CREATED if report.documents else status.HTTP_200_OK
    elif kept:
        response.status_code = status.HTTP_207_MULTI_STATUS
    elif conflicts and conflicts == report.failed:
        response.status_code = status.HTTP_409_CONFLICT
    else:
        response.status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
    return report


@router.delete(
    "/documents/{doc_id:path}",
    response_model=DeleteResponse,
    dependencies=[ApiKeyDep],
    responses={404: {"model": ErrorResponse}, **_AUTH_ERRORS},
    summary="Remove a document and all its passages",
)
def delete_document(doc_id: str, services: ServicesDep) -> DeleteResponse:
    store = services.store
    with services.write_lock:
        document = store.get_document(doc_id)
        if not store.delete_document(doc_id):
            raise DocumentNotFoundError(f"no indexed document has the id {doc_id!r}")
        if hasattr(store, "flush"):
            store.flush()
    if document is not None:
        forget_upload(services.settings, getattr(document, "path", ""))
    return DeleteResponse(doc_id=doc_id, deleted=True)
