"""The HTTP API end to end: the real chain over a real index (Chroma + BM25) built in tmp_path."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.settings import Settings
from sse_events import parse_sse

pytestmark = pytest.mark.slow

QUESTION = "Tỉnh Bến Tre có bao nhiêu trường hợp kiêm nhiệm?"
OFF_TOPIC = "Giá vé máy bay từ Hà Nội đi Tokyo tháng sau là bao nhiêu?"


@pytest.fixture(scope="module")
def corpus_client(corpus_settings) -> TestClient:
    with TestClient(create_app(corpus_settings)) as client:
        yield client


def _document_text(client: TestClient, doc_id: str) -> str:
    return client.app.state.services.store.get_document(doc_id).text


def _check_citations(client: TestClient, data: dict) -> None:
    for n, citation in enumerate(data["citations"], start=1):
        assert citation["n"] == n
        text = _document_text(client, citation["doc_id"])
        assert text[citation["start"]:citation["end"]] == citation["quote"]
        assert citation["quote"] in citation["passage"]


def test_healthz_counts_the_index(corpus_client):
    data = corpus_client.get("/healthz").json()
    assert data["status"] == "ok" and data["documents"] == 5 and data["passages"] > 5
    assert data["embedder"] and data["waiting_for_vectors"] == 0
    assert corpus_client.get("/api/v1/healthz").json() == data


def test_documents_are_listed(corpus_client):
    documents = corpus_client.get("/api/v1/documents").json()["documents"]
    assert len(documents) == 5
    assert all(d["source"].endswith(".txt") and d["title"] and d["passages"] > 0 for d in documents)
    assert all(d["added"] and d["added"].endswith("Z") for d in documents)  # when each was indexed


def test_a_document_is_served_whole_and_citations_index_into_it(corpus_client):
    data = corpus_client.post("/api/v1/chat", json={"question": QUESTION}).json()
    citation = data["citations"][0]
    response = corpus_client.get(f"/api/v1/documents/{citation['doc_id']}")
    assert response.status_code == 200, response.text
    document = response.json()
    assert document["text"][citation["start"]:citation["end"]] == citation["quote"]
    assert document["title"] == citation["title"] and document["source"] == citation["source"]
    assert document["passages"] > 0
    missing = corpus_client.get("/api/v1/documents/khong-co-tai-lieu-nay")
    assert missing.status_code == 404 and "khong-co-tai-lieu-nay" in missing.json()["detail"]


def test_chat_answers_with_verbatim_citations(corpus_client):
    response = corpus_client.post("/api/v1/chat", json={"question": QUESTION})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["found"] is True and data["mode"] == "extractive"
    assert data["citations"] and "[1]" in data["answer"]
    _check_citations(corpus_client, data)
    assert data["timings_ms"]


def test_chat_refuses_off_topic_questions(corpus_client):
    data = corpus_client.post("/api/v1/chat", json={"question": OFF_TOPIC}).json()
    assert data["found"] is False and data["answer"]


def test_follow_up_uses_history(corpus_client):
    history = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": corpus_client.post("/api/v1/chat", json={"question": QUESTION}).json()["answer"]},
    ]
    data = corpus_client.post("/api/v1/chat", json={"question": "Hội nghị sơ kết đó do ai chủ trì?", "history": history}).json()
    assert data["found"] is True
    _check_citations(corpus_client, data)


def test_stream_final_event_equals_chat(corpus_client):
    response = corpus_client.post("/api/v1/chat/stream", json={"question": QUESTION})
    assert response.status_code == 200
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    assert names[-1] == "final" and names.count("final") == 1 and "error" not in names
    assert set(names[:-1]) <= {"delta"} and names[:-1]
    final = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == final["answer"]
    plain = corpus_client.post("/api/v1/chat", json={"question": QUESTION}).json()
    assert {k: v for k, v in final.items() if k != "timings_ms"} == {k: v for k, v in plain.items() if k != "timings_ms"}


def test_search_returns_the_cli_fields(corpus_client):
    response = corpus_client.post("/api/v1/search", json={"query": "bi thu kiem chu tich ubnd xa", "k": 3})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 0 < len(results) <= 3
    assert set(results[0]) == {"doc_id", "source", "title", "published", "text", "start", "end", "score"}
    for hit in results:
        assert _document_text(corpus_client, hit["doc_id"])[hit["start"]:hit["end"]] == hit["text"]
    scores = [hit["score"] for hit in results]
    assert scores == sorted(scores, reverse=True)


def test_search_filters_narrow_the_results(corpus_client):
    source = corpus_client.get("/api/v1/documents").json()["documents"][0]["source"]
    body = {"query": "mô hình kiêm nhiệm", "k": 5, "filters": {"sources": [source]}}
    results = corpus_client.post("/api/v1/search", json=body).json()["results"]
    assert results and {hit["source"] for hit in results} == {source}


# --- writing routes, on a fresh store of their own ------------------------------------------------

GOOD_TEXT = (
    "Xã Hòa Thuận thí điểm mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND xã\n"
    "Cập nhật ngày: 02/03/2023 08:00:00\n"
    "Từ ngày 1/3/2023, xã Hòa Thuận thí điểm mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND xã. "
    "Sau sáu tháng, xã đã giảm được 4 đầu mối cán bộ cấp xã. "
    "Ông Nguyễn Văn An được phân công giữ chức Bí thư kiêm Chủ tịch UBND xã.\n"
)
KEY = "k-123"
AUTH = {"Authorization": f"Bearer {KEY}"}


def _broken_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


@pytest.fixture
def writer(tmp_path) -> TestClient:
    settings = Settings(data_dir=tmp_path / "data", api_key=KEY)
    with TestClient(create_app(settings)) as client:
        yield client


def _upload(client: TestClient, *files: tuple[str, bytes], headers=AUTH):
    return client.post(
        "/api/v1/documents", files=[("files", (name, content)) for name, content in files], headers=headers
    )


def test_upload_search_and_delete_a_document(writer, tmp_path):
    response = _upload(writer, ("hoa_thuan.txt", GOOD_TEXT.encode("utf-8")))
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["failed"] == 0 and report["documents"] == 1 and report["passages"] >= 1
    assert report["files"][0]["status"] == "indexed" and report["files"][0]["doc_ids"] == ["hoa_thuan"]
    assert (tmp_path / "data" / "uploads" / "hoa_thuan.txt").is_file()

    listed = writer.get("/api/v1/documents").json()["documents"]
    assert [d["doc_id"] for d in listed] == ["hoa_thuan"] and listed[0]["published"] == "2023-03-02"
    hits = writer.post("/api/v1/search", json={"query": "Hòa Thuận giảm bao nhiêu đầu mối", "k": 2}).json()["results"]
    assert hits[0]["doc_id"] == "hoa_thuan"
    answer = writer.post("/api/v1/chat", json={"question": "Xã Hòa Thuận đã giảm được bao nhiêu đầu mối cán bộ?"}).json()
    assert answer["found"] is True and "4 đầu mối" in answer["answer"]

    assert writer.delete("/api/v1/documents/hoa_thuan", headers=AUTH).json() == {"doc_id": "hoa_thuan", "deleted": True}
    assert writer.get("/api/v1/documents").json()["documents"] == []
    assert writer.get("/healthz").json()["passages"] == 0
    assert not (tmp_path / "data" / "uploads" / "hoa_thuan.txt").exists()
    missing = writer.delete("/api/v1/documents/hoa_thuan", headers=AUTH)
    assert missing.status_code == 404 and "hoa_thuan" in missing.json()["detail"]


def test_a_corrupt_file_is_reported_and_never_indexed(writer, tmp_path):
    response = _upload(
        writer,
        ("good.txt", GOOD_TEXT.encode("utf-8")),
        ("broken.docx", _broken_docx()),
        ("garbage.pdf", b"%PDF-1.4 \x00\x01\x02 definitely not a pdf"),
    )
    assert response.status_code == 207, response.text
    files = {entry["filename"]: entry for entry in response.json()["files"]}
    assert files["good.txt"]["status"] == "indexed"
    for name in ("broken.docx", "garbage.pdf"):
        assert files[name]["status"] == "failed" and files[name]["error"].startswith(name)
    assert response.json()["failed"] == 2
    assert [d["doc_id"] for d in writer.get("/api/v1/documents").json()["documents"]] == ["good"]
    uploads = tmp_path / "data" / "uploads"
    assert sorted(p.name for p in uploads.iterdir() if not p.name.startswith(".")) == ["good.txt"]
    assert not any((uploads / ".staging").iterdir())


def test_an_upload_where_every_file_fails_is_422(writer):
    response = _upload(writer, ("empty.txt", b""), ("binary.txt", bytes(range(256)) * 8))
    assert response.status_code == 422
    assert response.json()["failed"] == 2 and all(f["error"] for f in response.json()["files"])
    assert writer.get("/healthz").json()["documents"] == 0


def test_writing_routes_need_the_key(writer):
    good = ("x.txt", GOOD_TEXT.encode("utf-8"))
    assert _upload(writer, good, headers={}).status_code == 401
    assert _upload(writer, good, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert writer.delete("/api/v1/documents/x").status_code == 401
    assert writer.delete("/api/v1/documents/x", headers={"Authorization": "Basic abc"}).status_code == 401
    assert writer.get("/healthz").json()["documents"] == 0
    assert writer.post("/api/v1/documents", headers=AUTH).status_code == 422  # no files at all


def test_upload_names_cannot_escape_the_uploads_folder(writer, tmp_path):
    response = _upload(writer, ("../../escape.txt", GOOD_TEXT.encode("utf-8")), ("tool.exe", b"MZ\x00\x00"))
    assert response.status_code == 207
    files = response.json()["files"]
    assert files[0]["status"] == "indexed" and files[0]["doc_ids"] == ["escape"]
    assert files[1]["status"] == "failed" and "unsupported" in files[1]["error"]
    assert (tmp_path / "data" / "uploads" / "escape.txt").is_file()
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()
