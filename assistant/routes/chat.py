"""POST /chat and POST /chat/stream (server-sent events)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.sse import EventSourceResponse, ServerSentEvent

from assistant.deps import ServicesDep, SettingsDep
from assistant.errors import TinhGonError
from assistant.routes.errors import status_for
from assistant.schemas import ChatRequest, ChatResponse, ErrorResponse

log = logging.getLogger("tinhgon.api")
router = APIRouter(tags=["chat"])

_ERRORS = {422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


def checked_request(request: ChatRequest, settings: SettingsDep) -> ChatRequest:
    """The validated body, with the configured question limit applied (it may be stricter than the
    schema's). A dependency, so that it fails before a streamed response has started."""
    if len(request.question) > settings.max_question_chars:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"Invalid request — question: at most {settings.max_question_chars} characters are accepted "
            f"(got {len(request.question)})",
        )
    return request


CheckedRequest = Annotated[ChatRequest, Depends(checked_request)]


def response_of(result: Any) -> ChatResponse:
    """The ChatResponse inside an AnswerResult (or the response itself)."""
    response = getattr(result, "response", result)
    if not isinstance(response, ChatResponse):
        raise TypeError(f"the assistant returned {type(result).__name__}, not an AnswerResult")
    return response


@router.post("/chat", response_model=ChatResponse, responses=_ERRORS, summary="Answer a question with citations")
def chat(request: CheckedRequest, services: ServicesDep) -> ChatResponse:
    return response_of(services.assistant.answer(request))


_STREAM_DOC = {
    200: {
        "description": "Server-sent events: `delta` events (`{\"text\": ...}`) as the answer is produced, then one "
        "`final` event with the same JSON as POST /chat; a failure arrives as an `error` event "
        "(`{\"detail\": ..., \"status\": ...}`).",
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "array",
                    "description": "The events of the stream, in order.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "event": {"type": "string", "enum": ["delta", "final", "error"]},
                            "data": {"type": "string", "description": "JSON: {text} for delta, the POST /chat response for final, {detail, status} for error."},
                        },
                        "required": ["event", "data"],
                    },
                }
            }
        },
    },
    **_ERRORS,
}


@router.post(
    "/chat/stream",
    response_class=EventSourceResponse,
    responses=_STREAM_DOC,
    summary="Answer a question, streaming the text as server-sent events",
)
def chat_stream(request: CheckedRequest, services: ServicesDep) -> Iterator[ServerSentEvent]:
    yield from stream_events(services, request)


def stream_events(services: Any, request: ChatRequest) -> Iterator[ServerSentEvent]:
    """Turn the assistant's stream (str deltas, then an AnswerResult) into SSE events; never raise."""
    try:
        final: ChatResponse | None = None
        for item in services.assistant.stream(request):
            if isinstance(item, str):
                if item:
                    yield ServerSentEvent(event="delta", data={"text": item})
            else:
                final = response_of(item)
        if final is None:
            raise TinhGonError("the answer stream ended without a final answer")
        yield ServerSentEvent(event="final", data=final)
    except TinhGonError as exc:
        yield ServerSentEvent(event="error", data={"detail": str(exc), "status": status_for(exc)})
    except Exception as exc:  # the response has started: report in-band, never drop the connection
        log.exception("chat stream failed")
        yield ServerSentEvent(
            event="error", data={"detail": f"Internal error ({type(exc).__name__})", "status": 500}
        )
