"""POST /feedback (anyone) and GET /feedback (needs the API key when one is set)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, status

from assistant.deps import ApiKeyDep, ServicesDep
from assistant.schemas import MAX_OFFSET, ErrorResponse, FeedbackList, FeedbackRecord, FeedbackRequest

router = APIRouter(tags=["feedback"])


@router.post(
    "/feedback",
    response_model=FeedbackRecord,
    status_code=status.HTTP_201_CREATED,
    responses={422: {"model": ErrorResponse}},
    summary="Record a thumbs up/down on an answer",
)
def add_feedback(item: FeedbackRequest, services: ServicesDep) -> FeedbackRecord:
    return services.feedback.add(item)


@router.get(
    "/feedback",
    response_model=FeedbackList,
    dependencies=[ApiKeyDep],
    responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
    summary="List stored feedback, oldest first",
)
def list_feedback(
    services: ServicesDep,
    rating: Literal["up", "down"] | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> FeedbackList:
    store = services.feedback
    return FeedbackList(feedback=store.records(rating, limit=limit, offset=offset), total=store.count(rating))
