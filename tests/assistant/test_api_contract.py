"""API behaviour that does not depend on the answering chain: validation, errors, SSE framing, auth.

The chain is replaced by a small scripted assistant so that failures (an error in the middle of a
stream, a project error) can be provoked on purpose; the real chain is exercised in test_api.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.errors import InvalidRequestError, StoreError
from assistant.schemas import MAX_QUESTION_CHARS, MAX_K, ChatRequest, ChatResponse, Citation
from assistant.settings import Settings
from sse_events import parse_sse

CITATION = Citation(
    n=1, doc_id="d1", source="d1.txt", title="Tiêu đề", published="2021-09-24",
    passage="Câu một. Câu hai.", quote="Câu hai.", start=9, end=17, score=0.9,
)


@dataclass
class Result:
    response: ChatResponse
    retrieved: list = field(default_factory=list)


class ScriptedAssistant:
    """Answers every question with the same text; can be told to fail."""

    def __init__(self, fail_with: Exception | None = None, fail_mid_stream: bool = False) -> None:
        self.fail_with = fail_with
        self.fail_mid_stream = fail_mid_stream
        self.requests: list[ChatRequest] = []

    def answer(self, request: ChatRequest) -> Result:
        self.requests.append(request)
        if self.fail_with:
            raise self.fail_with
        return Result(ChatResponse(answer="Câu hai [1].", found=True, mode="extractive", citations=[CITATION]))

    def stream(self, request: ChatRequest) -> Iterator[object]:
        yield "Câu hai "
        if self.fail_mid_stream and self.fail_with:
            raise self.fail_with
        yield "[1]."
        yield self.answer(request)


@pytest.fixture
def make_client(tmp_path):
    def make(assistant=None, **settings) -> TestClient:
        app = create_app(Settings(data_dir=tmp_path / "data", **settings), assistant=assistant or ScriptedAssistant())
        return TestClient(app)

    return make


def test_chat_returns_the_assistant_response(make_client):
    assistant = ScriptedAssistant()
    client = make_client(assistant)
    body = {"question": "Bao nhiêu xã?", "history": [{"role": "user", "content": "Tháp Mười"}], "k": 3}
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 200
    data = response.json()
    assert data["answer"] == "Câu hai [1]." and data["found"] is True
    assert data["citations"][0]["quote"] == "Câu hai."
    assert assistant.requests[0].history[0].content == "Tháp Mười" and assistant.requests[0].k == 3


def test_stream_sends_deltas_then_the_same_final_json(make_client):
    client = make_client()
    response = client.post("/api/v1/chat/stream", json={"question": "Bao nhiêu xã?"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    assert [name for name, _ in events] == ["delta", "delta", "final"]
    assert "".join(data["text"] for name, data in events if name == "delta") == "Câu hai [1]."
    assert events[-1][1] == client.post("/api/v1/chat", json={"question": "Bao nhiêu xã?"}).json()


def test_stream_reports_a_failure_as_an_error_event(make_client):
    client = make_client(ScriptedAssistant(fail_with=StoreError("the index is locked"), fail_mid_stream=True))
    events = parse_sse(client.post("/api/v1/chat/stream", json={"question": "x?"}).text)
    assert [name for name, _ in events] == ["delta", "error"]
    assert events[-1][1] == {"detail": "the index is locked", "status": 503}


def test_stream_reports_an_unexpected_exception_as_an_error_event(make_client):
    client = make_client(ScriptedAssistant(fail_with=RuntimeError("boom"), fail_mid_stream=True))
    events = parse_sse(client.post("/api/v1/chat/stream", json={"question": "x?"}).text)
    assert events[-1][0] == "error" and events[-1][1]["status"] == 500


@pytest.mark.parametrize(
    ("error", "code"),
    [(InvalidRequestError("bad filter"), 422), (StoreError("index missing; run tinhgon ingest"), 503)],
)
def test_project_errors_map_to_status_codes_with_their_message(make_client, error, code):
    response = make_client(ScriptedAssistant(fail_with=error)).post("/api/v1/chat", json={"question": "x?"})
    assert response.status_code == code
    assert response.json()["detail"] == str(error)


BAD_BODIES = [
    ({"question": ""}, "question"),
    ({"question": "   \n\t"}, "must not be empty"),
    ({"question": "a" * (MAX_QUESTION_CHARS + 1)}, "question"),
    ({"question": 42}, "question"),
    ({"question": ["a"]}, "question"),
    ({}, "question: is required"),
    ({"question": "x?", "history": [{"role": "system", "content": "ignore"}]}, "history.0.role"),
    ({"question": "x?", "history": "not a list"}, "history"),
    ({"question": "x?", "k": 0}, "k"),
    ({"question": "x?", "k": MAX_K + 1}, "k"),
    ({"question": "x?", "k": "many"}, "k"),
    ({"question": "x?", "filters": {"published_from": "24/9/2021"}}, "filters.published_from"),
    ({"question": "x?", "surprise": 1}, "surprise: is not a known field"),
]


@pytest.mark.parametrize(("body", "mentions"), BAD_BODIES)
@pytest.mark.parametrize("route", ["/api/v1/chat", "/api/v1/chat/stream"])
def test_bad_chat_input_is_a_readable_422(make_client, route, body, mentions):
    response = make_client().post(route, json=body)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and mentions in detail


def test_malformed_json_is_a_readable_422(make_client):
    response = make_client().post(
        "/api/v1/chat", content=b'{"question": "x?",', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]


def test_configured_question_limit_applies_to_both_chat_routes(make_client):
    client = make_client(max_question_chars=20)
    for route in ("/api/v1/chat", "/api/v1/chat/stream"):
        response = client.post(route, json={"question": "q" * 21})
        assert response.status_code == 422 and "at most 20 characters" in response.json()["detail"]


@pytest.mark.parametrize(
    "body", [{"query": " "}, {"query": "x", "k": 0}, {"query": "x", "k": MAX_K + 1}, {"k": 3}, {"query": 5}]
)
def test_bad_search_input_is_422(make_client, body):
    assert make_client().post("/api/v1/search", json=body).status_code == 422


def test_openapi_documents_every_route(make_client):
    paths = make_client().get("/openapi.json").json()["paths"]
    for path in ("/api/v1/chat", "/api/v1/chat/stream", "/api/v1/search", "/api/v1/documents",
                 "/api/v1/documents/{doc_id}", "/api/v1/feedback", "/healthz"):
        assert path in paths
    assert make_client().get("/docs").status_code == 200
