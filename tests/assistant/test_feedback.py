"""The SQLite feedback store and the /feedback routes: durable, filtered, guarded by the key."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.feedback import FeedbackStore, feedback_path
from assistant.schemas import FeedbackRequest
from assistant.settings import Settings

CITATION = {
    "n": 1, "doc_id": "d1", "source": "d1.txt", "title": "Tiêu đề", "published": None,
    "passage": "Một câu. Hai câu.", "quote": "Hai câu.", "start": 9, "end": 17, "score": 0.5,
}


def item(rating: str = "down", **extra) -> dict:
    return {
        "question": "Tháp Mười có bao nhiêu xã thực hiện?",
        "answer": "11/13 xã [1].",
        "rating": rating,
        "comment": "thiếu thông tin",
        "citations": [CITATION],
        **extra,
    }


def test_store_round_trip_and_filters(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path)
    first = store.add(FeedbackRequest(**item("up")))
    second = store.add(FeedbackRequest(**item("down", history=[{"role": "user", "content": "Tháp Mười"}])))
    assert (first.id, second.id) == (1, 2)
    assert store.count() == 2 and store.count("down") == 1
    again = FeedbackStore(feedback_path(tmp_path)).records("down")
    assert [r.id for r in again] == [2]
    assert again[0].citations[0].quote == "Hai câu." and again[0].history[0].content == "Tháp Mười"
    assert again[0].created_at.endswith("+00:00")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", api_key="s3cret")


AUTH = {"Authorization": "Bearer s3cret"}


def test_feedback_survives_an_app_restart(settings):
    with TestClient(create_app(settings, assistant=object())) as client:
        created = client.post("/api/v1/feedback", json=item("down"))
        assert created.status_code == 201
        assert created.json()["id"] == 1 and created.json()["rating"] == "down"
        assert client.post("/api/v1/feedback", json=item("up")).status_code == 201
    assert feedback_path(settings.data_dir).is_file()
    with sqlite3.connect(feedback_path(settings.data_dir)) as raw:
        assert raw.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 2

    with TestClient(create_app(settings, assistant=object())) as client:
        listed = client.get("/api/v1/feedback", headers=AUTH).json()
        assert listed["total"] == 2 and [r["rating"] for r in listed["feedback"]] == ["down", "up"]
        assert listed["feedback"][0]["citations"] == [{**CITATION, "section": None, "url": None}]
        downs = client.get("/api/v1/feedback", params={"rating": "down"}, headers=AUTH).json()
        assert downs["total"] == 1 and downs["feedback"][0]["comment"] == "thiếu thông tin"


def test_listing_feedback_needs_the_key_when_set(settings):
    client = TestClient(create_app(settings, assistant=object()))
    missing = client.get("/api/v1/feedback")
    assert missing.status_code == 401 and "Bearer" in missing.json()["detail"]
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.get("/api/v1/feedback", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and "wrong" in wrong.json()["detail"]
    assert client.get("/api/v1/feedback", headers=AUTH).status_code == 200


def test_listing_feedback_is_open_without_a_key(tmp_path):
    client = TestClient(create_app(Settings(data_dir=tmp_path), assistant=object()))
    assert client.get("/api/v1/feedback").json() == {"feedback": [], "total": 0}


@pytest.mark.parametrize(
    "body",
    [
        item("meh"),
        item("up", question=" "),
        item("up", comment="x" * 5000),
        item("up", citations=[{"n": 1}]),
        {"rating": "up"},
    ],
)
def test_bad_feedback_is_422(settings, body):
    response = TestClient(create_app(settings, assistant=object())).post("/api/v1/feedback", json=body)
    assert response.status_code == 422 and isinstance(response.json()["detail"], str)


def test_bad_listing_parameters_are_422(settings):
    client = TestClient(create_app(settings, assistant=object()))
    assert client.get("/api/v1/feedback", params={"rating": "sideways"}, headers=AUTH).status_code == 422
    assert client.get("/api/v1/feedback", params={"limit": 0}, headers=AUTH).status_code == 422
