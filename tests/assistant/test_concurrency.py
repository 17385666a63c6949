"""20 concurrent chats over real HTTP while an upload is being indexed: no error, and every answer
is the one the same question gets alone (before or after the upload: a chat sees the index either
without or with the new document, never a half-written one)."""

from __future__ import annotations

import json
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.api import create_app
from assistant.background_server import serve_in_thread

KEY = "concurrency-key"
CHATS = 20


def _questions(dev_set_path: Path) -> list[str]:
    rows = [json.loads(line) for line in dev_set_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [row["question"] for row in rows if not row.get("history")]
    assert len(questions) >= CHATS
    return questions[:CHATS]


def _off_topic_document() -> str:
    """A long text on another subject (shrimp farming), unique per run so its vectors are computed."""
    stamp = time.time_ns()
    paragraphs = [
        f"Vụ nuôi tôm thứ {i} của hợp tác xã ven biển đạt năng suất {7 + i % 5} tấn mỗi héc-ta, "
        f"cao hơn vụ trước {i % 9 + 2}%. Ao nuôi được thay nước {i % 4 + 2} lần mỗi tuần và kiểm tra độ mặn "
        f"vào sáng sớm. Kỹ sư thủy sản khuyến cáo mật độ thả {60 + i} con mỗi mét vuông (mã lô {stamp}-{i})."
        for i in range(12)
    ]
    return "\n\n".join(paragraphs)


def _answer(client: httpx.Client, question: str) -> tuple[int, str, list[tuple[str, int, int]]]:
    response = client.post("/api/v1/chat", json={"question": question})
    if response.status_code != 200:
        return response.status_code, response.text, []
    body = response.json()
    return 200, body["answer"], [(c["doc_id"], c["start"], c["end"]) for c in body["citations"]]


@pytest.fixture
def live_url(corpus_settings, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_settings.data_dir, data_dir)
    settings = corpus_settings.model_copy(update={"data_dir": data_dir, "api_key": KEY})
    with serve_in_thread(create_app(settings)) as url:
        yield url


def test_twenty_chats_during_an_upload_all_succeed_with_their_usual_answers(live_url, dev_set_path):
    questions = _questions(dev_set_path)
    with httpx.Client(base_url=live_url, timeout=120, trust_env=False) as client:
        alone_before = {q: _answer(client, q) for q in questions}

    upload_done: dict[str, float | int] = {}

    def upload() -> None:
        with httpx.Client(base_url=live_url, timeout=300, trust_env=False) as client:
            response = client.post(
                "/api/v1/documents",
                files=[("files", ("nuoi_tom.txt", _off_topic_document().encode("utf-8")))],
                headers={"Authorization": f"Bearer {KEY}"},
            )
        upload_done.update(status=response.status_code, at=time.monotonic())

    def chat(question: str) -> tuple[str, tuple[int, str, list[tuple[str, int, int]]], float]:
        with httpx.Client(base_url=live_url, timeout=300, trust_env=False) as client:
            result = _answer(client, question)
        return question, result, time.monotonic()

    uploader = threading.Thread(target=upload)
    uploader.start()
    time.sleep(0.2)  # the upload request is on its way before the chats start
    with ThreadPoolExecutor(max_workers=CHATS) as pool:
        during = list(pool.map(chat, questions))
    uploader.join(300)

    assert upload_done.get("status") == 201
    assert min(finished for _, _, finished in during) < upload_done["at"], "no chat overlapped the upload"
    with httpx.Client(base_url=live_url, timeout=120, trust_env=False) as client:
        alone_after = {q: _answer(client, q) for q in questions}
    for question, result, _ in during:
        assert result[0] == 200, f"{question!r}: {result[1]}"
        assert result in (alone_before[question], alone_after[question]), f"{question!r} answered differently under load"
