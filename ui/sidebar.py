"""The sidebar every page shows: status in plain words and the filters used by chat and search."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ui import state
from ui.client import ApiClient, ApiError
from ui.filters import all_references, document_label
from ui.messages import friendly

EARLIEST, LATEST = date(1945, 1, 1), date(2100, 12, 31)


def status(client: ApiClient) -> None:
    try:
        health = state.health(client, client.base_url)
    except ApiError as exc:
        st.error(friendly(exc))
        return
    st.caption(f":material/description: {health['documents']} tài liệu · {health['passages']} đoạn văn")
    if health.get("waiting_for_vectors"):
        st.caption(
            f":material/hourglass_top: Đang lập chỉ mục ngữ nghĩa cho {health['waiting_for_vectors']} đoạn văn; "
            "trong lúc chờ, tìm kiếm theo từ khóa vẫn hoạt động."
        )
    if health.get("llm"):
        st.caption(":material/smart_toy: Có kết nối mô hình ngôn ngữ: câu trả lời được viết lại từ các câu trích.")
    else:
        st.caption(":material/format_quote: Chưa kết nối mô hình ngôn ngữ: câu trả lời là các câu trích nguyên văn.")


def clear_filters() -> None:
    st.session_state[state.SOURCES] = []
    st.session_state[state.REFERENCES] = []
    st.session_state[state.DATE_FROM] = None
    st.session_state[state.DATE_TO] = None


def filters(client: ApiClient) -> None:
    documents = state.documents_or_empty(client)
    labels = {d["source"]: document_label(d) for d in documents}
    st.subheader("Bộ lọc")
    st.caption("Áp dụng cho Hỏi đáp và Tìm kiếm.")
    st.multiselect(
        "Tài liệu", options=list(labels), format_func=lambda s: labels.get(s, s), key=state.SOURCES,
        placeholder="Tất cả tài liệu",
    )
    st.date_input("Từ ngày", value=None, min_value=EARLIEST, max_value=LATEST, format="DD/MM/YYYY", key=state.DATE_FROM)
    st.date_input("Đến ngày", value=None, min_value=EARLIEST, max_value=LATEST, format="DD/MM/YYYY", key=state.DATE_TO)
    st.multiselect(
        "Văn bản được dẫn chiếu", options=all_references(documents), key=state.REFERENCES, placeholder="Tất cả văn bản"
    )
    st.button("Bỏ lọc", on_click=clear_filters, width="stretch")


def render(client: ApiClient) -> None:
    with st.sidebar:
        status(client)
        filters(client)
