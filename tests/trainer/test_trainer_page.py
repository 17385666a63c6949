"""The "Soạn bài giảng" page, driven by Streamlit's AppTest against a real API on 127.0.0.1."""

from __future__ import annotations

import httpx
import pytest
from streamlit.testing.v1 import AppTest
from trainer_topics import OFF_TOPIC, QUIZ_TOPIC, TOPIC


@pytest.fixture(scope="module")
def api_url(corpus_settings, trainer_store):
    from assistant.api import create_app
    from assistant.background_server import serve_in_thread

    with serve_in_thread(create_app(corpus_settings, store=trainer_store)) as url:
        yield url


def _page() -> None:
    import os

    from ui.client import ApiClient
    from ui.trainer_page import render

    render(ApiClient(os.environ["TRAINER_TEST_API_URL"]))


def _open(url: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("TRAINER_TEST_API_URL", url)
    at = AppTest.from_function(_page, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_preview_drop_and_export(api_url, monkeypatch) -> None:
    at = _open(api_url, monkeypatch)
    assert at.header[0].value == "Soạn bài giảng"
    assert len(at.selectbox(key="trainer_suggested").options) >= 1
    at.text_input(key="trainer_topic").set_value(TOPIC).run()
    at.button(key="trainer_preview").click().run()
    assert not at.exception, at.exception
    boxes = at.checkbox
    points = [box for box in boxes if box.key and box.key.startswith("keep-p-")]
    assert len(points) >= 8 and at.subheader
    dropped = points[0]
    dropped.uncheck().run()
    at.button(key="trainer_export").click().run()
    assert not at.exception, at.exception
    content, fmt, kind = at.session_state["trainer_file"]
    assert fmt == "docx" and kind == "brief" and content[:2] == b"PK"  # a DOCX is a zip
    at.radio(key="trainer_format").set_value("md").run()
    at.button(key="trainer_export").click().run()
    markdown = at.session_state["trainer_file"][0].decode("utf-8")
    assert "# Tài liệu tóm tắt" in markdown and dropped.label[:40] not in markdown.replace("\\", "")


def test_quiz_preview_and_uncovered_topic(api_url, monkeypatch) -> None:
    at = _open(api_url, monkeypatch)
    at.radio(key="trainer_kind").set_value("quiz").run()
    at.text_input(key="trainer_topic").set_value(QUIZ_TOPIC).run()
    at.button(key="trainer_preview").click().run()
    shown = [b for b in at.checkbox if b.key and b.key.startswith("keep-q-")]
    expected = httpx.post(f"{api_url}/api/v1/quiz", json={"topic": QUIZ_TOPIC, "n": 10}, timeout=60).json()["items"]
    assert len(shown) == len(expected) > 0  # every item the API gives is previewed
    at.text_input(key="trainer_topic").set_value(OFF_TOPIC).run()
    at.button(key="trainer_preview").click().run()
    assert at.info and "không" in at.info[0].value.lower()
