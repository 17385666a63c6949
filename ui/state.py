"""What the pages share through the session: cached API reads, the filters, the API key."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import streamlit as st

from ui.client import ApiClient, ApiError
from ui.filters import FilterChoice

# Widget keys of the sidebar filters (read by every page that sends filters).
SOURCES, DATE_FROM, DATE_TO, REFERENCES = "filter-sources", "filter-from", "filter-to", "filter-references"
API_KEY = "api_key"  # not a widget key, so the key survives a page change


@st.cache_data(ttl=20, show_spinner=False)
def documents(_client: ApiClient, api_url: str) -> list[dict[str, Any]]:
    """GET /documents, cached briefly (cleared after an upload or a delete)."""
    return _client.documents()


@st.cache_data(ttl=20, show_spinner=False)
def health(_client: ApiClient, api_url: str) -> dict[str, Any]:
    return _client.health()


def refresh() -> None:
    """Forget cached reads after the index changed."""
    documents.clear()
    health.clear()


def documents_or_empty(client: ApiClient) -> list[dict[str, Any]]:
    try:
        return documents(client, client.base_url)
    except ApiError:
        return []


def filter_choice(documents_list: list[dict[str, Any]]) -> FilterChoice:
    """The filters currently picked in the sidebar."""
    titles = {d["source"]: d.get("title") or d["source"] for d in documents_list}
    date_from, date_to = st.session_state.get(DATE_FROM), st.session_state.get(DATE_TO)
    return FilterChoice(
        sources=tuple(st.session_state.get(SOURCES) or ()),
        published_from=date_from if isinstance(date_from, date) else None,
        published_to=date_to if isinstance(date_to, date) else None,
        references=tuple(st.session_state.get(REFERENCES) or ()),
        titles=titles,
    )


def api_key() -> str:
    """The key typed this session, or the one the server handed over (TINHGON_API_KEY)."""
    if API_KEY not in st.session_state:
        st.session_state[API_KEY] = os.environ.get("TINHGON_API_KEY", "")
    return st.session_state[API_KEY]
