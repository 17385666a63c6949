"""A trainer over a real index of the sample corpus (built once per session by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def trainer_store(corpus_settings) -> Iterator[object]:
    from assistant.factory import open_store

    store = open_store(corpus_settings)
    yield store
    store.close()


@pytest.fixture(scope="session")
def trainer(trainer_store, corpus_settings):
    from assistant.factory import make_retriever
    from assistant.trainer.service import Trainer

    return Trainer(trainer_store, make_retriever(corpus_settings, trainer_store))
