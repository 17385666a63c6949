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
from fastapi.responses import HTMLResponse

from assistant.deps import KnownQueryDep, Services
from assistant.routes import chat, documents, feedback, health, search, trainer
from assistant.routes.errors import install_error_handlers
from assistant.settings import Settings

API_PREFIX = "/api/v1"
DOCS_ASSETS = "/static/swagger-ui"


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
        docs_url=None,  # served below from local files: the default page loads Swagger UI from a CDN
        redoc_url=None,
    )
    app.state.services = services
    install_error_handlers(app)
    for router in (chat.router, search.router, documents.router, feedback.router, trainer.router):
        app.include_router(router, prefix=API_PREFIX, dependencies=[KnownQueryDep])
    app.include_router(health.router)
    app.include_router(health.router, prefix=API_PREFIX, include_in_schema=False)
    install_offline_docs(app)
    app.openapi = lambda: documented_errors(app)  # type: ignore[method-assign]
    return app


def app_from_environment() -> FastAPI:
    """The app each worker of `tinhgon serve --workers N` builds: settings from the environment,
    models loaded before the first request. Workers do not embed waiting passages (they would all
    do the same work): run `tinhgon embed` once."""
    app = create_app(Settings())
    app.state.services.warm_up(embed_waiting=False)  # one process embeds: `tinhgon embed`, not every worker
    return app


def documented_errors(app: FastAPI) -> dict:
    """The OpenAPI schema, with every error response documented as the JSON the API really sends
    (`ErrorResponse`; a validation failure of an upload may also be an `UploadResponse`)."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, summary=app.summary, description=app.description, routes=app.routes)
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if "requestBody" in operation:  # a body that is not UTF-8 JSON (or multipart) at all
                operation["responses"].setdefault("400", {"description": "The body cannot be read."})
            for code, response in operation.get("responses", {}).items():
                if not code.startswith(("4", "5")):
                    continue
                current = response.get("content", {}).get("application/json", {}).get("schema", {})
                if current.get("$ref", "").endswith("/UploadResponse"):
                    body = {"anyOf": [current, error]} if code == "422" else current
                else:
                    body = error
                response["content"] = {"application/json": {"schema": body}}
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    app.openapi_schema = schema
    return schema


def install_offline_docs(app: FastAPI) -> None:
    """`/docs`: Swagger UI from the files the `swagger-ui-bundle-v2` package ships, so the page
    works on a machine without internet access."""
    from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
            oauth2_redirect_url="/docs/oauth2-redirect",
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def docs_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
