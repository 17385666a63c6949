"""API workers sharing one real `chroma run` server: an upload through one is found by a search
through another within a second, whether the workers are separate `tinhgon serve` processes (two
machines) or the workers of one `tinhgon serve --workers 2`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from assistant.background_processes import tinhgon_serve
from assistant.background_server import free_port

KEY = "workers-key"
VISIBLE_WITHIN_S = 1.0
TEXT = (
    "Huyện Đồi Mây đã sắp xếp 17 xã thành 6 xã mới theo Nghị quyết của Ủy ban Thường vụ Quốc hội.\n\n"
    "Trụ sở xã Đồi Mây mới đặt tại thôn Bến Gỗ, cách trung tâm huyện 12 km."
)


def _env(data_dir: Path, chroma_url: str, collection: str) -> dict[str, str]:
    return {
        **os.environ,
        "TINHGON_DATA_DIR": str(data_dir),
        "TINHGON_CHROMA_URL": chroma_url,
        "TINHGON_COLLECTION": collection,
        "TINHGON_API_KEY": KEY,
    }


def _upload(url: str, name: str) -> None:
    response = httpx.post(
        f"{url}/api/v1/documents", files=[("files", (name, TEXT.encode("utf-8")))], headers={"Authorization": f"Bearer {KEY}"}, timeout=120
    )
    assert response.status_code == 201, response.text


def _found(url: str, doc_id: str) -> bool:
    response = httpx.post(f"{url}/api/v1/search", json={"query": "Đồi Mây sắp xếp 17 xã", "k": 3}, timeout=30)
    assert response.status_code == 200, response.text
    return any(hit["doc_id"] == doc_id for hit in response.json()["results"])


def _seconds_until_found(url: str, doc_id: str, limit_s: float = 10.0) -> float:
    began = time.monotonic()
    while not _found(url, doc_id):
        assert time.monotonic() - began < limit_s, f"{doc_id} not found through {url} after {limit_s} s"
        time.sleep(0.05)
    return time.monotonic() - began


def test_an_upload_through_one_api_process_is_searchable_through_another(tmp_path, chroma_server):
    with tinhgon_serve(_env(tmp_path / "a", chroma_server, "workers1")) as first, tinhgon_serve(_env(tmp_path / "b", chroma_server, "workers1")) as second:
        first, second = first.url, second.url
        assert not _found(second, "doi_may")
        _upload(first, "doi_may.txt")
        assert _seconds_until_found(second, "doi_may") <= VISIBLE_WITHIN_S
        deleted = httpx.delete(f"{second}/api/v1/documents/doi_may", headers={"Authorization": f"Bearer {KEY}"}, timeout=30)
        assert deleted.status_code == 200, deleted.text
        time.sleep(VISIBLE_WITHIN_S)
        assert not _found(first, "doi_may")


def test_serve_with_two_workers_shares_one_index(tmp_path, chroma_server):
    with tinhgon_serve(_env(tmp_path / "w", chroma_server, "workers2"), "--workers", "2") as server:
        url = server.url
        _upload(url, "doi_may_2.txt")
        time.sleep(VISIBLE_WITHIN_S)
        # each request may reach either worker: every one of them must see the upload
        assert all(_found(url, "doi_may_2") for _ in range(12))


def test_serve_refuses_workers_without_a_chroma_server(tmp_path):
    env = {**os.environ, "TINHGON_DATA_DIR": str(tmp_path / "data"), "TINHGON_API_KEY": KEY}
    env.pop("TINHGON_CHROMA_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "serve", "--workers", "2", "--port", str(free_port())],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2 and "TINHGON_CHROMA_URL" in result.stderr
