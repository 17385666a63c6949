"""The Streamlit chat page, driven by AppTest against a real API on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from assistant.background_server import free_port
from ui import render

pytestmark = pytest.mark.slow

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
QUESTION = "Huyện Tháp Mười thực hiện mô hình Bí thư đồng thời là Chủ tịch UBND xã ở bao nhiêu xã?"
FOLLOW_UP = "Mô hình đó bắt đầu từ khi nào?"
OFF_TOPIC = "Đội tuyển bóng đá nào vô địch World Cup năm 1998?"


def page(url: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("TINHGON_API_URL", url)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def all_markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def test_the_page_asks_shows_citations_sends_history_and_feedback(live_api, monkeypatch):
    at = page(live_api.url, monkeypatch)
    assert at.title[0].value == "Tinh Gọn"
    assert any("5 tài liệu" in caption.value for caption in at.sidebar.caption)

    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception, at.exception
    messages = at.session_state["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    response = messages[1]["response"]
    assert response["found"] is True and response["citations"]
    text = all_markdown(at)
    assert 'class="tg-answer"' in text and '<span class="tg-marker">[1]</span>' in text
    first = response["citations"][0]
    assert render.citation_card(first) in text and "<mark>" in render.citation_card(first)  # quote highlighted

    at.chat_input[0].set_value(FOLLOW_UP).run()
    assert not at.exception, at.exception
    sent = live_api.assistant.requests[-1]
    assert sent.question == FOLLOW_UP
    assert [(t.role, t.content) for t in sent.history] == [("user", QUESTION), ("assistant", response["answer"])]

    at.feedback[0].set_value(1).run()
    assert not at.exception, at.exception
    stored = httpx.get(f"{live_api.url}/api/v1/feedback", trust_env=False).json()["feedback"]
    assert stored[-1]["rating"] == "up" and stored[-1]["question"] == QUESTION
    assert stored[-1]["citations"] == response["citations"]
    assert any("Cảm ơn" in caption.value for caption in at.caption)


def test_not_found_answers_get_their_own_style(live_api, monkeypatch):
    at = page(live_api.url, monkeypatch)
    at.chat_input[0].set_value(OFF_TOPIC).run()
    assert not at.exception, at.exception
    assert at.session_state["messages"][-1]["response"]["found"] is False
    assert "Không tìm thấy trong tài liệu" in all_markdown(at)


def test_an_unreachable_api_is_shown_not_raised(monkeypatch):
    at = page(f"http://127.0.0.1:{free_port()}", monkeypatch)
    assert any("Không kết nối được" in error.value for error in at.sidebar.error)
    at.chat_input[0].set_value("xin chào").run()
    assert not at.exception, at.exception
    assert any("Không trả lời được" in error.value for error in at.error)


def test_new_conversation_clears_the_history(live_api, monkeypatch):
    at = page(live_api.url, monkeypatch)
    at.session_state["messages"] = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "", "error": "x"}]
    at.run()
    at.sidebar.button[0].click().run()
    assert at.session_state["messages"] == []
