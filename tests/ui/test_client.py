"""ui.client against a real API served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import pytest

from ui.client import ApiClient, ApiError, parse_sse_lines
from assistant.background_server import free_port

pytestmark = pytest.mark.slow

QUESTION = "Sơn La thực hiện nhất thể hóa những chức danh nào?"


@pytest.fixture
def client(live_api):
    api = ApiClient(live_api.url, timeout=60)
    yield api
    api.close()


def test_sse_parser_handles_comments_multiline_data_and_a_missing_final_blank():
    lines = [": ping", "event: delta", 'data: {"text":', 'data: "a"}', "", "event: final", "data: 1"]
    events = list(parse_sse_lines(iter(lines)))
    assert [(e.event, e.data) for e in events] == [("delta", {"text": "a"}), ("final", 1)]


def test_health_and_search(client):
    health = client.health()
    assert health["documents"] == 5 and health["embedder"]
    results = client.search("nhat the hoa chuc danh", k=2)
    assert len(results) == 2 and results[0]["text"]


def test_chat_and_stream_agree(client):
    plain = client.chat(QUESTION)
    events = list(client.chat_stream(QUESTION))
    assert events[-1].event == "final" and all(e.event == "delta" for e in events[:-1])
    assert "".join(e.data["text"] for e in events[:-1]) == events[-1].data["answer"] == plain["answer"]
    assert events[-1].data["citations"] == plain["citations"]


def test_history_is_sent(client, live_api):
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "…"}]
    client.chat("Còn Bến Tre thì sao?", history=history)
    assert [t.content for t in live_api.assistant.requests[-1].history] == [QUESTION, "…"]


def test_feedback_is_stored(client):
    answer = client.chat(QUESTION)
    record = client.feedback(QUESTION, answer["answer"], "down", answer["citations"], comment="thiếu")
    assert record["id"] >= 1 and record["rating"] == "down" and record["citations"] == answer["citations"]


def test_a_document_is_read_whole_and_an_unknown_one_is_a_404(client):
    hit = client.search("nhat the hoa chuc danh", k=1)[0]
    document = client.document(hit["doc_id"])
    assert document["text"][hit["start"]:hit["end"]] == hit["text"] and document["title"] == hit["title"]
    with pytest.raises(ApiError) as raised:
        client.document("khong/co ai")
    assert raised.value.status == 404


def test_filters_reach_the_api(client):
    results = client.search("bi thu kiem chu tich", k=5, filters={"published_from": "2021-01-01"})
    assert results and all((r["published"] or "") >= "2021-01-01" for r in results)


def test_api_errors_carry_the_message(client):
    with pytest.raises(ApiError) as raised:
        client.chat("   ")
    assert raised.value.status == 422 and "question" in str(raised.value)
    with pytest.raises(ApiError) as raised:
        list(client.chat_stream("x" * 5000))
    assert raised.value.status == 422


def test_an_unreachable_api_is_a_readable_error():
    api = ApiClient(f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(ApiError, match="Không kết nối được"):
        api.health()
    with pytest.raises(ApiError, match="Không kết nối được"):
        list(api.chat_stream("xin chào"))
