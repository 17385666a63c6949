"""The app's pages: one line each. A page is a module with `render(client: ApiClient) -> None`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ui.client import ApiClient


@dataclass(frozen=True)
class PageSpec:
    module: str
    title: str
    icon: str
    url_path: str
    default: bool = False


PAGES = [
    PageSpec("ui.views.chat", "Hỏi đáp", ":material/forum:", "hoi-dap", default=True),
    PageSpec("ui.views.library", "Thư viện tài liệu", ":material/library_books:", "thu-vien"),
    PageSpec("ui.views.search", "Tìm kiếm", ":material/search:", "tim-kiem"),
    PageSpec("ui.trainer_page", "Soạn bài giảng", ":material/school:", "soan-bai-giang"),
]


def page_runner(spec: PageSpec, client: ApiClient) -> Callable[[], None]:
    """A function Streamlit runs for the page (the module is imported when the page is opened)."""

    def run() -> None:
        importlib.import_module(spec.module).render(client)

    run.__name__ = run.__qualname__ = spec.url_path.replace("-", "_")
    return run


def streamlit_pages(client: ApiClient) -> list:
    import streamlit as st

    return [
        st.Page(page_runner(spec, client), title=spec.title, icon=spec.icon, url_path=spec.url_path, default=spec.default)
        for spec in PAGES
    ]
