"""A real API (real chain, real index) served by uvicorn on a free 127.0.0.1 port, in a thread."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from live_api_helpers import RecordingAssistant, free_port


@dataclass
class LiveApi:
    url: str
    assistant: RecordingAssistant
    data_dir: Path
    server: Any = field(repr=False)


@pytest.fixture(scope="session")
def live_api(corpus_settings, tmp_path_factory) -> Iterator[LiveApi]:
    import uvicorn

    from assistant.api import create_app
    from assistant.factory import build_assistant, make_retriever, open_store

    data_dir = tmp_path_factory.mktemp("ui-api") / "data"
    shutil.copytree(corpus_settings.data_dir, data_dir)  # feedback written by the UI stays out of the shared index
    settings = corpus_settings.model_copy(update={"data_dir": data_dir})
    store = open_store(settings)
    inner = build_assistant(settings, store=store, retriever=make_retriever(settings, store))
    assistant = RecordingAssistant(inner)
    app = create_app(settings, assistant=assistant, store=store)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API server did not start")
        time.sleep(0.05)
    yield LiveApi(url=f"http://127.0.0.1:{port}", assistant=assistant, data_dir=data_dir, server=server)
    server.should_exit = True
    thread.join(10)
