"""Uploads report what really happened to every file and every JSONL record, and nothing is written
that the report does not say."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.settings import Settings

KEY = "upload-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
TEXT = "Huyện Hòa Thuận đã sắp xếp 12 xã thành 5 xã mới. Việc sắp xếp hoàn thành trong năm 2025."


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "data", api_key=KEY))) as test_client:
        yield test_client


def upload(client: TestClient, *files: tuple[str, str], replace: bool = False):
    params = {"replace": "true"} if replace else None
    return client.post(
        "/api/v1/documents", files=[("files", (n, c.encode("utf-8"))) for n, c in files], headers=AUTH, params=params
    )


def ids(client: TestClient) -> dict[str, str]:
    return {d["doc_id"]: d["source"] for d in client.get("/api/v1/documents").json()["documents"]}


def test_a_jsonl_with_one_bad_line_reports_each_record_and_keeps_the_file(client, tmp_path):
    good = json.dumps({"id": "tot", "title": "Tốt", "text": TEXT}, ensure_ascii=False)
    response = upload(client, ("hon_hop.jsonl", good + "\n{not json\n"))
    assert response.status_code == 207, response.text
    entry = response.json()["files"][0]
    assert entry["status"] == "indexed" and entry["doc_ids"] == ["tot"]
    statuses = sorted(r["status"] for r in entry["records"])
    assert statuses == ["failed", "indexed"]
    bad = next(r for r in entry["records"] if r["status"] == "failed")
    assert bad["error"].startswith("hon_hop.jsonl") and "/" not in bad["error"].split(":")[0]
    assert "tot" in ids(client) and (tmp_path / "data" / "uploads" / "hon_hop.jsonl").is_file()


def test_two_files_making_the_same_document_are_both_refused_before_anything_is_written(client, tmp_path):
    response = upload(client, ("cung_ten.txt", TEXT), ("cung_ten.md", TEXT))
    assert response.status_code == 422, response.text
    assert all(f["status"] == "failed" and "would also become" in f["error"] for f in response.json()["files"])
    assert "cung_ten" not in ids(client)
    assert not any((tmp_path / "data" / "uploads").glob("cung_ten.*"))


def test_an_existing_document_from_another_file_needs_replace(client):
    assert upload(client, ("van_ban.txt", TEXT)).status_code == 201
    refused = upload(client, ("van_ban.md", TEXT + " Thêm một câu."))
    assert refused.status_code == 409, refused.text
    assert "replace=true" in refused.json()["files"][0]["error"]
    assert ids(client)["van_ban"] == "van_ban.txt"  # untouched
    replaced = upload(client, ("van_ban.md", TEXT + " Thêm một câu."), replace=True)
    assert replaced.status_code == 201 and ids(client)["van_ban"] == "van_ban.md"


def test_uploading_the_same_file_again_is_reported_unchanged(client):
    assert upload(client, ("lap_lai.txt", TEXT)).status_code == 201
    again = upload(client, ("lap_lai.txt", TEXT))
    assert again.status_code == 200, again.text
    body = again.json()
    assert body["files"][0]["status"] == "unchanged" and body["documents"] == 0 and body["failed"] == 0
