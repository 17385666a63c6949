"""Inputs an attacker or a careless client sends: every one gets a 4xx with a message, never a 500.

Bodies are sent as raw bytes so that JSON escapes the HTTP client would refuse to encode (a lone
surrogate "\\ud800") reach the server exactly as an attacker would send them.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.settings import Settings

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("hostile")))
    return TestClient(app, raise_server_exceptions=False)


BODIES = [
    ("/api/v1/chat", r'{"question": "a\ud800b"}', "question"),
    ("/api/v1/chat", r'{"question": "x\u0000y"}', "question"),
    ("/api/v1/chat", r'{"question": "x", "filters": {"sources": ["\ud800"]}}', "filters.sources"),
    ("/api/v1/chat", r'{"question": "x", "filters": {"references": ["a\u0007b"]}}', "filters.references"),
    ("/api/v1/chat", r'{"question": "x", "history": [{"role": "user", "content": "\udfff"}]}', "history"),
    ("/api/v1/chat", '{"question": "x", "k": "5"}', "k"),
    ("/api/v1/chat", '{"question": "x", "k": true}', "k"),
    ("/api/v1/chat", '{"question": "x", "k": 99999999999999999999999}', "k"),
    ("/api/v1/chat", '{"question": "x", "filters": {"published_from": "2021-13-01"}}', "published_from"),
    ("/api/v1/chat", '{"question": "x", "filters": {"sources": [' + ",".join(['"a"'] * 51) + "]}}", "filters.sources"),
    ("/api/v1/chat", '{"question": "   "}', "question"),
    ("/api/v1/chat", '{"question": "' + "a" * 1001 + '"}', "question"),
    ("/api/v1/chat/stream", r'{"question": "a\ud800"}', "question"),
    ("/api/v1/search", r'{"query": "x", "filters": {"references": ["\ud800"]}}', "filters.references"),
    ("/api/v1/search", '{"query": "x", "k": 0}', "k"),
    ("/api/v1/feedback", r'{"question": "q", "answer": "a", "rating": "up", "citations": [{"n": 1, "doc_id": "\ud800", '
     r'"source": "s", "title": "t", "quote": "q", "start": 0, "end": 1}]}', "citations"),
    ("/api/v1/feedback", '{"question": "q", "answer": "a", "rating": "up", "citations": [{"n": 1, "doc_id": "d", '
     '"source": "s", "title": "t", "quote": "q", "start": -1, "end": 99999999999999}]}', "citations"),
    ("/api/v1/feedback", r'{"question": "q", "answer": "a\u0000", "rating": "up"}', "answer"),
]


@pytest.mark.parametrize(("path", "body", "field"), BODIES)
def test_hostile_bodies_get_a_422_naming_the_field(client: TestClient, path: str, body: str, field: str) -> None:
    response = client.post(path, content=body.encode("utf-8"), headers=JSON)
    assert response.status_code == 422, response.text
    data = response.json()
    assert field in data["detail"] and data["detail"].startswith("Invalid request")
    assert response.headers["x-request-id"]


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=-1", "limit=0", "limit=abc", "rating=meh"])
def test_feedback_listing_bounds(client: TestClient, query: str) -> None:
    response = client.get(f"/api/v1/feedback?{query}")
    assert response.status_code == 422 and response.json()["detail"]


@pytest.mark.parametrize(
    ("name", "message"),
    [("a" * 300 + ".txt", "longer than 255 bytes"), ("ok\u202e.txt", "U+202E"), ("../../x.exe", "unsupported file type")],
)
def test_hostile_upload_names_fail_alone_with_a_message(client: TestClient, name: str, message: str) -> None:
    files = [("files", (name, "Nội dung văn bản thử nghiệm.".encode(), "text/plain"))]
    response = client.post("/api/v1/documents", files=files)
    assert response.status_code == 422
    entry = response.json()["files"][0]
    assert entry["status"] == "failed" and message in entry["error"]
    assert "/" not in entry["error"].split(":")[0]  # the message names the file, not a server path


def test_an_unexpected_failure_is_a_json_500_with_the_request_id(tmp_path) -> None:
    class Broken:
        def answer(self, request):
            raise RuntimeError("boom")

    client = TestClient(create_app(Settings(data_dir=tmp_path), assistant=Broken()), raise_server_exceptions=False)
    response = client.post("/api/v1/chat", json={"question": "Có bao nhiêu xã?"})
    assert response.status_code == 500
    body = response.json()
    assert body["request_id"] == response.headers["x-request-id"] and body["request_id"] in body["detail"]
    assert client.get("/healthz").status_code == 200  # the server goes on serving


def test_the_docs_page_needs_no_network(client: TestClient) -> None:
    import re

    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/static/") for a in assets)  # nothing from a CDN
    assert all(client.get(a).status_code == 200 for a in assets)
    assert "//cdn" not in page.text and "https://" not in page.text
