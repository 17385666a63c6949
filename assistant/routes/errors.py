"""Exception handlers: every failure leaves the API as JSON `{"detail": "..."}` a person can read."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import errors

log = logging.getLogger("tinhgon.api")

# Most specific first: the first matching class decides the status code.
_STATUS_BY_ERROR: tuple[tuple[type[errors.TinhGonError], int], ...] = (
    (errors.InvalidRequestError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (errors.DocumentLoadError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (errors.DatasetError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (errors.DocumentNotFoundError, status.HTTP_404_NOT_FOUND),
    (errors.EmbedderMismatchError, status.HTTP_409_CONFLICT),
    (errors.LLMUnavailableError, status.HTTP_503_SERVICE_UNAVAILABLE),
    (errors.EmbedderError, status.HTTP_503_SERVICE_UNAVAILABLE),
    (errors.StoreError, status.HTTP_503_SERVICE_UNAVAILABLE),
    (errors.ConfigurationError, status.HTTP_500_INTERNAL_SERVER_ERROR),
)


def status_for(exc: errors.TinhGonError) -> int:
    """The HTTP status a project error maps to (500 for an unclassified one)."""
    for kind, code in _STATUS_BY_ERROR:
        if isinstance(exc, kind):
            return code
    return status.HTTP_500_INTERNAL_SERVER_ERROR


def describe_validation_errors(raw: Any) -> tuple[str, list[dict[str, Any]]]:
    """A one-line summary and a JSON-safe list of pydantic/FastAPI validation errors."""
    items: list[dict[str, Any]] = []
    for error in raw:
        loc = [part for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        where = ".".join(str(part) for part in loc) or "request"
        kind = error.get("type", "")
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        if kind == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "")
            where, message = "body", f"is not valid JSON ({reason})" if reason else "is not valid JSON"
        elif not loc and kind in ("model_attributes_type", "dict_type", "model_type"):
            where, message = "body", "must be a JSON object (send Content-Type: application/json)"
        elif kind == "missing":
            message = "is required"
        elif kind == "string_pattern_mismatch":
            value = error.get("input")
            blank = isinstance(value, str) and not value.strip()
            message = "must not be empty" if blank else "must be text without control characters"
        elif kind == "extra_forbidden":
            message = "is not a known field"
        items.append({"loc": [str(part) for part in loc], "msg": message, "type": kind})
        items[-1]["field"] = where
    summary = "; ".join(f"{item['field']}: {item['msg']}" for item in items) or "invalid request"
    return f"Invalid request — {summary}", items


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    detail, items = describe_validation_errors(exc.errors())
    return JSONResponse({"detail": detail, "errors": items}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _project_error_handler(request: Request, exc: errors.TinhGonError) -> JSONResponse:
    code = status_for(exc)
    if code >= 500:
        log.error("request %s %s failed: %s", request.method, request.url.path, exc)
    return JSONResponse({"detail": str(exc)}, status_code=code)


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    request_id = request_id_of(request)
    log.exception("unexpected error on %s %s (request %s)", request.method, request.url.path, request_id)
    return JSONResponse(
        {
            "detail": f"Internal error ({type(exc).__name__}); the server log has the details under request {request_id}.",
            "request_id": request_id,
        },
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
        headers={REQUEST_ID_HEADER: request_id},  # this response leaves outside the request-id middleware
    )


REQUEST_ID_HEADER = "X-Request-ID"


def request_id_of(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", "")) or "-"


class RequestIdMiddleware:
    """Gives every request an id, echoed in the `X-Request-ID` response header and in server logs
    (a plain ASGI middleware, so streamed answers pass through untouched)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)


async def _http_error_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """FastAPI's HTTP errors as `{"detail": ...}`; a 405 names every method the path accepts."""
    headers = dict(exc.headers or {})
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        allowed = sorted(_methods_of(request))
        headers["Allow"] = ", ".join(allowed)
        detail = f"{request.method} is not allowed here; use {' or '.join(allowed)}"
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers or None)


def _methods_of(request: Request) -> set[str]:
    """Every method the app documents for this request's path (HEAD and OPTIONS are not served)."""
    schema = request.app.openapi()
    path = request.url.path
    methods: set[str] = set()
    for template, operations in schema.get("paths", {}).items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if template.endswith("}") and "{doc_id" in template:
            pattern = pattern.removesuffix("[^/]+") + ".+"  # a document id may hold "/"
        if re.fullmatch(pattern, path):
            methods |= {method.upper() for method in operations}
    return methods or {"GET"}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
    app.add_exception_handler(errors.TinhGonError, _project_error_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
    app.add_middleware(RequestIdMiddleware)
