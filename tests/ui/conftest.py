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
