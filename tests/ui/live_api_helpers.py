"""Helpers to serve the real API on a free 127.0.0.1 port during tests."""

from __future__ import annotations

from typing import Any


class RecordingAssistant:
    """The real assistant, noting each request it gets (to check what the UI sends)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.requests: list[Any] = []

    def answer(self, request):
        self.requests.append(request)
        return self.inner.answer(request)

    def stream(self, request):
        self.requests.append(request)
        return self.inner.stream(request)
