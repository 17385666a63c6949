"""The "Hỏi đáp" page: ask, read the short answer first, open citations by their [n] markers, read
the whole source around the quote, give feedback with a comment, export the conversation."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from ui import render as fmt
from ui import export, state
from ui.client import ApiClient, ApiError
from ui.examples import example_questions
from ui.messages import friendly

PENDING = "pending_question"
# Scrolls the page's highlighted quote into view once the dialog has drawn it (st.markdown runs no
# script; a component's frame is same-origin with the page).
_SCROLL_TO_QUOTE = """<script>
let tries = 0;
function go() {
  const mark = window.parent.document.getElementById(%s);
  if (mark) { mark.scrollIntoView({block: "center"}); } else if (tries++ < 50) { setTimeout(go, 100); }
}
go();
</script>"""


@st.dialog("Toàn văn tài liệu", width="large")
def document_dialog(client: ApiClient, citation: dict[str, Any]) -> None:
    """The whole cleaned document with the cited sentence highlighted and scrolled to."""
    try:
        document = client.document(citation["doc_id"])
    except ApiError as exc:
        st.error(friendly(exc))
        return
    st.markdown(f'<div class="tg-doc-title">{fmt.inert(document["title"] or document["source"])}</div>', unsafe_allow_html=True)
    details = fmt.citation_details({**document, "section": citation.get("section")})
    st.markdown(f'<div class="tg-meta">{fmt.inert(details)}</div>', unsafe_allow_html=True)
    st.markdown(f'<a href="#{fmt.QUOTE_ID}">↓ Đến câu được trích [{int(citation["n"])}]</a>', unsafe_allow_html=True)
    st.markdown(fmt.document_html(document["text"], citation["start"], citation["end"]), unsafe_allow_html=True)
    components.html(_SCROLL_TO_QUOTE % json.dumps(fmt.QUOTE_ID), height=0)


def show_citations(client: ApiClient, index: int, citations: list[dict[str, Any]]) -> None:
    if not citations:
        return
    st.caption("Nguồn trích dẫn — bấm số [n] trong câu trả lời hoặc tiêu đề để xem đoạn trích.")
    for citation in citations:
        st.markdown(fmt.citation_block(citation, index), unsafe_allow_html=True)
        if st.button("Xem toàn văn", key=f"doc-{index}-{citation['n']}", type="tertiary", icon=":material/article:",
                     help="Mở cả tài liệu, cuộn tới câu được trích"):
            document_dialog(client, citation)


def post_feedback(client: ApiClient, index: int, comment: str | None = None) -> None:
    """Post the rating (and comment) of message `index` with its question and citations."""
    messages = st.session_state.messages
    value = st.session_state.get(f"feedback-{index}")
    if value is None or index < 1:
        return
    message, question = messages[index], messages[index - 1]["content"]
    response = message["response"]
    rating = "up" if value == 1 else "down"
    try:
        client.feedback(
            question=question,
            answer=response["answer"],
            rating=rating,
            citations=response.get("citations", []),
            comment=comment,
            history=fmt.history_payload(messages[: index - 1]),
        )
        message["feedback"], message["feedback_error"] = rating, None
        if comment:
            message["comment_sent"] = True
    except ApiError as exc:
        message["feedback_error"] = friendly(exc)


def send_comment(client: ApiClient, index: int) -> None:
    comment = (st.session_state.get(f"comment-{index}") or "").strip()
    if comment:
        post_feedback(client, index, comment=comment[:2000])


def feedback(client: ApiClient, index: int, message: dict[str, Any]) -> None:
    st.feedback("thumbs", key=f"feedback-{index}", on_change=post_feedback, args=(client, index))
    if message.get("feedback_error"):
        st.warning(f"Chưa gửi được góp ý: {message['feedback_error']}")
    elif message.get("comment_sent"):
        st.caption("Cảm ơn bạn, nhận xét đã được gửi!")
    elif message.get("feedback"):
        st.caption("Cảm ơn bạn đã góp ý! Bạn có thể viết thêm nhận xét:")
        st.text_area("Nhận xét", key=f"comment-{index}", max_chars=2000, height=80,
                     placeholder="Câu trả lời đúng/sai ở đâu, thiếu gì…", label_visibility="collapsed")
        st.button("Gửi nhận xét", key=f"send-comment-{index}", on_click=send_comment, args=(client, index))


def show_assistant(client: ApiClient, index: int, message: dict[str, Any]) -> None:
    if message.get("error"):
        st.error(message["error"])
        return
    response = message["response"]
    if message.get("filters"):
        st.markdown(f'<div class="tg-filters">Đã lọc: {fmt.inert(message["filters"])}</div>', unsafe_allow_html=True)
    if response["found"]:
        if response.get("short_answer"):
            st.markdown(fmt.short_answer_html(response["short_answer"]), unsafe_allow_html=True)
        st.markdown(fmt.answer_html(response["answer"], index), unsafe_allow_html=True)
    else:
        st.markdown(fmt.not_found_html(response["answer"]), unsafe_allow_html=True)
    if response.get("notice"):
        st.caption(response["notice"])
    show_citations(client, index, response.get("citations", []))
    with st.popover("Sao chép câu trả lời", icon=":material/content_copy:"):
        st.code(response["answer"], language=None, wrap_lines=True)
    feedback(client, index, message)


def ask(client: ApiClient, question: str) -> None:
    """Stream the answer into the page, then store it in the conversation."""
    messages = st.session_state.messages
    choice = state.filter_choice(state.documents_or_empty(client))
    history = fmt.history_payload(messages)
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        if choice.problem():
            messages.append({"role": "assistant", "content": "", "error": choice.problem()})
            st.rerun()
        box, text, final = st.empty(), "", None
        try:
            with st.spinner("Đang tìm trong tài liệu…"):
                for event in client.chat_stream(question, history, filters=choice.payload()):
                    if event.event == "delta":
                        text += event.data.get("text", "")
                        box.markdown(fmt.answer_html(text), unsafe_allow_html=True)
                    elif event.event == "final":
                        final = event.data
                    elif event.event == "error":
                        raise ApiError(event.data.get("detail", "lỗi không rõ"), event.data.get("status"))
            if final is None:
                raise ApiError("Máy chủ không trả về câu trả lời đầy đủ.")
            messages.append({"role": "assistant", "content": final["answer"], "response": final,
                             "filters": choice.summary()})
        except ApiError as exc:
            messages.append({"role": "assistant", "content": "", "error": f"Không trả lời được: {friendly(exc)}"})
    st.rerun()


def examples(client: ApiClient) -> None:
    questions = example_questions(state.documents_or_empty(client))
    if not questions:
        return
    st.caption("Gợi ý câu hỏi từ các tài liệu đã có:")
    for number, question in enumerate(questions):
        if st.button(fmt.escape_label(question), key=f"example-{number}", width="stretch", icon=":material/lightbulb:"):
            st.session_state[PENDING] = question
            st.rerun()


def export_buttons(messages: list[dict[str, Any]], filters_summary: str) -> None:
    if not export.turns(messages):
        return
    with st.container(horizontal=True):
        st.download_button(
            "Tải về Markdown", data=export.to_markdown(messages, filters_summary).encode("utf-8"),
            file_name="tinh-gon-hoi-dap.md", mime="text/markdown", key="export-md", icon=":material/download:",
        )
        st.download_button(
            "Tải về Word (DOCX)", data=export.to_docx(messages, filters_summary), file_name="tinh-gon-hoi-dap.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", key="export-docx",
            icon=":material/download:",
        )


def new_conversation() -> None:
    st.session_state.messages = []


def render(client: ApiClient) -> None:
    st.session_state.setdefault("messages", [])
    messages = st.session_state.messages
    with st.sidebar:
        st.button("Cuộc trò chuyện mới", on_click=new_conversation, width="stretch", key="new-conversation")
    st.title("Tinh Gọn")
    st.caption("Hỏi đáp về sắp xếp, tinh gọn bộ máy — mỗi ý trả lời kèm câu trích nguyên văn.")
    summary = state.filter_choice(state.documents_or_empty(client)).summary()
    if summary:
        st.markdown(f'<div class="tg-filters">Đang lọc: {fmt.inert(summary)}</div>', unsafe_allow_html=True)
    if not messages:
        examples(client)
    for index, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.text(message["content"])
            else:
                show_assistant(client, index, message)
    export_buttons(messages, summary)
    question = st.chat_input("Nhập câu hỏi (gõ không dấu cũng được)…", max_chars=1000)
    pending = st.session_state.pop(PENDING, None)
    question = question or pending
    if question and question.strip():
        ask(client, question.strip())
