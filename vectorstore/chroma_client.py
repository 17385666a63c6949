"""Chroma clients and collections: embedded (PersistentClient) or a server (HttpClient).

Collections are created with no embedding function: every vector is computed by our embedder and
passed explicitly (Chroma's default function would try to download a model).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.errors import ConfigurationError, StoreError

PAGE = 5000  # rows per `get` page


def make_client(data_dir: Path, chroma_url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if not chroma_url:
        path = Path(data_dir) / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        try:
            return chromadb.PersistentClient(path=str(path), settings=settings)
        except Exception as exc:
            raise StoreError(f"cannot open the Chroma store under {path}: {exc}") from exc
    url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
    if not url.hostname:
        raise ConfigurationError(f"TINHGON_CHROMA_URL={chroma_url!r} is not a URL like http://127.0.0.1:8000")
    try:
        client = chromadb.HttpClient(
            host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000), ssl=url.scheme == "https", settings=settings
        )
        client.heartbeat()
    except Exception as exc:
        raise StoreError(f"cannot reach the Chroma server at {chroma_url} (TINHGON_CHROMA_URL): {exc}") from exc
    return client


def find_collection(client: Any, name: str) -> Any | None:
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    if name not in names:
        return None
    return client.get_collection(name=name, embedding_function=None)


def create_collection(client: Any, name: str, metadata: dict[str, Any]) -> Any:
    return client.get_or_create_collection(
        name=name,
        metadata=metadata,
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 200}},
    )


def get_all(collection: Any, include: list[str], where: dict[str, Any] | None = None) -> dict[str, list[Any]]:
    """Every row of a collection (or those matching `where`), paged (ids plus the `include`d fields)."""
    out: dict[str, list[Any]] = {"ids": [], **{field: [] for field in include}}
    offset = 0
    while True:
        page = collection.get(include=include, limit=PAGE, offset=offset, where=where)
        ids = page["ids"]
        out["ids"].extend(ids)
        for field in include:
            out[field].extend(page[field] or [])
        if len(ids) < PAGE:
            return out
        offset += PAGE
