"""GET /healthz: is the index there, how big is it, which embedder built it."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.deps import ServicesDep
from assistant.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse, summary="Index size and embedder")
def healthz(services: ServicesDep) -> HealthResponse:
    stats = services.store.stats()
    return HealthResponse(
        status="ok",
        documents=int(stats.get("documents", 0)),
        passages=int(stats.get("passages", 0)),
        embedder=str(stats.get("embedder", services.settings.embedder)),
        llm=bool(services.settings.llm_base_url),
        waiting_for_vectors=int(stats.get("waiting_for_vectors", 0)),
    )
