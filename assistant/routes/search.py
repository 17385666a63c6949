"""POST /search: the hybrid retriever's passages, the same fields as `tinhgon search --json`."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.deps import ServicesDep
from assistant.schemas import ErrorResponse, SearchHit, SearchRequest, SearchResponse

router = APIRouter(tags=["search"])


@router.post("/search", response_model=SearchResponse, responses={422: {"model": ErrorResponse}}, summary="Search passages")
def search(request: SearchRequest, services: ServicesDep) -> SearchResponse:
    filters = request.filters.to_search_filters() if request.filters else None
    results = services.retriever.search(request.query, k=request.k, filters=filters)
    return SearchResponse(results=[SearchHit(**result.to_json()) for result in results])
