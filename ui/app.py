"""Tinh Gọn (Streamlit): "Hỏi đáp", "Thư viện tài liệu", "Tìm kiếm" (+ any page in ui/navigation.py).

Run with `tinhgon ui`; the API URL comes from TINHGON_API_URL. The app talks to the API over HTTP
only. Every page is a module with `render(client)`; the sidebar (status, filters) is shared.
"""

from __future__ import annotations

import os

import streamlit as st

from ui import render, sidebar
from ui.client import ApiClient, api_url_from_env
from ui.navigation import streamlit_pages

st.set_page_config(page_title="Tinh Gọn", page_icon="📚", layout="centered")


@st.cache_resource
def get_client(api_url: str) -> ApiClient:
    # the key `tinhgon serve --with-ui` hands over (TINHGON_API_KEY), for the routes that need one
    return ApiClient(api_url, api_key=os.environ.get("TINHGON_API_KEY") or None)


def main() -> None:
    client = get_client(api_url_from_env())
    st.markdown(render.CSS, unsafe_allow_html=True)
    page = st.navigation(streamlit_pages(client))
    sidebar.render(client)
    page.run()


main()
