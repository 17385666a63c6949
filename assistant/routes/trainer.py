"""POST /brief, /timeline, /quiz and /export: course material for trainers (assistant.trainer)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from assistant.deps import ServicesDep
from assistant.schemas import ErrorResponse
from assistant.trainer.export import DOCX_MEDIA_TYPE, EXPORTERS, export
from assistant.trainer.schemas import (
    BriefResponse,
    ExportRequest,
    QuizRequest,
    QuizResponse,
    TimelineResponse,
    TopicRequest,
    TopicsRequest,
    TopicsResponse,
)
from assistant.trainer.cite import sources_from_infos
from assistant.trainer.service import Trainer, without
from assistant.trainer.suggest import suggest_topics
from assistant.trainer.topic import SpanCache

router = APIRouter(tags=["trainer"])
_ERRORS = {422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


def get_trainer(request: Request, services: ServicesDep) -> Trainer:
    """A trainer over the app's store and retriever; sentence spans are cached per app."""
    spans = getattr(request.app.state, "trainer_spans", None)
    if spans is None:
        spans = request.app.state.trainer_spans = SpanCache()
    return Trainer(services.store, services.retriever, spans)


TrainerDep = Annotated[Trainer, Depends(get_trainer)]


def _filters(request: TopicRequest):
    return request.filters.to_search_filters() if request.filters else None


@router.post("/brief", response_model=BriefResponse, responses=_ERRORS, summary="A topic brief, every point a cited sentence")
def brief(request: TopicRequest, trainer: TrainerDep) -> BriefResponse:
    return trainer.brief(request.topic, _filters(request))


@router.post("/timeline", response_model=TimelineResponse, responses=_ERRORS, summary="Dated events of a topic, in order")
def timeline(request: TopicRequest, trainer: TrainerDep) -> TimelineResponse:
    return trainer.timeline(request.topic, _filters(request))


@router.post("/quiz", response_model=QuizResponse, responses=_ERRORS, summary="Quiz items built from facts of the documents")
def quiz(request: QuizRequest, trainer: TrainerDep) -> QuizResponse:
    return trainer.quiz(request.topic, request.n, _filters(request))


_FILE = {"schema": {"type": "string", "format": "binary"}}


@router.post(
    "/export",
    response_class=Response,
    responses={
        200: {
            "description": "The brief, timeline or quiz as a file (DOCX or Markdown).",
            "content": {DOCX_MEDIA_TYPE: _FILE, "text/markdown": _FILE},
        },
        **_ERRORS,
    },
    summary="Export a brief, timeline or quiz as DOCX or Markdown",
)
def export_file(request: ExportRequest, trainer: TrainerDep) -> Response:
    filters = _filters(request)
    if request.kind == "brief":
        material = trainer.brief(request.topic, filters)
    elif request.kind == "timeline":
        material = trainer.timeline(request.topic, filters)
    else:
        material = trainer.quiz(request.topic, request.n, filters)
    material = without(material, set(request.exclude))
    _, media_type, suffix = EXPORTERS[request.format]
    name = f"{request.kind}{'-dap-an' if request.kind == 'quiz' and request.answers == 'only' else ''}{suffix}"
    return Response(
        content=export(material, request.format, request.answers),
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"},
    )


@router.post("/topics", response_model=TopicsResponse, responses=_ERRORS, summary="Suggested topics and the documents to filter by")
def topics(request: TopicsRequest, services: ServicesDep) -> TopicsResponse:
    infos = services.store.list_documents()
    return TopicsResponse(topics=suggest_topics((i.title for i in infos), request.limit), documents=sources_from_infos(infos))
