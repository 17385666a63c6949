"""A real API (real chain, real index) served by uvicorn on a free 127.0.0.1 port, in a thread."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from live_api_helpers import RecordingAssistant


@dataclass
class LiveApi:
    url: str
    assistant: RecordingAssistant
    data_dir: Path


@pytest.fixture(scope="session")
def live_api(corpus_settings, tmp_path_factory) -> Iterator[LiveApi]:
    from assistant.api import create_app
    from assistant.background_server import serve_in_thread
    from assistant.factory import build_assistant, make_retriever, open_store

    data_dir = tmp_path_factory.mktemp("ui-api") / "data"
    shutil.copytree(corpus_settings.data_dir, data_dir)  # feedback written by the UI stays out of the shared index
    settings = corpus_settings.model_copy(update={"data_dir": data_dir})
    store = open_store(settings)
    inner = build_assistant(settings, store=store, retriever=make_retriever(settings, store))
    assistant = RecordingAssistant(inner)
    app = create_app(settings, assistant=assistant, store=store)
    with serve_in_thread(app) as url:
        yield LiveApi(url=url, assistant=assistant, data_dir=data_dir)


API_KEY = "khoa-thu-nghiem-trinh-duyet"


@dataclass
class BrowserStack:
    api_url: str
    ui_url: str
    api_key: str
    browser: object


@pytest.fixture(scope="session")
def browser_stack(corpus_settings, tmp_path_factory) -> Iterator[BrowserStack]:
    """The real API (its own copy of the corpus index, writing routes behind a key), the Streamlit
    app started as `tinhgon ui` starts it, and Debian's chromium driven by Playwright."""
    from browser_helpers import chromium_or_fail, start_streamlit
    from assistant.background_processes import wait_until_answers
    from playwright.sync_api import sync_playwright

    from assistant.api import create_app
    from assistant.background_server import free_port, serve_in_thread
    from ui.launch import stop

    chromium = chromium_or_fail()
    root = tmp_path_factory.mktemp("browser")
    data_dir = root / "data"
    shutil.copytree(corpus_settings.data_dir, data_dir)
    settings = corpus_settings.model_copy(update={"data_dir": data_dir, "api_key": API_KEY})
    with serve_in_thread(create_app(settings)) as api_url:
        port = free_port()
        process = start_streamlit(port, api_url, root / "streamlit.log")
        try:
            ui_url = f"http://127.0.0.1:{port}"
            wait_until_answers(process, f"{ui_url}/_stcore/health", 60.0, "streamlit", f"see {root / 'streamlit.log'}")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
                try:
                    yield BrowserStack(api_url=api_url, ui_url=ui_url, api_key=API_KEY, browser=browser)
                finally:
                    browser.close()
        finally:
            stop(process)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test names the folder holding its step screenshots."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
    folder = getattr(item, "screenshot_folder", None)
    if report.failed and folder is not None:
        report.sections.append(("screenshots", f"step screenshots of this test: {folder}"))
