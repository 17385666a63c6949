"""The HTTP API: `create_app(settings)` builds a FastAPI app whose heavy services load lazily.

Routes live in `assistant/routes/`; the services they share (store, retriever, assistant,
feedback store) in `assistant.deps.Services`, one per app, so tests can point an app at a store
in `tmp_path` or inject a fake assistant.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from assistant.deps import Services
from assistant.routes import chat, documents, feedback, health, search
from assistant.routes.errors import install_error_handlers
from assistant.settings import Settings

API_PREFIX = "/api/v1"


def create_app(settings: Settings, assistant: Any | None = None, *, store: Any | None = None) -> FastAPI:
    """An app serving `settings.data_dir`'s index.

    `assistant` replaces the chain and `store` an already open PassageStore (tests, benchmarks);
    both are otherwise built on first use from `settings`.
    """
    services = Services(settings, assistant=assistant, store=store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(
        title="Tinh Gọn API",
        summary="Hỏi đáp có trích dẫn về sắp xếp, tinh gọn bộ máy.",
        description="Answers Vietnamese questions about the consolidation of the political apparatus, citing the "
        "exact sentence of the exact document. Writing routes need `Authorization: Bearer <TINHGON_API_KEY>` "
        "when that key is set.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.services = services
    install_error_handlers(app)
    for router in (chat.router, search.router, documents.router, feedback.router):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(health.router)
    app.include_router(health.router, prefix=API_PREFIX, include_in_schema=False)
    return app
