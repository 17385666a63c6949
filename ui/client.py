"""The chat UI's only door to the system: a small HTTP client of the Tinh Gọn API."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

DEFAULT_API_URL = "http://127.0.0.1:8000"
API = "/api/v1"


def api_url_from_env() -> str:
    return os.environ.get("TINHGON_API_URL", DEFAULT_API_URL).rstrip("/")


class ApiError(Exception):
    """The API refused a request or could not be reached; the message is meant for the user."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """One server-sent event: `delta` (data = {"text"}), `final` (a chat response) or `error`."""

    event: str
    data: Any


def parse_sse_lines(lines: Iterator[str]) -> Iterator[StreamEvent]:
    """Decode a text/event-stream line by line (JSON data, multi-line data joined with newlines)."""
    event, data = "message", []
    for line in lines:
        line = line.rstrip("\r")
        if not line:
            if data:
                yield StreamEvent(event, json.loads("\n".join(data)))
            event, data = "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
    if data:
        yield StreamEvent(event, json.loads("\n".join(data)))


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    return str(detail or response.text or response.reason_phrase)


class ApiClient:
    """Calls the API; every failure becomes an `ApiError` with a readable message."""

    def __init__(self, base_url: str | None = None, timeout: float = 60.0, api_key: str | None = None) -> None:
        self.base_url = (base_url or api_url_from_env()).rstrip("/")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, headers=headers, trust_env=False)

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(f"Không kết nối được tới API tại {self.base_url} ({type(exc).__name__}).") from exc
        if response.status_code >= 400:
            raise ApiError(_detail(response), response.status_code)
        return response.json()

    def post_json(self, path: str, body: dict[str, Any]) -> Any:
        """POST a JSON body to an API route (`/api/v1/...`) and return the decoded JSON answer."""
        return self._request("POST", path, json=body)

    def post_for_file(self, path: str, body: dict[str, Any]) -> bytes:
        """POST a JSON body to a route that answers with a file (an export) and return its bytes."""
        try:
            response = self._http.post(path, json=body)
        except httpx.HTTPError as exc:
            raise ApiError(f"Không kết nối được tới API tại {self.base_url} ({type(exc).__name__}).") from exc
        if response.status_code >= 400:
            raise ApiError(_detail(response), response.status_code)
        return response.content

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/healthz")

    def documents(self) -> list[dict[str, Any]]:
        return self._request("GET", f"{API}/documents")["documents"]

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document's whole cleaned text and metadata (a citation's quote is text[start:end])."""
        return self._request("GET", f"{API}/documents/{quote(doc_id, safe='')}")

    def upload(self, name: str, content: bytes, api_key: str | None = None) -> tuple[int, dict[str, Any]]:
        """Upload one file; returns the HTTP status and the per-file report. A refusal that still
        carries a report (409, 422: what failed and why) is returned, not raised."""
        try:
            response = self._http.post(
                f"{API}/documents", files=[("files", (name, content))], headers=_auth(api_key)
            )
        except httpx.HTTPError as exc:
            raise ApiError(f"Không kết nối được tới API tại {self.base_url} ({type(exc).__name__}).") from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("files"), list):
            return response.status_code, body
        raise ApiError(_detail(response), response.status_code)

    def delete(self, doc_id: str, api_key: str | None = None) -> dict[str, Any]:
        return self._request("DELETE", f"{API}/documents/{quote(doc_id, safe='')}", headers=_auth(api_key))

    def chat(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        return self._request("POST", f"{API}/chat", json=_chat_body(question, history, k, filters))

    def chat_stream(
        self,
        question: str,
        history: list[dict[str, str]] | None = None,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
    ) -> Iterator[StreamEvent]:
        """Events of POST /chat/stream; an HTTP error before the stream starts raises ApiError."""
        body = _chat_body(question, history, k, filters)
        try:
            with self._http.stream("POST", f"{API}/chat/stream", json=body) as response:
                if response.status_code >= 400:
                    response.read()
                    raise ApiError(_detail(response), response.status_code)
                yield from parse_sse_lines(response.iter_lines())
        except httpx.HTTPError as exc:
            raise ApiError(f"Không kết nối được tới API tại {self.base_url} ({type(exc).__name__}).") from exc

    def search(self, query: str, k: int = 5, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"query": query, "k": k}
        if filters:
            body["filters"] = filters
        return self._request("POST", f"{API}/search", json=body)["results"]

    def feedback(
        self,
        question: str,
        answer: str,
        rating: str,
        citations: list[dict[str, Any]] | None = None,
        comment: str | None = None,
        history: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        body = {
            "question": question,
            "answer": answer,
            "rating": rating,
            "comment": comment,
            "citations": citations or [],
            "history": history or [],
        }
        return self._request("POST", f"{API}/feedback", json=body)


def _auth(api_key: str | None) -> dict[str, str]:
    """The header of a writing request made with the key a user typed (overrides the client's)."""
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _chat_body(
    question: str, history: list[dict[str, str]] | None, k: int | None, filters: dict[str, Any] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"question": question, "history": history or []}
    if k is not None:
        body["k"] = k
    if filters:
        body["filters"] = filters
    return body
