"""Tinh Gọn chat page (Streamlit). Run with `tinhgon ui`; the API URL comes from TINHGON_API_URL.

The page keeps the conversation in `st.session_state.messages` and sends it as `history`, streams
each answer from POST /api/v1/chat/stream, shows every citation as a button that opens the passage
with the quoted sentence highlighted, and posts thumbs up/down to /api/v1/feedback.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from ui import render
from ui.client import ApiClient, ApiError, api_url_from_env

st.set_page_config(page_title="Tinh Gọn — Hỏi đáp", page_icon="📚", layout="centered")


@st.cache_resource
def get_client(api_url: str) -> ApiClient:
    # the key `tinhgon serve --with-ui` hands over (TINHGON_API_KEY), for the routes that need one
    return ApiClient(api_url, api_key=os.environ.get("TINHGON_API_KEY") or None)


def show_citations(citations: list[dict[str, Any]]) -> None:
    """One popover button per citation; opening it shows the passage with the quote highlighted."""
    if not citations:
        return
    with st.container(horizontal=True):
        for citation in citations:
            with st.popover(render.marker_label(citation)):
                st.markdown(render.citation_card(citation), unsafe_allow_html=True)


def send_feedback(client: ApiClient, index: int) -> None:
    """Widget callback: post the thumbs of message `index` with its question and citations."""
    messages = st.session_state.messages
    value = st.session_state.get(f"feedback-{index}")
    if value is None or index < 1:
        return
    message, question = messages[index], messages[index - 1]["content"]
    response = message["response"]
    try:
        client.feedback(
            question=question,
            answer=response["answer"],
            rating="up" if value == 1 else "down",
            citations=response.get("citations", []),
            history=render.history_payload(messages[: index - 1]),
        )
        message["feedback"], message["feedback_error"] = ("up" if value == 1 else "down"), None
    except ApiError as exc:
        message["feedback_error"] = str(exc)


def show_assistant(client: ApiClient, index: int, message: dict[str, Any]) -> None:
    if message.get("error"):
        st.error(message["error"])
        return
    response = message["response"]
    if response["found"]:
        st.markdown(render.answer_html(response["answer"]), unsafe_allow_html=True)
    else:
        st.markdown(render.not_found_html(response["answer"]), unsafe_allow_html=True)
    if response.get("notice"):
        st.caption(response["notice"])
    show_citations(response.get("citations", []))
    st.feedback("thumbs", key=f"feedback-{index}", on_change=send_feedback, args=(client, index))
    if message.get("feedback_error"):
        st.warning(f"Chưa gửi được góp ý: {message['feedback_error']}")
    elif message.get("feedback"):
        st.caption("Cảm ơn bạn đã góp ý!")


def ask(client: ApiClient, question: str) -> None:
    """Stream the answer into the page, then store it in the conversation."""
    messages = st.session_state.messages
    history = render.history_payload(messages)
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        box, text, final = st.empty(), "", None
        try:
            with st.spinner("Đang tìm trong tài liệu…"):
                for event in client.chat_stream(question, history):
                    if event.event == "delta":
                        text += event.data.get("text", "")
                        box.markdown(render.answer_html(text), unsafe_allow_html=True)
                    elif event.event == "final":
                        final = event.data
                    elif event.event == "error":
                        raise ApiError(event.data.get("detail", "lỗi không rõ"), event.data.get("status"))
            if final is None:
                raise ApiError("Máy chủ không trả về câu trả lời đầy đủ.")
            messages.append({"role": "assistant", "content": final["answer"], "response": final})
        except ApiError as exc:
            messages.append({"role": "assistant", "content": "", "error": f"Không trả lời được: {exc}"})
    st.rerun()


def sidebar(client: ApiClient) -> None:
    with st.sidebar:
        st.subheader("Tinh Gọn")
        try:
            health = client.health()
            st.caption(f"{health['documents']} tài liệu · {health['passages']} đoạn · {health['embedder']}")
        except ApiError as exc:
            st.error(str(exc))
        if st.button("Cuộc trò chuyện mới", width="stretch"):
            st.session_state.messages = []
            st.rerun()


def main() -> None:
    client = get_client(api_url_from_env())
    st.session_state.setdefault("messages", [])
    st.markdown(render.CSS, unsafe_allow_html=True)
    sidebar(client)
    st.title("Tinh Gọn")
    st.caption("Hỏi đáp về sắp xếp, tinh gọn bộ máy — mỗi ý trả lời kèm câu trích nguyên văn.")
    for index, message in enumerate(st.session_state.messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(message["content"])
            else:
                show_assistant(client, index, message)
    question = st.chat_input("Nhập câu hỏi (gõ không dấu cũng được)…", max_chars=1000)
    if question and question.strip():
        ask(client, question.strip())


main()
