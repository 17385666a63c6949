"""The "Tìm kiếm" page: passages that match a query, with the sidebar's filters, words highlighted."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import render as fmt
from ui import state
from ui.client import ApiClient, ApiError
from ui.messages import friendly

RESULTS = "search_results"


def hit_html(hit: dict[str, Any], query: str) -> str:
    details = " · ".join(p for p in (fmt.format_date(hit.get("published")), hit.get("source") or "") if p)
    return (
        f'<div class="tg-doc-title">{fmt.inert(hit.get("title") or hit.get("source") or "")}</div>'
        f'<div class="tg-meta">{fmt.inert(details)}</div>'
        f'<div class="tg-hit">{fmt.highlight_terms(hit.get("text") or "", query)}</div>'
    )


def render(client: ApiClient) -> None:
    st.title("Tìm kiếm")
    st.caption("Tìm các đoạn văn trong tài liệu (không soạn câu trả lời).")
    choice = state.filter_choice(state.documents_or_empty(client))
    if choice.summary():
        st.markdown(f'<div class="tg-filters">Đang lọc: {fmt.inert(choice.summary())}</div>', unsafe_allow_html=True)
    with st.form("search-form"):
        query = st.text_input("Từ khóa hoặc câu hỏi", max_chars=1000, key="search-query")
        k = st.slider("Số đoạn", min_value=1, max_value=20, value=8, key="search-k")
        submitted = st.form_submit_button("Tìm", type="primary")
    if submitted:
        if not query.strip():
            st.warning("Hãy nhập từ khóa cần tìm.")
        elif choice.problem():
            st.error(choice.problem())
        else:
            try:
                st.session_state[RESULTS] = (query.strip(), client.search(query.strip(), k=k, filters=choice.payload()))
            except ApiError as exc:
                st.error(friendly(exc))
    if RESULTS in st.session_state:
        shown_query, hits = st.session_state[RESULTS]
        st.caption(f"{len(hits)} đoạn văn cho «{fmt.escape_label(shown_query)}»")
        for hit in hits:
            with st.container(border=True):
                st.markdown(hit_html(hit, shown_query), unsafe_allow_html=True)
